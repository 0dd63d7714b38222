"""Fill a migrated database with realistic fictional data, streaming in batches through the project's tables.

Run: .venv/bin/python bench/fill.py DATABASE_URL --agencies N --grievances M [--contracts K] [--seed S]
     (migrate first: DATABASE_URL=... .venv/bin/flask --app wsgi:app db upgrade)

Agencies in every licence status with their histories, directors and shareholders, guarantees, trading names
and destinations; grievances across statuses, categories, urgency and deadlines, each with its timeline.
Rows go in with executemany in batches of BATCH, so memory stays flat whatever the size; the database's own
triggers keep the search index (registry.search_index) as they would for any bulk import; the keys
phoenix-firm matching looks agencies up by (agency_keys, registry.link_index) are written with them, as the
models would. Contracts are not generated (--contracts is accepted and reported as not done: a contract needs
templates, versions and signatures whose rules the services hold).
"""
import argparse
import itertools
import random
import sys
import time
import warnings
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grievances.models import Category, GrievanceStatus  # noqa: E402
from portal.database import new_public_id  # noqa: E402
from registry.services.agencies import normalise  # noqa: E402
from registry.services.links import link_keys  # noqa: E402

BATCH = 5_000
# Agency names with the diversity of a real registry (Uganda's and Kenya's published lists were the model):
# a few words are in many names ("Global", "Star", "Al"), most in a handful, and family and invented names
# make a long tail. Brand words are drawn with Zipf's law over a vocabulary that includes syllable-made words,
# so a distinctive word keeps about the same share of the registry at 1,000 and at 100,000 agencies.
BRANDS = ("Global Star Al Royal Golden Eagle Crown Prime Elite Unity Trust Victory Hope Grace Bright Future Vision "
          "Pearl Horizon Nile Crest Savannah Gateway Amani Bidii Jua Rafiki Tumaini Acacia Baobab Crane Lakeside "
          "Equator Sunbird Kestrel Mango Silverline Zawadi Abay Tana Lalibela Harar Sheba Kilima Mara Rwenzori "
          "Elgon Victoria Kagera Meru Simba Twiga Nyota Upendo Baraka Neema Imani Fanaka Mwangaza Kibo Noor Salam "
          "Barakah Rahma Hijra Safa Marwa Zamzam Madina Falcon Oasis Desert Palm Dune Gulf Pioneer Summit Apex "
          "Diamond Emerald Sapphire Ruby Jasper Onyx Cedar Olive Sunrise Dawn Rainbow Harmony Liberty Fortune "
          "Destiny Heritage Legacy Bridge Compass Anchor Beacon Harbour Lighthouse Meridian Orbit Zenith Nexus "
          "Alliance Covenant Canaan Zion Bethel Shalom Ebenezer Jireh Rehoboth Goshen Kampala Entebbe Jinja Mbale "
          "Gulu Lira Masaka Mbarara Kabale Arua Busia Tororo Nakuru Kisumu Eldoret Mombasa Malindi Thika Nyeri "
          "Adama Gondar Bahir Dessie Hawassa Jimma Mekelle Dire Asmara Massawa Keren Omdurman Kassala Juba").split()
SYLLABLES = ("ka ki ko ku ba be bi bo bu ma me mi mo mu na ne ni no nu ta te ti to tu la le li lo lu ra re ri ro "
             "ru sa se si so su wa we wi ya ye yo za zi mba nda nga nzi kwa gwa bwa mwa tse sho sha che cha").split()
SURNAMES = ("Okello Mugisha Nakato Ssemwogerere Atim Byaruhanga Kato Namubiru Otieno Wanjiru Kamau Mwangi Njoroge "
            "Achieng Ochieng Kiprop Chebet Tesfaye Haile Bekele Alemu Tadesse Girma Mekonnen Abebe Osman Ibrahim "
            "Hassan Abdalla Mohamed Yusuf Idris Tekle Berhane Ghebre Habte Mensah Nsubuga Lubega Tumusiime").split()
KINDS = ["Recruitment Ltd", "Manpower Services", "Employment Agency", "Labour Consultants", "Placement Co.",
         "Overseas Jobs Ltd", "International Recruitment", "Human Resource Agency", "Recruitment Agency Ltd",
         "Consultancy Services", "Manpower Ltd", "Employment Bureau", "Jobs Link", "Travel and Recruitment Ltd"]
