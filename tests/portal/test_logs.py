"""Logs: one JSON line per request, a request id on every response, every unexpected error logged with its
traceback under the id the error page shows; no personal data and no client address in any line."""
import io
import json
import logging

import pytest

from portal.logs import json_handler
from tests import factories


@pytest.fixture
def log_lines():
    """lines(): what the portal logged during the test, one parsed JSON object a line."""
    stream = io.StringIO()
    handler = json_handler(stream)
    logger = logging.getLogger("portal")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


@pytest.fixture
def failing_app(other_app):
    """An app as production runs it (errors handled, not raised) with a page that fails."""
    app = other_app(TESTING=False)

    @app.get("/fails")
    def fails():
        raise RuntimeError("the disk is on fire")

    return app


def test_an_unexpected_error_shows_a_request_id_that_finds_its_traceback(failing_app, log_lines):
    response = failing_app.test_client().get("/fails")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert request_id in response.get_data(as_text=True)
    [error] = [line for line in log_lines() if line.get("event") == "error"]
    assert error["request_id"] == request_id and error["level"] == "ERROR"
    assert "RuntimeError: the disk is on fire" in error["exc_info"] and "Traceback" in error["exc_info"]


def test_one_line_per_request_without_paths_or_addresses(client, log_lines):
    client.get("/agencies?q=pearl", environ_base={"REMOTE_ADDR": "203.0.113.77"})
    [line] = [line for line in log_lines() if line.get("event") == "request"]
    assert (line["method"], line["status"], line["endpoint"]) == ("GET", 200, "registry.search")
    assert "203.0.113.77" not in json.dumps(line) and "pearl" not in json.dumps(line)


def test_filing_a_grievance_with_identity_logs_nothing_personal(client, log_lines):
    data = factories.grievance_form(filer_type="worker", contact_name="Zawadi Nyokabi Wanjiru",
                                    contact_method="phone", contact_phone="+254711987654",
                                    contact_email="zawadi.w@mail.test")
    response = client.post("/grievances/new", data=data, environ_base={"REMOTE_ADDR": "203.0.113.78"})
    assert response.status_code == 201 and len(factories.all_grievances()) == 1
    assert factories.all_grievances()[0].contact_name == "Zawadi Nyokabi Wanjiru"
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in log_lines())
    assert '"event": "request"' in text
    for personal in ("Zawadi", "Wanjiru", "711987654", "zawadi.w", "203.0.113.78"):
        assert personal not in text
