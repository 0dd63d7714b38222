"""The officials' other lists on a filled database (bench/fill.py), in process, without HTTP: the licensing
desk's applications queue, the contracts desk list and the administrator's audit page, each view called as a
request would call it (the page rendered), on SQLite or PostgreSQL.

Setup, once per database (after bench/fill.py; adds what fill.py does not make at volume):
    .venv/bin/python bench/desk_lists.py setup DATABASE_URL --contracts 100000 --audit 200000
  bench accounts (an administrator, a licensing officer); a published template and two foreign parties made
  through the services (tests/factories.py), then --contracts contracts of licensed agencies in bulk (statuses
  and dates spread); --audit entries appended to the audit chain, each keyed and linked as portal.audit.record()
  writes them (so that it verifies intact).
Measure:
    .venv/bin/python bench/desk_lists.py measure DATABASE_URL [--rounds 20]
  p50 and p95 in ms of each page after one warming call; "page 100" follows the link after the 4,950th row
  (keyset `after=`; the same URL carries `page=100` for code that pages by OFFSET), so the same command measures
  the code before and after (PYTHONPATH=<other checkout> .venv/bin/python bench/desk_lists.py measure ...).
  Then one run of the audit chain's full verification (what the page did on every view before; now the
  scheduled job).
Both keep the audit key in --instance (default instance/bench next to this checkout), which must stay the same,
and each database's audit checkpoints in a file of its own there.
"""
import argparse
import os
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import sqlalchemy as sa

if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_login import login_user  # noqa: E402

from portal import audit  # noqa: E402
from portal.app import create_app  # noqa: E402
from portal.database import new_public_id  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import AuditEntry, Role, User  # noqa: E402

ADMIN, OFFICER = "bench-admin@ministry.example", "bench-licensing@ministry.example"
STATUSES = [("draft", 10), ("awaiting_signatures", 5), ("signed", 5), ("attested", 20), ("active", 35),
            ("completed", 20), ("terminated", 3), ("superseded", 2)]
BATCH = 5000


def make_app(url: str, instance: str):
    """The app on that database: the audit key in the instance folder, a checkpoint file of the database's own."""
    Path(instance).mkdir(parents=True, exist_ok=True)
    checkpoints = Path(instance) / f"checkpoints-{re.sub(r'[^A-Za-z0-9]+', '-', url.rsplit('/', 1)[-1])}.log"
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "INSTANCE_PATH": instance,
                       "AUDIT_CHECKPOINT_FILE": str(checkpoints)})


# ---------------------------------------------------------------- setup


def _accounts() -> None:
    from portal.auth import create_user

    for email, role in ((ADMIN, Role.ADMINISTRATOR), (OFFICER, Role.LICENSING_OFFICER)):
        if db.session.scalar(sa.select(User).where(User.email == email)) is None:
            create_user(email, "bench-password-1", role, name=email.split("@")[0])
    db.session.commit()


def _contracts(wanted: int, rng: random.Random) -> None:
    """Contracts of licensed agencies from one published template (made through the services, as the tests'
    factories make it), in bulk: statuses and dates spread, destinations mostly Saudi Arabia."""
    from contracts.models import Contract, TemplateVersion
    from tests import factories

    officer = db.session.scalar(sa.select(User).where(User.email == OFFICER))
    version = db.session.scalar(sa.select(TemplateVersion).limit(1))
    if version is None:
        version = factories.make_template(officer).versions[0]
        factories.make_parties(officer)
    partner, employer = db.session.execute(sa.text(
        "SELECT min(id), max(id) FROM foreign_parties WHERE name IN ('Riyadh Bridge Manpower', "
        "'Al Noor Household Services')")).one()
    agencies = db.session.scalars(sa.text("SELECT agency_id FROM licences WHERE status = 'licensed'")).all()
    have = db.session.scalar(sa.select(sa.func.count()).select_from(Contract))
    now = datetime.now(UTC).replace(microsecond=0)
    statuses, weights = zip(*STATUSES, strict=True)
    fields = factories.contract_fields()
    while have < wanted:
        rows = []
        for _ in range(min(BATCH, wanted - have)):
            when = now - timedelta(days=rng.uniform(0, 1500))
            rows.append(dict(fields, public_id=new_public_id(), status=rng.choices(statuses, weights)[0],
                             template_version_id=version.id, destination_country=rng.choice(["SA"] * 6 + ["AE", "QA"]),
                             sector="domestic_work", origin_agency_id=rng.choice(agencies),
                             partner_agency_id=partner, employer_id=employer, currency="SAR",
                             created_at=when, updated_at=when))
        db.session.execute(sa.insert(Contract), rows)
        db.session.commit()
        have += len(rows)
        print(f"contracts: {have:,}", flush=True)