BRAND_WEIGHTS = list(itertools.accumulate(1 / (rank + 5) for rank in range(1, len(BRANDS) + 1)))
DESTINATIONS = ["SA", "AE", "QA", "KW", "OM", "BH", "JO", "LB"]
SECTORS = ["domestic_work", "construction", "hospitality", "security", "healthcare", "driving"]
# licence status, its share of the registry, and the history that led there
LICENCES = [
    ("licensed", 0.55, ["apply", "start_review", "issue"]),
    ("suspended", 0.06, ["apply", "start_review", "issue", "suspend"]),
    ("revoked", 0.05, ["apply", "start_review", "issue", "revoke"]),
    ("expired", 0.12, ["apply", "start_review", "issue", "expire"]),
    ("application", 0.08, ["apply"]),
    ("under_review", 0.08, ["apply", "start_review"]),
    ("rejected", 0.06, ["apply", "start_review", "reject"]),
]
STEP_STATUS = {"apply": "application", "start_review": "under_review", "issue": "licensed", "suspend": "suspended",
               "revoke": "revoked", "expire": "expired", "reject": "rejected"}
GRIEVANCE_STATUSES = [(GrievanceStatus.RECEIVED, 0.15), (GrievanceStatus.ACKNOWLEDGED, 0.12),
                      (GrievanceStatus.INVESTIGATING, 0.12), (GrievanceStatus.REFERRED, 0.06),
                      (GrievanceStatus.RESOLVED, 0.25), (GrievanceStatus.CLOSED, 0.25),
                      (GrievanceStatus.WITHDRAWN, 0.05)]
OUTCOMES = ["remedied", "compensation_paid", "repatriated", "not_substantiated"]
URGENT = {"abuse", "confinement", "threats", "medical"}
PATH = {"received": ["filed"], "acknowledged": ["filed", "acknowledged"],
        "investigating": ["filed", "acknowledged", "investigating"],
        "referred": ["filed", "acknowledged", "investigating", "referred"],
        "resolved": ["filed", "acknowledged", "investigating", "resolved"],
        "closed": ["filed", "acknowledged", "investigating", "resolved", "closed"],
        "withdrawn": ["filed", "withdrawn"]}


def pick(rng: random.Random, weighted):
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def brand(rng: random.Random) -> str:
    """A distinctive word of a name: a common one (by Zipf's law), a family name or an invented one."""
    draw = rng.random()
    if draw < 0.45:
        return rng.choices(BRANDS, cum_weights=BRAND_WEIGHTS)[0]
    if draw < 0.65:
        return rng.choice(SURNAMES)
    return "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))).capitalize()


def agency_name(agency_id: int, rng: random.Random) -> tuple[str, list[str]]:
    """A legal name and its trading names. The first agency of a fill is always "Pearl Horizon" trading as
    "Zawadi Manpower", so that the benchmark's misspelt queries find their agency at every size."""
    if agency_id == 1:
        return "Pearl Horizon Recruitment Ltd", ["Zawadi Manpower"]
    shape = rng.random()
    if shape < 0.55:
        name = f"{brand(rng)} {brand(rng)} {rng.choice(KINDS)}"
    elif shape < 0.85:
        name = f"{brand(rng)} {rng.choice(KINDS)}"
    else:
        name = f"{rng.choice(SURNAMES)} and Sons {rng.choice(KINDS)}"
    if rng.random() < 0.1:
        name = f"{name} ({rng.choice(['Kampala', 'Nairobi', 'Addis Ababa', 'Khartoum', 'Asmara'])})"
    return name, [f"{brand(rng)} {rng.choice(['Jobs', 'Manpower', 'Placements'])}"] if rng.random() < 0.3 else []


