"""The kernel every domain builds on: refusals with every reason, labelled enums, the workflow mechanism,
codes, uploads removed with their transaction, and the one way a form POST runs."""
import os
from dataclasses import dataclass, field
from enum import StrEnum

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm
from wtforms import FieldList, StringField
from wtforms.validators import DataRequired

from portal import codes, uploads, web
from portal.errors import DomainError, InvalidInput, NotFound, Problems, Refused, handle_domain_error
from portal.extensions import db
from portal.labels import LabelledEnum
from portal.models import AuditEntry, Role
from portal.workflow import Transition, Workflow
from registry.models import Agency


class Colour(LabelledEnum):
    RED = "red", "Red", "Stop"
    GREEN = "green", "Green", "Go"


def test_labelled_enum_is_a_string_with_its_wording():
    assert Colour.RED == "red" and Colour("green") is Colour.GREEN and f"{Colour.RED}" == "red"
    assert (Colour.RED.label, Colour.RED.texts) == ("Red", ("Stop",))
    assert Colour.choices() == [("red", "Red"), ("green", "Green")]
    assert Colour.label_of("green") == "Green" and Colour.label_of("blue") == "blue"


def test_a_refusal_carries_every_reason():
    error = DomainError(problems=[("amount", "Too much"), (None, "Not today"), ("amount", "Not a number")])
    assert (error.field, error.message) == ("amount", "Too much")
    assert error.messages == ["Too much", "Not today", "Not a number"]
    assert error.fields() == {"amount": ["Too much", "Not a number"]}
    assert str(error) == "Too much Not today Not a number"
    assert (Refused("x").status, NotFound("x").status, DomainError("x").status) == (409, 404, 422)
    with pytest.raises(ValueError):
        DomainError()


def test_problems_keep_the_first_reason_per_field_and_raise_once():
    problems = Problems(Refused)
    problems.raise_if_any()  # nothing yet
    problems.add("name", "Give the name.")
    problems.add("name", "Too long.")
    problems.add(None, "Banned.")
    with pytest.raises(Refused) as refused:
        problems.raise_if_any()
    assert refused.value.problems == [("name", "Give the name."), (None, "Banned.")]


class Step(StrEnum):
    OPEN = "open"
    CLOSE = "close"


@dataclass
class Case:
    id: int = 7
    status: str = "new"
    history: list = field(default_factory=list)


def _history(obj, action, before, after, actor, reason, at, **fields):
    obj.history.append((action, before, after, reason, fields))
    return obj.history[-1]


class _Status(StrEnum):
    NEW = "new"
    OPEN = "open"
    CLOSED = "closed"


FLOW = Workflow("case", {
    Step.OPEN: Transition({_Status.NEW}, _Status.OPEN),
    Step.CLOSE: Transition({_Status.OPEN}, _Status.CLOSED, may=lambda actor, obj: actor.is_supervisor,
                           forbidden="Only a supervisor closes.", refusal=lambda obj: f"Case {obj.id} is not open."),
}, refusal=lambda action, status: f"No {action} while {status}.", history=_history)


def test_a_workflow_step_sets_the_status_writes_history_and_audit(app):
    case = Case()
    assert FLOW.allowed("new") == [Step.OPEN]
    FLOW.run(case, Step.OPEN, None, "ready", history={"note": 1}, audit_details={"ref": "C-7"})
    assert case.status == "open" and case.history == [(Step.OPEN, "new", "open", "ready", {"note": 1})]
    entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert (entry.action, entry.object_type, entry.object_id, entry.reason) == ("case.open", "Case", "7", "ready")
    assert '"ref": "C-7"' in entry.details and '"status": "open"' in entry.details


def test_a_workflow_refuses_the_wrong_person_then_the_wrong_status(make_user):
    case = Case(status="open")
    with pytest.raises(Refused, match="Only a supervisor closes."):
        FLOW.run(case, Step.CLOSE, make_user(Role.CASE_OFFICER))
    with pytest.raises(Refused, match="No open while open."):
        FLOW.check(case, Step.OPEN)
    with pytest.raises(Refused, match="Case 7 is not open."):
        FLOW.check(Case(status="new"), Step.CLOSE, make_user(Role.CASE_OFFICER, is_supervisor=True))
    FLOW.run(case, Step.CLOSE, make_user(Role.CASE_OFFICER, is_supervisor=True))
    assert case.status == "closed" and FLOW.allowed(case.status) == []


