"""Demo data: contracts in every status."""
import sqlalchemy as sa

from contracts import demo as contracts_demo
from contracts.models import Contract, ContractStatus
from portal import demo
from portal.extensions import db

CS = ContractStatus


def test_demo_has_contracts_in_every_status(app):
    demo.load()
    db.session.commit()
    statuses = set(db.session.scalars(sa.select(Contract.status)).all())
    assert statuses == set(CS)
    notes = " ".join(contracts_demo.notes())
    attested = db.session.scalar(sa.select(Contract).where(Contract.status == CS.ATTESTED).order_by(Contract.id))
    assert attested.code_display in notes and "rep@demo.example" in notes
    suspended = [c for c in db.session.scalars(sa.select(Contract)) if
                 c.origin_agency.licence.status == "suspended" and c.verification_code]
    assert suspended


def test_a_worker_finds_the_demo_ban_and_blacklisted_employer(app, client):
    demo.load()
    db.session.commit()
    bans = client.get("/api/v1/deployment-bans").get_json()["items"]
    assert [(b["country"], b["sector"]) for b in bans] == [("LB", "domestic_work")]
    found = client.get("/api/v1/foreign-employers?q=qasr rimal").get_json()["items"]
    assert [(p["name"], p["status"]) for p in found] == [("Qasr Al Rimal Family Office (fictional)", "blacklisted")]
    signed = db.session.scalars(sa.select(Contract).where(Contract.status == CS.SIGNED)).all()
    assert any(c.employer.name.startswith("Qasr Al Rimal") for c in signed)  # attestation will be refused