def agency_rows(n: int, first_id: int, rng: random.Random, now: datetime):
    """Yield (agency, licence, events, people, guarantees) for agency ids first_id … first_id + n - 1."""
    for agency_id in range(first_id, first_id + n):
        name, trading = agency_name(agency_id, rng)
        status = pick(rng, [(row[0], row[1]) for row in LICENCES])
        steps = next(row[2] for row in LICENCES if row[0] == status)
        issued = now - timedelta(days=rng.randint(30, 1500))
        agency = {"id": agency_id, "legal_name": name, "trading_names": trading,
                  "registration_number": f"BRN-{agency_id:07d}", "address": f"Plot {agency_id % 900 + 1}, Main Road",
                  "phone": f"+2567{agency_id:08d}"[:13], "email": f"info{agency_id}@agency.example",
                  "destinations": rng.sample(DESTINATIONS, rng.randint(1, 4)),
                  "sectors": rng.sample(SECTORS, rng.randint(1, 3)), "complaints_officer_name": "",
                  "complaints_officer_phone": "", "complaints_officer_email": "",
                  "search_names": "\n".join(normalise(x) for x in [name, *trading]), "review_flag": False,
                  "review_flag_reason": "", "created_at": issued, "updated_at": issued}
        licensed = "issue" in steps
        valid_until = (issued + timedelta(days=730)).date() if licensed else None
        if status == "licensed" and valid_until < now.date():
            valid_until = now.date() + timedelta(days=rng.randint(30, 700))
        licence = {"id": agency_id, "agency_id": agency_id, "licence_class": "general", "status": status,
                   "number": f"EA/{issued.year}/{agency_id:04d}" if licensed else None,
                   "valid_from": issued.date() if licensed else None, "valid_until": valid_until,
                   "renewal_requested_at": None, "updated_at": issued,
                   # the applications queue's sort key (registry.services.applications.waiting_since): applied then
                   "waiting_since": issued if status in ("application", "under_review") else None}
        events, before = [], None
        for i, step in enumerate(steps):
            events.append({"licence_id": agency_id, "action": step, "from_status": before,
                           "to_status": STEP_STATUS[step], "reason": "" if step == "apply" else "Bench history",
                           "order_reference": "", "actor_id": None, "at": issued + timedelta(days=i * 20)})
            before = STEP_STATUS[step]
        people = [{"agency_id": agency_id, "role": role, "name": f"{brand(rng)} {rng.choice(SURNAMES)}",
                   "nationality": "UG", "id_number": f"CM{agency_id:08d}{k}", "police_clearance_ref": f"PC-{k}",
                   "vetting_status": "vetted" if licensed else "pending", "vetting_note": "",
                   "vetted_by_id": None, "vetted_at": None}
                  for k, role in enumerate(["director", "director", "shareholder"])]
        guarantees = [{"agency_id": agency_id, "amount": Decimal("100000000.00"), "currency": "UGX",
                       "bank": "Bench Bank", "reference": f"BG-{agency_id}",
                       "expires_on": valid_until or date.today(),
                       "lodged_at": issued, "verified_by_id": None, "verified_at": issued if licensed else None}]
        keys = [{"agency_id": agency_id, "kind": kind, "key": key} for kind, key in sorted(link_keys(
            SimpleNamespace(**agency, people=[SimpleNamespace(**p) for p in people]), region="UG"))]
        yield agency, licence, events, people, guarantees, keys


