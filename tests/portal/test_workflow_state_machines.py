"""Hypothesis state machines for the grievance and licence workflows (issue 9, proofs): any sequence of steps,
in any order, taken through the real services, either moves the object exactly as the workflow's table says
or is refused with nothing changed (status, history, audit log); the history always replays through the
table. Small example counts: these run in seconds."""
import random

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from grievances import services as grievances
from grievances.models import CaseAction, GrievanceEvent
from grievances.services.workflow import CASE_WORKFLOW, STEP_EVENTS
from portal.database import today
from portal.errors import DomainError
from portal.extensions import db
from portal.models import AuditEntry, Role
from registry import services as registry
from registry.models import LicenceAction, LicenceClass
from tests import factories

SMALL = settings(max_examples=12, stateful_step_count=14, deadline=None, database=None,
                 suppress_health_check=list(HealthCheck))
KIND_TO_ACTION = {kind: action for action, kind in STEP_EVENTS.items()}


def _audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))


def _attempt(step) -> bool:
    """Take a step and commit; or, refused, roll back. True when it was taken."""
    try:
        step()
        db.session.commit()
        return True
    except DomainError:
        db.session.rollback()
        return False


CASE_STEPS = {
    CaseAction.ACKNOWLEDGE: lambda g, who: grievances.acknowledge(g, who),
    CaseAction.INVESTIGATE: lambda g, who: grievances.start_investigation(g, who),
    CaseAction.REFER: lambda g, who: grievances.refer(g, who, "ngo", "A shelter", note="Referred."),
    CaseAction.RESOLVE: lambda g, who: grievances.resolve(g, who, "remedied", "Wages paid."),
    CaseAction.CLOSE: lambda g, who: grievances.close(g, who),
    CaseAction.REOPEN: lambda g, who: grievances.reopen(g, who, "The worker wrote again."),
    CaseAction.WITHDRAW: lambda g, who: grievances.withdraw(g, who, "The worker withdrew."),
}


class CaseMachine(RuleBasedStateMachine):
    """One case, a supervisor who may take every step, and an officer who may take none."""

    @initialize()
    def file(self):
        self.grievance, _code = factories.file_grievance()
        self.supervisor = factories.make_user(Role.CASE_OFFICER, is_supervisor=True)
        self.stranger = factories.make_user(Role.CASE_OFFICER)
        self.status = self.grievance.status

    @rule(action=st.sampled_from(list(CASE_STEPS)), as_supervisor=st.booleans())
    def step(self, action, as_supervisor):
        actor = self.supervisor if as_supervisor else self.stranger
        transition = CASE_WORKFLOW.transitions[action]
        before_audit, before_status = _audit_count(), self.grievance.status
        taken = _attempt(lambda: CASE_STEPS[action](self.grievance, actor))
        db.session.refresh(self.grievance)
        expected = as_supervisor and before_status in transition.sources_set
        assert taken == expected, (action, before_status, as_supervisor)
        if taken:
            assert self.grievance.status == transition.target
        else:
            assert self.grievance.status == before_status and _audit_count() == before_audit

    @invariant()
    def timeline_replays(self):
        if not hasattr(self, "grievance"):
            return
        events = db.session.scalars(sa.select(GrievanceEvent.kind).where(GrievanceEvent.grievance_id ==
                                                                         self.grievance.id)
                                    .order_by(GrievanceEvent.id)).all()
        status = "received"
        for kind in events:
            action = KIND_TO_ACTION.get(kind)
            if action is None:
                continue
            transition = CASE_WORKFLOW.transitions[action]
            assert status in {s.value for s in transition.sources_set}, (status, action)
            status = transition.target.value
        assert status == self.grievance.status.value


LICENCE_STEPS = [LicenceAction.START_REVIEW, LicenceAction.ISSUE, LicenceAction.REJECT, LicenceAction.RENEW,
                 LicenceAction.SUSPEND, LicenceAction.REINSTATE, LicenceAction.REVOKE]


class LicenceMachine(RuleBasedStateMachine):
    """One application (vetted, guaranteed) and every licence decision an officer can take, in any order."""

    @initialize()
    def apply(self):
        self.officer = factories.make_user(Role.LICENSING_OFFICER)
        self.agency = factories.make_agency(self.officer, f"Agency {random.randrange(10**9)} Ltd", status="application")
        factories._qualify(self.agency, self.officer, random.randrange(10**6))
        db.session.commit()
        self.ever_issued = False

    @rule(action=st.sampled_from(LICENCE_STEPS))
    def decide(self, action):
        licence = self.agency.licence
        before_status, before_audit = registry.effective_status(licence, today()), _audit_count()
        transition = registry.LIFECYCLE.transitions[action]
        blocked = action in (LicenceAction.ISSUE, LicenceAction.RENEW) and registry.licence_blockers(
            self.agency, today())  # the rules of issue (vetting, a guarantee covering the term) hold too
        klass = LicenceClass.GENERAL if action == LicenceAction.ISSUE else None
        taken = _attempt(lambda: registry.decide(licence, action, self.officer, "state machine", "ORDER-9",
                                                 licence_class=klass, suspension=factories.SUSPENSION,
                                                 link_override=factories.LINK_OVERRIDE))
        db.session.refresh(licence)
        assert taken == (before_status in transition.sources_set and not blocked), (action, before_status)
        if taken:
            assert licence.status == transition.target
            self.ever_issued |= action == LicenceAction.ISSUE
        else:
            assert licence.status == before_status and _audit_count() == before_audit

    @invariant()
    def a_licence_in_force_has_a_number_and_a_term(self):
        if not hasattr(self, "agency"):
            return
        licence = self.agency.licence
        if self.ever_issued:
            assert licence.number and licence.valid_from and licence.valid_until
        else:
            assert licence.number is None


def test_no_sequence_of_case_steps_breaks_the_case_workflow(app):
    run_state_machine_as_test(CaseMachine, settings=SMALL)


def test_no_sequence_of_licence_decisions_breaks_the_licence_lifecycle(app):
    run_state_machine_as_test(LicenceMachine, settings=SMALL)
