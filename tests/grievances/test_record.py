"""The agency's public record (profile and API) and the link to a contract's liable parties."""
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contracts import services as contracts
from grievances import services as svc
from grievances.models import Grievance
from portal.extensions import db
from portal.models import Role
from registry import services as registry
from registry.models import PartyKind
from tests.factories import TERMS, collect_signatures, contract_fields


def _resolve(grievance, officer, outcome, days, amount=None):
    svc.acknowledge(grievance, officer, now=grievance.filed_at + timedelta(hours=1))
    svc.start_investigation(grievance, officer, now=grievance.filed_at + timedelta(hours=2))
    svc.resolve(grievance, officer, outcome, "Decided", amount, "SAR" if amount else "",
                now=grievance.filed_at + timedelta(days=days))
    db.session.commit()


def test_record_counts_with_sql_aggregates(file_one, supervisor, agency):
    mine = dict(agency_text=agency.licence.number, recruiter_name="")
    a, _ = file_one(**mine)
    b, _ = file_one(**mine)
    c, _ = file_one(**mine)
    d, _ = file_one(**mine)
    file_one()  # against an unlicensed recruiter: not counted
    _resolve(a, supervisor, "compensation_paid", 10, Decimal("500"))
    _resolve(b, supervisor, "not_substantiated", 20)
    svc.close(b, supervisor)
    svc.acknowledge(c, supervisor)
    svc.withdraw(d, supervisor, "The worker asked to withdraw")
    db.session.commit()
    assert svc.agency_record(agency.id) == {"total": 4, "open": 1, "resolved": 2, "substantiated": 1,
                                            "median_days_to_resolve": 15.0}


def test_empty_record(agency):
    assert svc.agency_record(agency.id) == {"total": 0, "open": 0, "resolved": 0, "substantiated": 0,
                                            "median_days_to_resolve": None}


def test_public_profile_and_api_change_after_compensation(client, file_one, supervisor, agency):
    grievance, _ = file_one(agency_text=agency.licence.number, recruiter_name="", filer_type="worker",
                            contact_name="Achieng Atieno", contact_method="none")
    profile = client.get(f"/agencies/{agency.public_id}").get_data(as_text=True)
    assert "Grievance record" in profile
    api = client.get(f"/api/v1/agencies/{agency.licence.number}").json
    assert api["grievances"] == {"total": 1, "open": 1, "resolved": 0, "substantiated": 0,
                                 "median_days_to_resolve": None}

    _resolve(grievance, supervisor, "compensation_paid", 12, Decimal("3600"))
    api = client.get(f"/api/v1/agencies/{agency.licence.number}").json
    assert api["grievances"] == {"total": 1, "open": 0, "resolved": 1, "substantiated": 1,
                                 "median_days_to_resolve": 12.0}
    profile = client.get(f"/agencies/{agency.public_id}").get_data(as_text=True)
    assert "Found to be true (substantiated)</dt><dd>1</dd>" in profile
    assert "12 days" in profile
    assert "Achieng" not in profile and grievance.reference not in profile
    assert f"/grievances/new?agency={agency.licence.number}" in profile


def test_substantiated_outcome_raises_the_review_flag_once_per_case(file_one, supervisor, agency):
    grievance, _ = file_one(agency_text=agency.licence.number, recruiter_name="")
    other, _ = file_one(agency_text=agency.licence.number, recruiter_name="")
    _resolve(other, supervisor, "not_substantiated", 3)
    assert agency.review_flag is False
    _resolve(grievance, supervisor, "repatriated", 5)
    assert agency.review_flag is True
    assert grievance.reference in agency.review_flag_reason and other.reference not in agency.review_flag_reason


def test_profile_section_uses_a_fixed_number_of_queries(app, client, file_one, agency):
    for _ in range(5):
        file_one(agency_text=agency.licence.number, recruiter_name="")
    agency_id = agency.id  # loaded before counting
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        with app.test_request_context():
            svc.agency_record(agency_id)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 2  # the counts, and the resolution times: no query per grievance


# ---------------------------------------------------------------- contracts


@pytest.fixture
def attested_contract(officer, make_user, agency):
    """An attested contract made through the contracts services."""
    template = contracts.create_template(officer, "SA", "domestic_work", "Domestic worker", **TERMS)
    contracts.publish_version(template.versions[0], officer)
    employer = registry.add_foreign_party(officer, kind=PartyKind.EMPLOYER, name="Al Noor Household Services",
                                          country="SA")
    partner = registry.add_foreign_party(officer, kind=PartyKind.PARTNER_AGENCY, name="Riyadh Bridge Manpower",
                                         country="SA")
    rep = make_user(Role.AGENCY_REPRESENTATIVE, email="rep@agency.test", agency=agency, name="Moses Rep")
    contract = contracts.draft_contract(rep, agency, template.published_version, partner, employer,
                                        fees=[], **contract_fields())
    db.session.commit()
    collect_signatures(contract, rep)
    contracts.attest(contract, officer, "ATT-1")
    db.session.commit()
    return contract


def test_contract_code_links_the_contract_and_shows_liable_parties(client, login, supervisor, attested_contract,
                                                                     agency):
    code = attested_contract.verification_code
    typed = code.lower()
    response = client.post("/grievances/new", data={
        "filer_type": "anonymous", "destination_country": "SA", "contract_code": typed,
        "categories": ["unpaid_wages"], "description": "Wages unpaid for four months now.", "contact_method": "none",
    })
    assert response.status_code == 201, response.get_data(as_text=True)
    grievance = db.session.scalar(sa.select(Grievance))
    assert grievance.contract_id == attested_contract.id
    assert grievance.agency_id == agency.id  # the contract names the origin agency
    login(supervisor)
    html = client.get(f"/grievances/cases/{grievance.reference}").get_data(as_text=True)
    assert "Linked contract and liable parties" in html
    for name in ("Pearl Horizon Recruitment Ltd", "Riyadh Bridge Manpower", "Al Noor Household Services"):
        assert name in html
    assert "Unpaid wages" in html and "Repatriation costs" in html
    assert "B7734521" not in html  # the worker's passport number stays in the contract


def test_unknown_contract_code_is_a_field_error(client):
    response = client.post("/grievances/new", data={
        "filer_type": "anonymous", "destination_country": "SA", "contract_code": "ZZZZ-ZZZZ-ZZ",
        "recruiter_name": "Mr Fixit", "categories": ["unpaid_wages"], "description": "Wages unpaid for months.",
    })
    assert response.status_code == 422
    assert "No attested contract has this code." in response.get_data(as_text=True)
