"""Contract fixtures: a published template, foreign parties, a representative and contract factories."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from contracts import services as contracts
from contracts.models import SignatoryRole
from portal.errors import Refused
from portal.extensions import db
from portal.models import Role
from registry import services as registry
from registry.models import PartyKind

TERMS = dict(
    title="Standard contract: domestic worker, Saudi Arabia", currency="SAR", min_monthly_wage=Decimal("1500"),
    max_hours_per_week=48, min_weekly_rest_days=1, min_annual_leave_days=21, max_duration_months=24,
    max_probation_months=3, min_death_disability_compensation=Decimal("60000"),
    dispute_attache="the Labour Attaché, Embassy in Riyadh", dispute_authority="the Ministry of Human Resources",
)

PASSPORT = "B7734521"


def contract_fields(**overrides) -> dict:
    fields = dict(
        worker_name="Nakato Sarah", worker_date_of_birth=date(1996, 4, 2), worker_passport_number=PASSPORT,
        worker_phone="+256772000111", worker_next_of_kin="Okello John (brother), +256701222333",
        worker_language="en", job_title="Domestic worker", place_of_work="Riyadh",
        start_date=date.today() + timedelta(days=30),
        monthly_wage=Decimal("1600"), hours_per_week=48, weekly_rest_days=1, annual_leave_days=21, duration_months=24,
        probation_months=3, death_disability_compensation=Decimal("60000"),
    )
    fields.update(overrides)
    return fields


@pytest.fixture
def template(officer):
    t = contracts.create_template(officer, "SA", "domestic_work", "Domestic worker", **TERMS)
    contracts.publish_version(t.versions[0], officer)
    db.session.commit()
    return t


@pytest.fixture
def parties(officer):
    employer = registry.add_foreign_party(officer, kind=PartyKind.EMPLOYER, name="Al Noor Household Services",
                                          country="SA")
    partner = registry.add_foreign_party(officer, kind=PartyKind.PARTNER_AGENCY, name="Riyadh Bridge Manpower",
                                         country="SA")
    db.session.commit()
    return partner, employer


@pytest.fixture
def agency(make_agency):
    return make_agency("Pearl Horizon Recruitment Ltd")


@pytest.fixture
def rep(make_user, agency):
    return make_user(Role.AGENCY_REPRESENTATIVE, email="rep@agency.test", agency=agency, name="Moses Rep")


@pytest.fixture
def draft(template, parties, rep, agency):
    """draft(fees=[...], **fields) -> a draft contract by the representative."""

    def make(fees=(), **overrides):
        partner, employer = parties
        contract = contracts.draft_contract(rep, agency, template.published_version, partner, employer,
                                            fees=list(fees), **contract_fields(**overrides))
        db.session.commit()
        return contract

    return make


def collect_signatures(contract, rep):
    contracts.submit_for_signatures(contract, rep)
    contracts.sign(contract, rep, SignatoryRole.ORIGIN_AGENCY, "Moses Rep", "Director")
    for role, name, capacity in ((SignatoryRole.PARTNER_AGENCY, "Faisal Omar", "Manager"),
                                 (SignatoryRole.EMPLOYER, "Huda Al Noor", "Owner"),
                                 (SignatoryRole.WORKER, "Nakato Sarah", "The worker")):
        contracts.sign(contract, rep, role, name, capacity)
    db.session.commit()
    return contract


@pytest.fixture
def signed(draft, rep):
    def make(**kw):
        return collect_signatures(draft(**kw), rep)

    return make


@pytest.fixture
def attested(signed, officer):
    def make(**kw):
        contract = signed(**kw)
        contracts.attest(contract, officer, "ATT-1")
        db.session.commit()
        return contract

    return make


def refusal(contract, officer) -> list[str]:
    """The reasons an attestation is refused (rolled back)."""
    with pytest.raises(Refused) as info:
        contracts.attest(contract, officer)
    db.session.rollback()
    return [str(p) for p in info.value.messages]


def text(response) -> str:
    return response.get_data(as_text=True)


def form_data(contract_version, parties, **overrides) -> dict:
    partner, employer = parties
    fields = contract_fields(**overrides)
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in fields.items()}
    data.update({"partner_agency_id": partner.id, "employer_id": employer.id, "currency": "SAR"})
    for key in ("outbound_travel", "return_travel", "visa_work_permit", "medical_exam", "insurance",
                "accommodation", "food"):
        data[f"employer_pays_{key}"] = "y"
    for key in ("end", "termination", "death", "crisis"):
        data[f"repatriation_{key}"] = "y"
    data["passport_kept_by_worker"] = "y"
    return data
