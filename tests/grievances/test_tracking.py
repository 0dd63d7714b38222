"""Following a case with reference + code: same answer for a wrong reference and a wrong code, rate limits,
the worker's messages and evidence."""
import io
import time

from grievances import services as svc
from grievances.models import EventKind
from portal.extensions import db
from tests.factories import PNG


def _body_without_token(response, typed_reference=""):
    """The page without what the worker typed as reference (echoed back so she need not retype it)."""
    html = response.get_data(as_text=True)  # CSRF is off in tests, so the page carries no per-request token
    return html.replace(f'value="{typed_reference}"', 'value=""') if typed_reference else html


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
    wrong_code = client.post("/grievances/track",
                             data={"reference": grievance.reference, "code": "2222-2222-2222-2222"})
    wrong_ref = client.post("/grievances/track", data={"reference": "GRV-2222-3333", "code": code})
    crossed = client.post("/grievances/track", data={"reference": other.reference, "code": code})
    assert wrong_code.status_code == wrong_ref.status_code == crossed.status_code == 422
    assert (_body_without_token(wrong_code, grievance.reference) == _body_without_token(wrong_ref, "GRV-2222-3333")
            == _body_without_token(crossed, other.reference))
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


def test_worker_reply_and_evidence_join_the_timeline(client, file_one, supervisor):
    grievance, code = file_one()
    client.post("/grievances/track", data={"reference": grievance.reference, "code": code})
    assert client.post("/grievances/track/case/reply", data={"message": "I am now in a shelter."}).status_code == 303
    response = client.post("/grievances/track/case/reply", data={"message": "  "})
    assert response.status_code == 422 and "Write your message." in response.get_data(as_text=True)
    response = client.post("/grievances/track/case/evidence", data={"evidence": [(io.BytesIO(PNG), "p.png")]},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    db.session.expire_all()
    kinds = [e.kind for e in svc.get_case(grievance.reference, supervisor).events]
    assert EventKind.MESSAGE_FROM_WORKER in kinds and kinds[-1] == EventKind.EVIDENCE_ADDED
    html = client.get("/grievances/track/case").get_data(as_text=True)
    assert "I am now in a shelter." in html and "1 file added as evidence." in html
    # Leaving forgets the case on this phone.
    client.post("/grievances/track/leave")
    assert client.get("/grievances/track/case").status_code == 302


def test_a_wrong_code_keeps_the_reference_and_never_echoes_the_code(client, file_one):
    grievance, code = file_one()
    page = client.post("/grievances/track", data={"reference": grievance.reference, "code": "2222-2222-2222-2222"})
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert f'value="{grievance.reference}"' in html
    assert "2222-2222-2222-2222" not in html and code not in html
