"""Template versions: a published version never changes; contracts keep their version."""
from decimal import Decimal

import pytest

from contracts import services as contracts
from contracts.models import TemplateVersionStatus
from portal.errors import DomainError, Refused
from portal.extensions import db
from tests.factories import TERMS


def test_published_versions_never_change_and_contracts_keep_their_version(template, attested, officer):
    contract = attested()
    v1 = template.published_version
    with pytest.raises(Refused, match="never changes"):
        contracts.update_version(v1, officer, min_monthly_wage=Decimal("1"))
    v1.min_monthly_wage = Decimal("1")  # bypassing the service
    with pytest.raises(Refused, match="never changes"):
        db.session.flush()
    db.session.rollback()
    v2 = contracts.new_version(template, officer)
    assert v2.number == 2 and v2.status == TemplateVersionStatus.DRAFT
    with pytest.raises(Refused, match="already a draft"):
        contracts.new_version(template, officer)
    contracts.update_version(v2, officer, min_monthly_wage=Decimal("1800"), change_note="New floor")
    contracts.publish_version(v2, officer)
    db.session.commit()
    assert v1.status == TemplateVersionStatus.RETIRED and v1.min_monthly_wage == Decimal("1500")
    assert template.published_version is v2
    assert contract.template_version is v1


def test_a_new_template_is_refused_with_every_reason_at_once(officer):
    terms = dict(TERMS, currency="S", max_hours_per_week=200, min_weekly_rest_days=8)
    with pytest.raises(DomainError) as info:
        contracts.create_template(officer, "Saudi", "mining", "Miner", **terms)
    assert info.value.fields() == {
        "sector": ["Choose a sector."], "destination_country": ["Choose a destination country."],
        "currency": ["Enter a three-letter currency code, e.g. SAR."],
        "max_hours_per_week": ["A week has 168 hours."], "min_weekly_rest_days": ["A week has 7 days."],
    }


def test_a_second_template_for_the_same_destination_and_sector_is_refused(template, officer):
    with pytest.raises(DomainError, match="exists already"):
        contracts.create_template(officer, "sa", "domestic_work", "Domestic worker", **TERMS)
