"""200 filings at once: 200 distinct references, nothing lost, the audit chain intact."""
import re
import time
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from grievances.models import Grievance
from portal import audit
from portal.extensions import db
from portal.models import AuditEntry
from tests.factories import grievance_form

API_BODY = {
    "filer_type": "anonymous", "recruiter_name": "Mr Fixit", "destination_country": "AE",
    "categories": ["recruitment_fees"], "description": "I paid 1,500 dollars to get this job. Filing number {n}.",
}


def test_200_concurrent_filings(app, monkeypatch):
    monkeypatch.setitem(app.config, "GRIEVANCE_FILE_RATE_LIMIT", "100000 per minute")
    db.session.close()  # the test thread holds no transaction while the others write

    def file(n: int) -> str:
        client = app.test_client()
        if n % 2:
            response = client.post("/api/v1/grievances", json=dict(API_BODY, description=API_BODY["description"]
                                                                    .format(n=n)))
            assert response.status_code == 201, response.get_data(as_text=True)
            return response.json["reference"]
        form = grievance_form(description=f"Passport taken. Filing number {n}.")
        response = client.post("/grievances/new", data=form)
        assert response.status_code == 201, response.get_data(as_text=True)
        return re.search(r"GRV-[0-9A-Z]{4}-[0-9A-Z]{4}", response.get_data(as_text=True)).group(0)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=32) as pool:
        references = list(pool.map(file, range(200)))
    elapsed = time.perf_counter() - start

    assert len(set(references)) == 200
    stored = db.session.execute(sa.select(Grievance.reference, Grievance.description)).all()
    assert {r for r, _ in stored} == set(references)
    numbers = sorted(int(re.search(r"Filing number (\d+)", d).group(1)) for _, d in stored)
    assert numbers == list(range(200))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "grievance.file")) == 200
    assert audit.verify().ok
    print(f"200 concurrent filings in {elapsed:.2f} s")
    assert elapsed < 60
