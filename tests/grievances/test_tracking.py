"""Following a case with reference + code: same answer for a wrong reference and a wrong code, rate limits."""
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from grievances import services as svc
from grievances.models import Grievance
from portal.extensions import db


def _body_without_token(response):
    return response.get_data(as_text=True)  # CSRF is off in tests, so the page carries no per-request token


def test_right_pair_opens_the_case_in_the_session_without_the_code_in_the_url(client, file_one):
    grievance, code = file_one()
    response = client.post("/grievances/track", data={"reference": grievance.reference.lower(), "code": code.lower()})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/grievances/track/case")
    assert code not in response.headers["Location"]
    page = client.get("/grievances/track/case")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert grievance.reference in html and "Received" in html and "Grievance received." in html
    assert "<script" not in html


def test_wrong_reference_and_wrong_code_get_the_same_answer(client, file_one):
    grievance, code = file_one()
    other, _ = file_one()
    wrong_code = client.post("/grievances/track", data={"reference": grievance.reference, "code": "2222-2222-2222-2222"})
    wrong_ref = client.post("/grievances/track", data={"reference": "GRV-2222-3333", "code": code})
    crossed = client.post("/grievances/track", data={"reference": other.reference, "code": code})
    assert wrong_code.status_code == wrong_ref.status_code == crossed.status_code == 422
    assert _body_without_token(wrong_code) == _body_without_token(wrong_ref) == _body_without_token(crossed)
    assert "We could not find a grievance with this reference number and code." in wrong_code.get_data(as_text=True)
    assert client.get("/grievances/track/case").status_code == 302


def test_wrong_reference_and_wrong_code_take_similar_time(app, file_one):
    grievance, code = file_one()

    def timed(reference, attempt):
        start = time.perf_counter()
        for _ in range(200):
            assert svc.find_for_tracking(reference, attempt) is None
        return time.perf_counter() - start

    wrong_ref = min(timed("GRV-2222-3333", code) for _ in range(3))
    wrong_code = min(timed(grievance.reference, "2222-2222-2222-2222") for _ in range(3))
    assert 0.5 < wrong_ref / wrong_code < 2.0


def test_guessing_is_rate_limited_by_address(client, app, file_one):
    grievance, code = file_one()
    for _ in range(10):
        assert client.post("/grievances/track", data={"reference": f"GRV-2222-{_ + 2}222",
                                                     "code": "x"}).status_code == 422
    blocked = client.post("/grievances/track", data={"reference": grievance.reference, "code": code})
    assert blocked.status_code == 429


def test_guessing_from_elsewhere_never_locks_the_worker_out(client, file_one):
    """Someone who knows the reference (the agency does) must not be able to shut the worker out of it:
    limits are per address, and 77 random bits of code cannot be guessed within them."""
    grievance, code = file_one()
    for n in range(12):
        response = client.post("/grievances/track", data={"reference": grievance.reference, "code": "x"},
                               environ_base={"REMOTE_ADDR": f"198.51.100.{n // 10 + 1}"})
        assert response.status_code in (422, 429)
    response = client.post("/grievances/track", data={"reference": grievance.reference, "code": code},
                           environ_base={"REMOTE_ADDR": "198.51.100.200"})
    assert response.status_code == 303


def test_the_code_is_only_stored_hashed(file_one):
    grievance, code = file_one()
    stored = db.session.get(Grievance, grievance.id)
    assert stored.tracking_code_hash == svc.hash_tracking_code(code)
    assert code.replace("-", "") not in stored.tracking_code_hash


@given(st.lists(st.sampled_from([" ", "-", ".", ""]), min_size=12, max_size=12), st.booleans())
@settings(max_examples=200, deadline=None)
def test_any_way_of_typing_a_reference_finds_the_same_one(separators, lower):
    """Spaces, dashes, dots and case, wherever a worker puts them, do not change the reference."""
    reference = svc.new_reference()
    chars = list(reference.replace("-", ""))
    typed = "".join(sep + c for sep, c in zip(separators, chars)) + separators[-1]
    typed = typed.lower() if lower else typed
    assert svc.normalise_reference(typed) == reference


def test_a_session_for_another_case_or_a_changed_code_opens_nothing(client, file_one):
    grievance, code = file_one()
    other, _ = file_one()
    client.post("/grievances/track", data={"reference": grievance.reference, "code": code})
    assert client.get("/grievances/track/case").status_code == 200
    with client.session_transaction() as sess:
        sess["grievance_case"] = {"id": other.id, "check": sess["grievance_case"]["check"]}
    assert client.get("/grievances/track/case").status_code == 302
    with client.session_transaction() as sess:
        sess["grievance_case"] = other.id  # the shape of an older cookie
    assert client.get("/grievances/track/case").status_code == 302
