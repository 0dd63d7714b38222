"""Fictional grievances in every status against the demo agencies, one of them for a tester to follow."""
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from contracts.models import Contract
from grievances import services as svc
from grievances.models import Grievance
from portal.database import utcnow
from portal.extensions import db
from portal.models import Role, User
from registry.models import Agency, Licence

# The case a tester follows at /grievances/track (fictional; printed by `make run`).
DEMO_REFERENCE = "GRV-7K4M-9QTD"
DEMO_CODE = "HKW3-7PXN-4RTM-9BQA"


def _agencies() -> list[Agency]:
    return list(db.session.scalars(
        sa.select(Agency).join(Licence).where(Licence.number.is_not(None)).order_by(Agency.id)
    ).all())


def _representative_agency(agencies: list[Agency]) -> Agency:
    """The agency of the first demo representative (so they see grievances against it), else the first."""
    agency_id = db.session.scalar(sa.select(User.agency_id).where(User.role == Role.AGENCY_REPRESENTATIVE)
                                  .order_by(User.id).limit(1))
    return next((a for a in agencies if a.id == agency_id), agencies[0])


def _attested_contract_code() -> str:
    return db.session.scalar(sa.select(Contract.verification_code).where(Contract.verification_code.is_not(None))
                             .order_by(Contract.id).limit(1)) or ""


def _file(when, **fields):
    data = svc.FilingInput(**{"filer_type": "anonymous", "destination_country": "SA", **fields})
    extra = {}
    if fields.get("description", "").startswith("They took my passport"):
        extra = {"reference": DEMO_REFERENCE, "tracking_code": DEMO_CODE}
    return svc.file_grievance(data, now=when, **extra).grievance


