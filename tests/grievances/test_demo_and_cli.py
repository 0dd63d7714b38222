"""The demo data loads whole (every status, urgent, overdue, a contract link) and the tester's case opens."""
import sqlalchemy as sa

from grievances import demo
from grievances import services as svc
from grievances.models import Grievance, GrievanceStatus
from portal import audit
from portal import demo as portal_demo
from portal.extensions import db


def test_demo_grievances_cover_every_status_and_can_be_followed(client):
    portal_demo.load()
    db.session.commit()
    grievances = db.session.scalars(sa.select(Grievance)).all()
    assert len(grievances) >= 12
    assert {g.status for g in grievances} == set(GrievanceStatus)
    assert any(g.urgent for g in grievances)
    assert any(svc.overdue_deadlines(g) for g in grievances)
    assert any(g.contract_id for g in grievances)
    assert audit.verify().ok
    assert any(demo.DEMO_REFERENCE in line and demo.DEMO_CODE in line for line in demo.notes())
    response = client.post("/grievances/track", data={"reference": demo.DEMO_REFERENCE, "code": demo.DEMO_CODE})
    assert response.status_code == 303
    html = client.get("/grievances/track/case").get_data(as_text=True)
    assert "Labour attaché, Embassy in Riyadh" in html and "Same employer named" not in html


def test_escalate_command_with_nothing_overdue(runner):
    result = runner.invoke(args=["grievances", "escalate"])
    assert result.exit_code == 0 and "0 missed deadline(s) escalated." in result.output
