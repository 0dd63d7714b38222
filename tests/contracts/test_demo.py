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