def test_codes_are_unambiguous_grouped_and_read_back():
    code = codes.random_code(10)
    assert len(code) == 10 and set(code) <= set(codes.ALPHABET) and not set(codes.ALPHABET) & set("01OILUV")
    assert codes.grouped("K7MX4P2QRT") == "K7MX-4P2Q-RT"
    assert codes.symbols(" k7mx-4p2q rt ") == "K7MX4P2QRT"


def test_save_unique_draws_again_when_the_value_is_taken(app):
    db.session.add(Agency(legal_name="First", registration_number="TAKEN"))
    db.session.commit()
    draws = iter(["TAKEN", "FREE"])
    second = Agency(legal_name="Second")
    assert codes.save_unique(second, "registration_number", lambda: next(draws)) == "FREE"
    db.session.commit()
    assert db.session.scalar(sa.select(Agency.legal_name).where(Agency.registration_number == "FREE")) == "Second"


def test_a_stored_file_goes_when_its_transaction_rolls_back_and_stays_on_commit(app):
    kept = uploads.store("test", b"kept")
    db.session.commit()
    dropped = uploads.store("test", b"dropped")
    with db.session.begin_nested():  # a savepoint rolled back inside does not remove it
        db.session.add(Agency(legal_name="x", registration_number="R1"))
    db.session.rollback()
    assert os.path.exists(uploads.path("test", kept))
    assert not os.path.exists(uploads.path("test", dropped))


def test_an_upload_is_typed_by_its_content_and_limited_in_size(app):
    assert uploads.Upload("photo.pdf", b"%PDF-1.4\n").mime == "application/pdf"
    assert uploads.Upload("photo.jpg", b"MZ\x90\x00 an executable").mime == "application/x-msdownload"
    assert uploads.Upload("photo.jpg", b"plain words").mime is None
    assert uploads.Upload("../../etc/passwd", b"").safe_name == "passwd"
    assert uploads.Upload("big", b"x" * (app.config["UPLOAD_MAX_BYTES"] + 1)).too_large


class NameForm(FlaskForm):
    name = StringField(validators=[DataRequired()])
    rows = FieldList(StringField(), min_entries=1)


def test_submit_commits_once_or_shows_every_reason_where_it_belongs(app):
    with app.test_request_context(method="POST", data={"name": "Amani"}):
        form = NameForm()

        def refuse():
            db.session.add(Agency(legal_name="half-written", registration_number="R9"))
            db.session.flush()
            raise Refused(problems=[("name", "Taken."), ("rows", "Add a row."), (None, "Closed today.")])

        outcome = web.submit(form, refuse)
        assert (outcome.done, outcome.status) == (False, 409)
        assert form.name.errors == ["Taken."]
        assert outcome.leftover == [("rows", "Add a row."), (None, "Closed today.")]
        assert outcome.messages == ["Add a row.", "Closed today."]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Agency)) == 0
        done = web.submit(NameForm(), lambda: db.session.add(Agency(legal_name="ok", registration_number="R8")))
        assert done.done
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Agency)) == 1


def test_submit_and_run_roll_back_whatever_fails(app):
    def crash():
        db.session.add(Agency(legal_name="half-written", registration_number="R7"))
        db.session.flush()
        raise RuntimeError("disk full")

    with app.test_request_context(method="POST", data={"name": "Amani"}):
        with pytest.raises(RuntimeError):
            web.submit(NameForm(), crash)
        with pytest.raises(RuntimeError):
            web.run(crash)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Agency)) == 0


def test_the_api_answers_refusals_as_json_with_every_field(app):
    with app.test_request_context("/api/v1/x"):
        response, status = handle_domain_error(InvalidInput(problems=[("a", "Bad a."), ("b", "Bad b.")]))
        assert status == 422 and response.json["error"] == {
            "code": "unprocessable_entity", "message": "Some of the information you sent is not valid.",
            "fields": {"a": ["Bad a."], "b": ["Bad b."]}}
        response, status = handle_domain_error(Refused("Closed."))
        assert status == 409 and response.json["error"] == {"code": "refused", "message": "Closed."}


def test_submit_answers_422_for_invalid_input_without_calling_the_service(app):
    with app.test_request_context(method="POST", data={"name": ""}):
        outcome = web.submit(NameForm(), lambda: pytest.fail("the service must not run"))
        assert (outcome.done, outcome.status) == (False, 422)