def grievance_rows(n: int, first_id: int, agencies: int, rng: random.Random, now: datetime):
    """Yield (grievance, categories, events) for grievance ids first_id … first_id + n - 1."""
    categories = [c.value for c in Category]
    for gid in range(first_id, first_id + n):
        status = pick(rng, [(s.value, w) for s, w in GRIEVANCE_STATUSES])
        chosen = rng.sample(categories, rng.randint(1, 2))
        urgent = bool(URGENT & set(chosen))
        filed = now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        against = rng.randint(1, agencies) if agencies and rng.random() < 0.8 else None
        done = status in ("resolved", "closed", "withdrawn")
        grievance = {
            "id": gid, "reference": f"G-{gid:09d}"[:13], "tracking_code_hash": f"{gid:064x}",
            "filer_type": rng.choice(["worker", "relative", "representative", "anonymous"]),
            "agency_id": against, "recruiter_name": "" if against else f"{brand(rng)} broker",
            "recruiter_phone": "", "employer_name": "Household", "destination_country": rng.choice(DESTINATIONS),
            "contract_id": None, "description": "My wages were not paid for three months and my passport was kept.",
            "amount_claimed": None, "amount_currency": "", "contact_name": "", "contact_method": "none",
            "contact_phone": "", "contact_whatsapp": "", "contact_email": "", "contact_relative": "",
            "share_identity_with_agency": False, "language": rng.choice(["en", "sw", "am", "ar", "fr"]),
            "filed_from_ip": None, "urgent": urgent, "status": status,
            "outcome": rng.choice(OUTCOMES) if status in ("resolved", "closed") else None, "compensation_amount": None,
            "compensation_currency": "", "resolution_summary": "", "assigned_to_id": None,
            "filed_at": filed, "updated_at": filed,
            "acknowledged_at": filed + timedelta(hours=20) if status != "received" else None,
            "resolved_at": filed + timedelta(days=20) if status in ("resolved", "closed") else None,
            "closed_at": filed + timedelta(days=25) if status == "closed" else None,
            "acknowledge_due_at": filed + timedelta(hours=24 if urgent else 48),
            "resolve_due_at": filed + timedelta(days=30),
        }
        # the queue's stored sort key, as the model's event keeps it (grievances.models.set_queue_key)
        grievance["done"] = done
        grievance["next_due_at"] = grievance["acknowledge_due_at" if status == "received" else "resolve_due_at"]
        rows = [{"grievance_id": gid, "category": c} for c in chosen]
        events = [{"grievance_id": gid, "kind": kind, "at": filed + timedelta(hours=i * 12), "actor_id": None,
                   "body": "", "data": {}} for i, kind in enumerate(PATH[status])]
        if done:
            grievance["updated_at"] = events[-1]["at"]
        yield grievance, rows, events


def _flush(conn, tables: dict, buffers: dict) -> None:
    for name, rows in buffers.items():
        if rows:
            if "public_id" in tables[name].c:  # a row that appears in addresses gets its opaque id
                for row in rows:
                    row.setdefault("public_id", new_public_id())
            conn.execute(tables[name].insert(), rows)
            rows.clear()


def fill(url: str, agencies: int, grievances: int, seed: int) -> None:
    engine = sa.create_engine(url, connect_args={"timeout": 120} if url.startswith("sqlite") else {})
    meta = sa.MetaData()
    warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
    meta.reflect(engine, only=["agencies", "licences", "licence_events", "agency_people", "guarantees", "agency_keys",
                               "grievances", "grievance_categories", "grievance_events"])
    rng, now = random.Random(seed), datetime.now(UTC).replace(microsecond=0)
    with engine.connect() as conn:
        first_agency = (conn.scalar(sa.text("SELECT max(id) FROM agencies")) or 0) + 1
        first_grievance = (conn.scalar(sa.text("SELECT max(id) FROM grievances")) or 0) + 1
    started = time.perf_counter()
    _stream(engine, meta.tables,
            ["agencies", "licences", "licence_events", "agency_people", "guarantees", "agency_keys"],
            agency_rows(agencies, first_agency, rng, now), agencies, "agencies", started)
    known = first_agency + agencies - 1
    _stream(engine, meta.tables, ["grievances", "grievance_categories", "grievance_events"],
            grievance_rows(grievances, first_grievance, known, rng, now), grievances, "grievances", started)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("agencies", "licences", "grievances"):
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT coalesce(max(id), 1) FROM {table}))"))
            conn.execute(sa.text("ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))


def _stream(engine, tables, names, rows, total, what, started) -> None:
    buffers = {name: [] for name in names}
    done = 0
    for parts in rows:
        for name, part in zip(names, parts, strict=True):
            buffers[name].extend(part if isinstance(part, list) else [part])
        done += 1
        if done % BATCH == 0 or done == total:
            with engine.begin() as conn:
                _flush(conn, tables, buffers)
            print(f"{what}: {done:>9,} / {total:,}  {time.perf_counter() - started:7.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--agencies", type=int, default=1_000)
    parser.add_argument("--grievances", type=int, default=0)
    parser.add_argument("--contracts", type=int, default=0)
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    fill(args.database_url, args.agencies, args.grievances, args.seed)
    if args.contracts:
        print(f"contracts: not generated ({args.contracts:,} asked for; see the module's docstring)")


if __name__ == "__main__":
    main()
