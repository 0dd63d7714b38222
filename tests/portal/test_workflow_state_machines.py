"""Hypothesis state machines for the grievance, licence and contract workflows (issue 9, proofs): any sequence of steps,
in any order, taken through the real services, either moves the object exactly as the workflow's table says
or is refused with nothing changed (status, history, audit log); the history always replays through the
table. Small example counts: these run in seconds."""
import random

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from contracts import services as contracts
from contracts.models import (
    CONTRACT_FIELDS,
    FROZEN_STATUSES,
    IN_FORCE,
    Contract,
    ContractAction,
    ContractEvent,
    ContractStatus,
    ContractTemplate,
    SignatoryRole,
)
from grievances import services as grievances
from grievances.models import CaseAction, GrievanceEvent
from grievances.services.workflow import CASE_WORKFLOW, STEP_EVENTS
from portal.database import today
from portal.errors import DomainError
from portal.extensions import db
from portal.models import AuditEntry, Role, User
from registry import services as registry
from registry.models import ForeignParty, LicenceAction, LicenceClass, PartyKind
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


CS = ContractStatus
OWNER, OFFICER, OTHER_AGENCY = "owner", "officer", "other agency"
SIGNERS = {SignatoryRole.ORIGIN_AGENCY: ("Moses Rep", "Director"),
           SignatoryRole.PARTNER_AGENCY: ("Faisal Omar", "Manager"),
           SignatoryRole.EMPLOYER: ("Huda Al Noor", "Owner"), SignatoryRole.WORKER: ("Nakato Sarah", "The worker")}


def _contract_world() -> dict:
    """The template, parties, licensing officer and two agencies' representatives every example shares."""
    template = db.session.scalar(sa.select(ContractTemplate))
    if template is None:
        officer = factories.make_user(Role.LICENSING_OFFICER, email="attesting@ministry.test")
        factories.make_template(officer)
        factories.make_parties(officer)
        for name, email in (("Owner Recruitment Ltd", "owner@agency.test"),
                            ("Other Staffing Ltd", "other@agency.test")):
            factories.make_user(Role.AGENCY_REPRESENTATIVE, email=email, agency=factories.make_agency(officer, name))
        db.session.commit()
    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    parties = {p.kind: p for p in db.session.scalars(sa.select(ForeignParty))}
    return {"template": db.session.scalar(sa.select(ContractTemplate)),
            "parties": (parties[PartyKind.PARTNER_AGENCY], parties[PartyKind.EMPLOYER]),
            OWNER: users["owner@agency.test"], OFFICER: users["attesting@ministry.test"],
            OTHER_AGENCY: users["other@agency.test"]}


def _terms(contract: Contract) -> tuple:
    """Everything an attestation freezes: the terms, the fees, the parties, the signatures."""
    return (tuple(getattr(contract, name) for name in CONTRACT_FIELDS),
            tuple((f.description, f.amount, f.currency) for f in contract.fees),
            contract.partner_agency_id, contract.employer_id,
            tuple(sorted((s.role.value, s.signer_name) for s in contract.signatures)))


