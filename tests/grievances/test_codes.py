"""References and tracking codes: random, well formed, unique, read back however typed, stored hashed."""
from hypothesis import given, settings
from hypothesis import strategies as st

from grievances import services as svc
from grievances.models import Grievance
from grievances.services import codes
from portal.extensions import db
from tests.factories import CODE, REFERENCE, all_grievances, filing_input


def test_reference_collision_draws_another(app, monkeypatch):
    first = svc.file_grievance(filing_input())
    db.session.commit()
    drawn = iter([first.grievance.reference, first.grievance.reference, "GRV-2345-6789"])
    monkeypatch.setattr(codes, "new_reference", lambda: next(drawn))
    second = svc.file_grievance(filing_input())
    db.session.commit()
    assert second.grievance.reference == "GRV-2345-6789"
    assert len(all_grievances()) == 2


def test_references_and_codes_are_random_and_well_formed():
    refs = {svc.new_reference() for _ in range(500)}
    assert len(refs) == 500 and all(REFERENCE.fullmatch(r) for r in refs)
    code = svc.new_tracking_code()
    assert CODE.fullmatch(code) and len(code.replace("-", "")) >= 12


def test_reference_typed_loosely_is_understood():
    assert svc.normalise_reference(" grv 7k4m 9qtd ") == "GRV-7K4M-9QTD"
    assert svc.normalise_reference("7K4M9QTD") == "GRV-7K4M-9QTD"
    assert svc.normalise_reference("GRV-7K4M") == ""


@given(st.lists(st.sampled_from([" ", "-", ".", ""]), min_size=12, max_size=12), st.booleans())
@settings(max_examples=200, deadline=None)
def test_any_way_of_typing_a_reference_finds_the_same_one(separators, lower):
    """Spaces, dashes, dots and case, wherever a worker puts them, do not change the reference."""
    reference = svc.new_reference()
    chars = list(reference.replace("-", ""))
    typed = "".join(sep + c for sep, c in zip(separators, chars, strict=False)) + separators[-1]
    typed = typed.lower() if lower else typed
    assert svc.normalise_reference(typed) == reference


def test_the_code_is_only_stored_hashed(file_one):
    grievance, code = file_one()
    stored = db.session.get(Grievance, grievance.id)
    assert stored.tracking_code_hash == svc.hash_tracking_code(code)
    assert code.replace("-", "") not in stored.tracking_code_hash
