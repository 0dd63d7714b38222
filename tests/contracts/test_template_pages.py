"""The template pages: a licensing officer versions a template; an agency cannot."""
from decimal import Decimal

from contracts.models import TemplateVersionStatus
from portal.extensions import db
from tests.factories import text


def test_licensing_officer_versions_a_template(client, login, template, officer):
    login(officer)
    assert "version 1" in text(client.get("/contracts/templates")).lower()
    v1 = template.published_version
    assert client.get(f"/contracts/templates/versions/{v1.public_id}/edit").status_code == 302  # published: no edit
    response = client.post(f"/contracts/templates/{template.public_id}/versions")
    assert response.status_code == 302
    db.session.expire_all()
    v2 = template.draft_version
    form = client.get(f"/contracts/templates/versions/{v2.public_id}/edit")
    assert form.status_code == 200 and "Joint and several liability" in text(form)
    data = {"title": "SA domestic v2", "currency": "SAR", "min_monthly_wage": "1700", "max_hours_per_week": "48",
            "min_weekly_rest_days": "1", "min_annual_leave_days": "21", "max_duration_months": "24",
            "max_probation_months": "3", "min_death_disability_compensation": "60000",
            "dispute_attache": "Attaché", "dispute_authority": "Authority", "worker_keeps_passport": "y"}
    for i, clause in enumerate(v2.clauses):
        data.update({f"clauses-{i}-kind": clause.kind.value, f"clauses-{i}-language": "en",
                     f"clauses-{i}-heading": clause.heading, f"clauses-{i}-body": clause.body})
    liability = next(i for i, c in enumerate(v2.clauses) if c.kind == "joint_liability")
    removed = dict(data, **{f"clauses-{liability}-heading": "", f"clauses-{liability}-body": ""})
    response = client.post(f"/contracts/templates/versions/{v2.public_id}/edit", data=removed)
    assert response.status_code == 422 and "cannot be removed" in text(response)
    assert client.post(f"/contracts/templates/versions/{v2.public_id}/edit", data=data).status_code == 302
    assert client.post(f"/contracts/templates/versions/{v2.public_id}/publish").status_code == 302
    db.session.expire_all()
    assert v2.status == TemplateVersionStatus.PUBLISHED and v1.status == TemplateVersionStatus.RETIRED
    assert v1.min_monthly_wage == Decimal("1500") and v2.min_monthly_wage == Decimal("1700")


def test_agency_cannot_manage_templates(client, login, rep, template):
    login(rep)
    assert client.get("/contracts/templates").status_code == 403
    assert client.post(f"/contracts/templates/{template.public_id}/versions").status_code == 403