def _audit_entries(wanted: int) -> None:
    """Entries appended as audit.record() appends them (keyed digest, linked to the one before), in bulk."""
    have = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    prev = db.session.scalar(sa.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or audit.GENESIS
    key, at = audit._key(), datetime.now(UTC).replace(microsecond=0) - timedelta(days=365)
    while have < wanted:
        rows = []
        for n in range(min(BATCH, wanted - have)):
            entry = SimpleNamespace(at=at + timedelta(seconds=have + n), actor_id=None, actor="system",
                                    action="licence.bench", object_type="Licence", object_id=str((have + n) % 9000 + 1),
                                    reason="Bench history", details="{}", prev_hash=prev)
            entry.hash = prev = audit._digest(entry, key)
            rows.append(vars(entry))
        db.session.execute(sa.insert(AuditEntry), rows)
        db.session.commit()
        have += len(rows)
        print(f"audit entries: {have:,}", flush=True)


# ---------------------------------------------------------------- measure


def _deep(sql: str) -> str:
    return db.session.scalar(sa.text(sql)) or ""


def _pages() -> list[tuple[str, str, str]]:
    """(name, URL, the account that opens it)."""
    waiting = _deep("SELECT a.public_id FROM licences l JOIN agencies a ON a.id = l.agency_id "
                    "WHERE l.waiting_since IS NOT NULL ORDER BY l.waiting_since, l.agency_id LIMIT 1 OFFSET 4949")
    contract = _deep("SELECT public_id FROM contracts ORDER BY updated_at DESC, id DESC LIMIT 1 OFFSET 4949")
    return [
        ("applications, first page", "/desk/applications", OFFICER),
        ("applications, q=recruitment", "/desk/applications?q=recruitment", OFFICER),
        ("applications, page 100", f"/desk/applications?page=100&after={waiting}", OFFICER),
        ("contracts, first page", "/contracts", ADMIN),
        ("contracts, status=active", "/contracts?status=active", ADMIN),
        ("contracts, status=terminated", "/contracts?status=terminated", ADMIN),
        ("contracts, page 100", f"/contracts?page=100&after={contract}", ADMIN),
        ("audit page", "/admin/audit", ADMIN),
    ]


def _call(app, url: str, user_id: int) -> None:
    with app.test_request_context(url):
        login_user(db.session.get(User, user_id))
        endpoint, args = app.url_map.bind("localhost").match(url.split("?")[0])
        response = app.make_response(app.view_functions[endpoint](**args))
        assert response.status_code == 200, (url, response.status_code)
        db.session.rollback()


def measure(app, rounds: int) -> None:
    users = {email: db.session.scalar(sa.select(User.id).where(User.email == email)) for email in (ADMIN, OFFICER)}
    count = {t: db.session.scalar(sa.text(f"SELECT count(*) FROM {t}"))
             for t in ("agencies", "contracts", "audit_entries")}
    print(f"{count['agencies']:,} agencies, {count['contracts']:,} contracts, {count['audit_entries']:,} audit "
          f"entries; {db.engine.dialect.name}")
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8}")
    for name, url, email in _pages():
        timings = []
        for _ in range(rounds + 1):
            start = time.perf_counter()
            _call(app, url, users[email])
            timings.append((time.perf_counter() - start) * 1000)
        timings = sorted(timings[1:])
        p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
        print(f"{name:32} {statistics.median(timings):8.1f} {p95:8.1f}", flush=True)
    start = time.perf_counter()
    result = audit.verify()
    print(f"{'audit chain verified once':32} {(time.perf_counter() - start) * 1000:8.0f} ms  "
          f"({result.checked:,} entries, {'intact' if result.ok else 'broken: ' + result.problem})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["setup", "measure"])
    parser.add_argument("database_url")
    parser.add_argument("--contracts", type=int, default=100_000)
    parser.add_argument("--audit", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--instance", default=str(Path(__file__).resolve().parents[1] / "instance" / "bench"))
    args = parser.parse_args()
    app = make_app(args.database_url, args.instance)
    with app.app_context():
        if args.action == "setup":
            _accounts()
            _contracts(args.contracts, random.Random(10))
            _audit_entries(args.audit)
            with db.engine.begin() as conn:  # the planner's statistics, as fill.py leaves them
                conn.execute(sa.text("ANALYZE"))
        else:
            measure(app, args.rounds)


if __name__ == "__main__":
    main()