def load(officials: dict) -> None:
    """A dozen grievances, some urgent, one overdue, one linked to a contract (flushes; the caller commits)."""
    agencies = _agencies()
    if not agencies:
        return  # the registry demo provides the agencies
    cases, boss, attache = officials["cases"], officials["supervisor"], officials["attache.riyadh"]
    main = _representative_agency(agencies)
    other = agencies[1] if len(agencies) > 1 else main
    third = agencies[2] if len(agencies) > 2 else main
    now = utcnow()

    def ago(days=0, hours=0):
        return now - timedelta(days=days, hours=hours)

    # 1. The case to follow: anonymous, passport and wages, referred to the attaché in Riyadh.
    g = _file(ago(9), agency_text=main.licence.number, categories=["withheld_documents", "unpaid_wages"],
              description="They took my passport at the airport and I have not been paid for three months.",
              employer_name="A family in Riyadh", amount=Decimal("4500"), currency="SAR")
    svc.assign(g, cases, None, now=ago(8, 20))
    svc.acknowledge(g, cases, now=ago(8, 19))
    svc.start_investigation(g, cases, now=ago(7))
    svc.refer(g, cases, "labour_attache", "Labour attaché, Embassy in Riyadh", note="Employer to be visited",
              now=ago(5))
    svc.message_worker(g, cases, "We asked the labour attaché in Riyadh to visit your employer and get your "
                       "passport back. Reply here if you are moved or if you are in danger.", now=ago(5))
    svc.add_note(g, cases, "Same employer named in an earlier complaint.", now=ago(5))

    # 2. Urgent and new: abuse, not assigned yet.
    _file(ago(0, 3), agency_text=other.licence.number, categories=["abuse", "excessive_hours"],
          description="My employer beats me when I ask for a day off. I work from 5 in the morning to midnight.",
          destination_country="SA")

    # 3. Overdue: received four days ago and never acknowledged (`flask grievances escalate` picks it up).
    _file(ago(4), agency_text=third.licence.number, categories=["recruitment_fees"], destination_country="QA",
          description="The agency made me pay 2,000,000 shillings for the visa and the medical test.",
          amount=Decimal("2000000"), currency="UGX")

    # 4. Acknowledged: fees.
    g = _file(ago(3), agency_text=main.licence.number, categories=["recruitment_fees", "debt_bondage"],
              destination_country="AE", description="I borrowed money to pay the agency and now my salary goes "
              "to the lender every month.")
    svc.assign(g, cases, None, now=ago(2, 20))
    svc.acknowledge(g, cases, now=ago(2, 19))

    # 5. Investigating, linked to an attested contract (its liable parties show on the case).
    code = _attested_contract_code()
    g = _file(ago(6), contract_code=code, recruiter_name="" if code else "Unknown broker",
              categories=["contract_substitution", "unpaid_wages"], destination_country="SA",
              description="On arrival I was given a different contract with half the wage written in mine.",
              filer_type="worker", contact_name="Nakato Sarah", contact_method="whatsapp",
              contact_whatsapp="+966 50 000 0101")
    svc.assign(g, boss, attache, now=ago(5, 22))
    svc.acknowledge(g, attache, now=ago(5, 20))
    svc.start_investigation(g, attache, now=ago(4))

    # 6. Referred to an NGO shelter: confinement, unlicensed recruiter, urgent.
    g = _file(ago(2), recruiter_name="Mr. Juma (no office)", recruiter_phone="+256 700 000 222",
              categories=["confinement", "repatriation"], destination_country="LB", filer_type="relative",
              contact_name="Okello John", contact_method="phone", contact_phone="+256 701 000 333",
              description="My sister is locked in the house in Beirut and wants to come home.")
    svc.assign(g, cases, None, now=ago(1, 23))
    svc.acknowledge(g, cases, now=ago(1, 22))
    svc.start_investigation(g, cases, now=ago(1, 21))
    svc.refer(g, cases, "ngo", "Migrant workers' shelter, Beirut", now=ago(1, 20))

    # 7. Resolved with compensation against the representative's agency: its record and review flag change.
    g = _file(ago(40), agency_text=main.licence.number, categories=["unpaid_wages"], destination_country="SA",
              filer_type="worker", contact_name="Achieng Atieno", contact_method="email",
              contact_email="achieng@example.org", share_identity_with_agency=True,
              description="Four months of wages were never paid before my contract ended.")
    svc.assign(g, cases, None, now=ago(39))
    svc.acknowledge(g, cases, now=ago(39))
    svc.start_investigation(g, cases, now=ago(38))
    representative = _representative(main)
    if representative is not None:
        svc.agency_respond(g, representative, "We have asked the employer to pay the wages.", now=ago(30))
    svc.resolve(g, cases, "compensation_paid", "The agency and the employer paid your four months of wages.",
                Decimal("3600"), "SAR", now=ago(21))

    # 8. Not substantiated, closed.
    g = _file(ago(60), agency_text=other.licence.number, categories=["excessive_hours"], destination_country="QA",
              description="I work more than 12 hours a day in the hotel laundry.")
    svc.assign(g, cases, None, now=ago(59))
    svc.acknowledge(g, cases, now=ago(59))
    svc.start_investigation(g, cases, now=ago(58))
    svc.resolve(g, cases, "not_substantiated", "The hotel's time records and other workers showed 8-hour shifts.",
                now=ago(40))
    svc.close(g, cases, now=ago(35))

    # 9. Repatriated, closed.
    g = _file(ago(50), agency_text=third.licence.number, categories=["repatriation", "medical"],
              destination_country="JO", description="I am sick and my employer will not pay for my ticket home.")
    svc.assign(g, cases, None, now=ago(50))
    svc.acknowledge(g, cases, now=ago(50))
    svc.start_investigation(g, cases, now=ago(49))
    svc.refer(g, cases, "labour_attache", "Labour attaché, Embassy in Amman", now=ago(48))
    svc.resolve(g, cases, "repatriated", "You were flown home on the 12th; the agency paid the ticket.", now=ago(30))
    svc.close(g, cases, now=ago(28))

    # 10. Withdrawn.
    g = _file(ago(20), agency_text=other.licence.number, categories=["other"], destination_country="KW",
              description="The agency has not returned my certificates after I came back.")
    svc.assign(g, cases, None, now=ago(19))
    svc.withdraw(g, cases, "The worker called: the certificates were returned.", now=ago(15))

    # 11. Reopened after a resolution.
    g = _file(ago(45), agency_text=main.licence.number, categories=["unsafe_work"], destination_country="QA",
              description="We work on scaffolding with no harness.")
    svc.assign(g, cases, None, now=ago(44))
    svc.acknowledge(g, cases, now=ago(44))
    svc.start_investigation(g, cases, now=ago(43))
    svc.resolve(g, cases, "remedied", "The employer gave harnesses to every worker.", now=ago(30))
    svc.reopen(g, cases, "The worker writes that the harnesses were taken back.", now=ago(10))

    # 12. A named worker who agreed to share their identity with the agency.
    _file(ago(1), agency_text=main.licence.number, categories=["withheld_documents"], destination_country="OM",
          filer_type="worker", contact_name="Wanjiru Kamau", contact_method="phone", contact_phone="+968 9000 0404",
          share_identity_with_agency=True, description="The agency office in Muscat keeps my passport 'for safety'.")
    db.session.flush()


def _representative(agency: Agency) -> User | None:
    return db.session.scalar(sa.select(User).where(User.agency_id == agency.id).order_by(User.id).limit(1))


def notes() -> list[str]:
    """What `make run` prints for a tester: the demo case to follow and who works the queue."""
    if db.session.scalar(sa.select(Grievance.id).where(Grievance.reference == DEMO_REFERENCE)) is None:
        return []
    return [
        f"Grievances: follow a demo grievance at /grievances/track with reference {DEMO_REFERENCE} "
        f"and code {DEMO_CODE}.",
        "Grievances: cases@ and supervisor@ work the queue at /grievances/cases; attache.riyadh@ sees Saudi "
        "Arabia only; `flask grievances escalate` escalates the overdue case.",
    ]
