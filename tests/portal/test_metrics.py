"""/metrics (Prometheus text: request latency per endpoint, the portal's work, job runs) for loopback
clients and the metrics token only; /ready checks the database."""
import sqlalchemy as sa

from portal import scheduler
from tests import factories


def test_metrics_answer_this_machine_with_latency_and_work(client, make_agency, make_user):
    make_agency()
    make_user("case_officer", is_supervisor=True)
    factories.backdate(factories.file_grievance()[0], days=3)
    factories.file_grievance()
    scheduler.run_due()
    client.get("/agencies")
    body = client.get("/metrics").get_data(as_text=True)
    assert 'portal_request_seconds_count{endpoint="registry.search",method="GET"}' in body
    assert "portal_grievances_filed_total 2.0" in body
    assert 'portal_grievances{state="open"} 2.0' in body
    assert 'portal_grievances{state="overdue"} 1.0' in body
    assert "portal_escalations_total 1.0" in body
    assert 'portal_licence_decisions_total{action="issue"} 1.0' in body
    assert 'portal_job_runs_total{job="grievance_escalation",outcome="ok"} 1.0' in body


def test_metrics_are_a_404_to_others_unless_they_bear_the_token(app, client, monkeypatch):
    outside = {"REMOTE_ADDR": "203.0.113.5"}
    assert client.get("/metrics", environ_base=outside).status_code == 404
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "s3cret-scraper-token")
    assert client.get("/metrics", environ_base=outside, headers={"Authorization": "Bearer wrong"}).status_code == 404
    allowed = client.get("/metrics", environ_base=outside, headers={"Authorization": "Bearer s3cret-scraper-token"})
    assert allowed.status_code == 200 and "portal_grievances_filed_total" in allowed.get_data(as_text=True)


def test_ready_checks_the_database(client, monkeypatch):
    assert client.get("/ready").get_data(as_text=True) == "ready"

    def broken(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr("portal.metrics.db.session.execute", broken)
    response = client.get("/ready")
    assert response.status_code == 503 and client.get("/health").status_code == 200