class ContractMachine(RuleBasedStateMachine):
    """A draft contract and the replacements started from it; the recruiting agency's representative, a licensing
    officer and another agency's representative take every step in any order: drafting changes, signatures,
    submission, reopening, attestation, activation, completion, termination and supersession."""

    @initialize(start=st.sampled_from([CS.DRAFT, CS.SIGNED, CS.ATTESTED, CS.ACTIVE]), replacing=st.booleans())
    def draft(self, start, replacing):
        """A draft, or one taken through the services to signed, attested or active, with or without a signed
        replacement waiting for attestation, so that short runs reach every step after attestation too."""
        self.world = _contract_world()
        owner, officer = self.world[OWNER], self.world[OFFICER]
        contract = factories.make_contract(owner, self.world["template"], self.world["parties"])
        self.contracts, self.frozen = [contract], {}
        if start == CS.DRAFT:
            return
        factories.collect_signatures(contract, owner)
        if start in (CS.ATTESTED, CS.ACTIVE):
            contracts.attest(contract, officer, "ATT-0")
            self.frozen[contract.id] = _terms(contract)
        if start == CS.ACTIVE:
            contracts.activate(contract, owner)
        db.session.commit()
        if replacing and start in (CS.ATTESTED, CS.ACTIVE):
            replacement = contracts.supersede(contract, owner)
            db.session.commit()
            self.contracts.append(factories.collect_signatures(replacement, owner))

    def _pick(self, index: int) -> Contract:
        return self.contracts[index % len(self.contracts)]

    def _step(self, contract: Contract, allowed: bool, step, target: ContractStatus | None = None):
        """Take the step; it is taken exactly when the rules allow it, and a refusal changes nothing."""
        before = (contract.status, _audit_count(), len(contract.events), len(self.contracts))
        taken = _attempt(step)
        db.session.refresh(contract)
        assert taken == allowed, (step, before[0])
        if not taken:
            assert (contract.status, _audit_count(), len(contract.events), len(self.contracts)) == before
        elif target is not None:
            assert contract.status == target
        return taken

    @rule(index=st.integers(0, 3), who=st.sampled_from([OWNER, OFFICER, OTHER_AGENCY]),
          wage=st.sampled_from([1500, 1600, 2000]))
    def edit(self, index, who, wage):
        contract = self._pick(index)
        allowed = who == OWNER and contract.status == CS.DRAFT and wage >= 1500
        self._step(contract, allowed, lambda: contracts.update_contract(
            contract, self.world[who], **factories.contract_fields(monthly_wage=wage)))

    @rule(index=st.integers(0, 3), who=st.sampled_from([OWNER, OFFICER, OTHER_AGENCY]))
    def submit(self, index, who):
        contract = self._pick(index)
        self._step(contract, who == OWNER and contract.status == CS.DRAFT,
                   lambda: contracts.submit_for_signatures(contract, self.world[who]), CS.AWAITING_SIGNATURES)

    @rule(index=st.integers(0, 3), who=st.sampled_from([OWNER, OFFICER, OTHER_AGENCY]),
          role=st.sampled_from([None, *SignatoryRole]))
    def sign(self, index, who, role):
        """A party signs: the next one still to sign (None), or any party, again or out of turn."""
        contract = self._pick(index)
        role = role or (contract.missing_signatures or [SignatoryRole.WORKER])[0]
        allowed = (contract.status == CS.AWAITING_SIGNATURES and contract.signature_of(role) is None
                   and (who == OWNER or (who == OFFICER and role != SignatoryRole.ORIGIN_AGENCY)))
        last = allowed and contract.missing_signatures == [role]
        self._step(contract, allowed, lambda: contracts.sign(contract, self.world[who], role, *SIGNERS[role]),
                   CS.SIGNED if last else (CS.AWAITING_SIGNATURES if allowed else None))

    @rule(index=st.integers(0, 3), who=st.sampled_from([OWNER, OFFICER, OTHER_AGENCY]))
    def reopen(self, index, who):
        contract = self._pick(index)
        allowed = who == OWNER and contract.status in (CS.AWAITING_SIGNATURES, CS.SIGNED)
        if self._step(contract, allowed, lambda: contracts.reopen(contract, self.world[who], "A change."), CS.DRAFT):
            assert contract.signatures == []

    @rule(index=st.integers(0, 3), who=st.sampled_from([OWNER, OFFICER, OTHER_AGENCY]))
    def attest(self, index, who):
        contract = self._pick(index)
        old = contract.supersedes
        allowed = (who == OFFICER and contract.status == CS.SIGNED
                   and not contracts.attestation_problems(contract))
        if self._step(contract, allowed, lambda: contracts.attest(contract, self.world[who], "ATT"), CS.ATTESTED):
            self.frozen[contract.id] = _terms(contract)
            if old is not None:
                db.session.refresh(old)
                assert old.status == CS.SUPERSEDED

    @rule(index=st.integers(0, 3), who=st.sampled_from([OWNER, OFFICER, OTHER_AGENCY]),
          step=st.sampled_from([ContractAction.ACTIVATE, ContractAction.COMPLETE, ContractAction.TERMINATE]))
    def after_attestation(self, index, who, step):
        contract = self._pick(index)
        transition = contracts.FLOW.transitions[step]
        allowed = who in (OWNER, OFFICER) and contract.status in transition.sources_set
        services = {ContractAction.ACTIVATE: contracts.activate, ContractAction.COMPLETE: contracts.complete,
                    ContractAction.TERMINATE: contracts.terminate}
        self._step(contract, allowed, lambda: services[step](contract, self.world[who], "Noted."), transition.target)

    @rule(index=st.integers(0, 3), who=st.sampled_from([OWNER, OFFICER, OTHER_AGENCY]))
    def start_replacement(self, index, who):
        old = self._pick(index)
        pending = [c for c in old.superseded_by_list if c.status not in FROZEN_STATUSES]
        allowed = who == OWNER and old.status in IN_FORCE and not pending
        before = len(self.contracts)
        replacement = []
        self._step(old, allowed, lambda: replacement.append(contracts.supersede(old, self.world[who])))
        if allowed:
            self.contracts.append(replacement[0])
            assert replacement[0].status == CS.DRAFT and replacement[0].supersedes_id == old.id
            assert old.status in IN_FORCE  # the old stays in force until the new one is attested
        assert len(self.contracts) == before + allowed

    @invariant()
    def attested_contracts_stay_frozen(self):
        for contract in getattr(self, "contracts", []):
            if contract.status in FROZEN_STATUSES:
                assert _terms(contract) == self.frozen[contract.id]
                assert contract.verification_code and not contract.missing_signatures
            else:
                assert contract.verification_code is None and contract.id not in self.frozen

    @invariant()
    def every_history_replays_through_the_table(self):
        for contract in getattr(self, "contracts", []):
            status = None
            for event in db.session.scalars(sa.select(ContractEvent).where(ContractEvent.contract_id == contract.id)
                                            .order_by(ContractEvent.id)):
                if event.action == ContractAction.REFUSE_ATTESTATION:
                    assert event.from_status == event.to_status == status
                    continue
                transition = contracts.FLOW.transitions[ContractAction(event.action)]
                assert status in {getattr(s, "value", s) for s in transition.sources}, (status, event.action)
                assert event.from_status == (CS(status) if status else None) and event.to_status == transition.target
                status = transition.target.value
            assert status == contract.status.value
            if contract.status == CS.DRAFT:
                assert contract.signatures == []

    @invariant()
    def one_contract_in_force_per_worker(self):
        """A replacement in force means the one it replaces is superseded: never two in force at once."""
        for contract in getattr(self, "contracts", []):
            if contract.supersedes is not None and contract.status in FROZEN_STATUSES:
                assert contract.supersedes.status == CS.SUPERSEDED
        assert sum(c.status in IN_FORCE for c in getattr(self, "contracts", [])) <= 1


def test_no_sequence_of_case_steps_breaks_the_case_workflow(app):
    run_state_machine_as_test(CaseMachine, settings=SMALL)


def test_no_sequence_of_licence_decisions_breaks_the_licence_lifecycle(app):
    run_state_machine_as_test(LicenceMachine, settings=SMALL)


def test_no_sequence_of_contract_steps_breaks_the_contract_workflow(app):
    run_state_machine_as_test(ContractMachine, settings=settings(SMALL, max_examples=20, stateful_step_count=20))
