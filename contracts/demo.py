"""Fictional demo contracts: three templates, foreign employers and partner agencies, contracts in every status.

Everything goes through the services, as a real agency and licensing officer would do it.
"""
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from contracts import services
from contracts.models import Contract, ContractStatus, SignatoryRole
from portal.auth import create_user
from portal.database import utcnow
from portal.extensions import db
from portal.models import Role, User
from registry import services as registry
from registry.models import Agency, Licence, LicenceAction, LicenceStatus, PartyKind, WatchlistStatus

REP_EMAIL = "rep@demo.example"
REP_PASSWORD = "demo-agency-pass"
SECOND_REP_EMAIL = "rep2@demo.example"

TEMPLATES = [
    ("SA", "domestic_work", "Domestic worker", dict(
        title="Standard contract: domestic worker, Saudi Arabia", currency="SAR", min_monthly_wage=Decimal("1500"),
        max_hours_per_week=48, min_weekly_rest_days=1, min_annual_leave_days=30, max_duration_months=24,
        max_probation_months=3, min_death_disability_compensation=Decimal("60000"),
        dispute_attache="the Labour Attaché at the Embassy in Riyadh",
        dispute_authority="the Ministry of Human Resources and Social Development (Musaned)")),
    ("QA", "construction", "Construction worker", dict(
        title="Standard contract: construction worker, Qatar", currency="QAR", min_monthly_wage=Decimal("1400"),
        max_hours_per_week=48, min_weekly_rest_days=1, min_annual_leave_days=21, max_duration_months=24,
        max_probation_months=3, min_death_disability_compensation=Decimal("75000"),
        dispute_attache="the Labour Attaché at the Embassy in Doha",
        dispute_authority="the Ministry of Labour's Labour Dispute Settlement Committees")),
    ("AE", "hospitality", "Hospitality worker", dict(
        title="Standard contract: hospitality worker, United Arab Emirates", currency="AED",
        min_monthly_wage=Decimal("1600"), max_hours_per_week=48, min_weekly_rest_days=1, min_annual_leave_days=30,
        max_duration_months=24, max_probation_months=6, min_death_disability_compensation=Decimal("70000"),
        dispute_attache="the Labour Attaché at the Consulate in Dubai",
        dispute_authority="the Ministry of Human Resources and Emiratisation")),
]

# Kiswahili clauses for the Saudi domestic-work template: the contract prints in the worker's language.
SWAHILI = [
    ("standard", "Wahusika na kazi",
     "Mkataba huu ni kati ya {employer} (mwajiri) na {worker_name} (mfanyakazi), kupitia {origin_agency} "
     "(leseni {origin_agency_licence}) na {partner_agency}. Mfanyakazi anaajiriwa kama {job_title} huko "
     "{place_of_work}, {destination}, kuanzia {start_date} kwa miezi {duration_months}."),
    ("standard", "Mshahara, saa na mapumziko",
     "Mwajiri analipa {monthly_wage} kila mwezi, kamili, kwenye akaunti ya mfanyakazi. Kazi ni saa zisizozidi "
     "{hours_per_week} kwa wiki, siku {weekly_rest_days} za mapumziko kila wiki na siku {annual_leave_days} za "
     "likizo yenye malipo kila mwaka."),
    ("standard", "Mwajiri analipia",
     "Mwajiri analipia: {employer_pays}. Mfanyakazi halipi ada yoyote ya uajiri."),
    ("standard", "Pasipoti",
     "Mfanyakazi anabaki na pasipoti yake na nyaraka zake. Hakuna anayeruhusiwa kuzichukua."),
    ("standard", "Kurudishwa nyumbani", "Mwajiri anamrudisha mfanyakazi nyumbani bila gharama: {repatriation}."),
    ("standard", "Kifo na ulemavu",
     "Mfanyakazi akifariki au kupata ulemavu kazini, fidia ya angalau {death_disability_compensation} inalipwa."),
    ("joint_liability", "Dhamana ya pamoja",
     "{origin_agency}, {partner_agency} na {employer} wanawajibika kwa pamoja na kila mmoja kwa mshahara "
     "usiolipwa, fidia ya kifo na ulemavu na gharama za kurudishwa nyumbani."),
    ("standard", "Migogoro",
     "Mfanyakazi anaweza kupeleka malalamiko kwanza kwa {dispute_attache}, kisha kwa {dispute_authority}."),
]

PARTIES = [
    (PartyKind.EMPLOYER, "Al Waha Household Services (fictional)", "SA", WatchlistStatus.CLEAR, ""),
    (PartyKind.EMPLOYER, "Qasr Al Rimal Family Office (fictional)", "SA", WatchlistStatus.BLACKLISTED,
     "Two workers' wages unpaid for five months; passports withheld (attaché report)"),
    (PartyKind.PARTNER_AGENCY, "Najd Bridge Manpower (fictional)", "SA", WatchlistStatus.CLEAR, ""),
    (PartyKind.EMPLOYER, "Pearl Gulf Contracting W.L.L. (fictional)", "QA", WatchlistStatus.CLEAR, ""),
    (PartyKind.PARTNER_AGENCY, "Doha Crossroads Recruitment (fictional)", "QA", WatchlistStatus.CLEAR, ""),
    (PartyKind.EMPLOYER, "Palm Shore Hotels L.L.C. (fictional)", "AE", WatchlistStatus.CLEAR, ""),
    (PartyKind.PARTNER_AGENCY, "Emirates Staffing Gate (fictional)", "AE", WatchlistStatus.CLEAR, ""),
]

WORKERS = [
    ("Achieng Mary Atieno", date(1994, 3, 12), "B1234567"), ("Nakato Sarah Namuli", date(1997, 8, 2), "B2345678"),
    ("Okello James Opio", date(1990, 1, 25), "B3456789"), ("Tsegaye Hirut Alemu", date(1995, 11, 9), "EP4567891"),
    ("Wanjiru Grace Njeri", date(1992, 6, 30), "AK5678912"), ("Mugisha Peter Kato", date(1988, 4, 17), "B6789123"),
    ("Abebe Selam Tadesse", date(1998, 2, 14), "EP7891234"), ("Namubiru Aisha Nalwoga", date(1996, 9, 5), "B8912345"),
    ("Kiprono Daniel Kiptoo", date(1991, 12, 1), "AK9123456"), ("Nabirye Ruth Kagoya", date(1993, 7, 21), "B9234567"),
    ("Ssentongo Paul Mukasa", date(1989, 5, 8), "B9345678"),
]


def _licensed_agencies() -> list[Agency]:
    agencies = db.session.scalars(sa.select(Agency).join(Licence).order_by(Agency.id)).all()
    return [a for a in agencies if registry.effective_status(a.licence) == LicenceStatus.LICENSED]


def _representative(agency: Agency, email: str, name: str) -> User:
    existing = db.session.scalar(sa.select(User).where(User.role == Role.AGENCY_REPRESENTATIVE,
                                                       User.agency_id == agency.id))
    if existing is not None:
        return existing
    return create_user(email, REP_PASSWORD, Role.AGENCY_REPRESENTATIVE, agency_id=agency.id, name=name)


def _templates(officer: User) -> dict:
    versions = {}
    for country, sector, occupation, terms in TEMPLATES:
        clauses = services.default_clauses()
        if country == "SA":
            clauses += [{"kind": k, "heading": h, "body": b, "language": "sw"} for k, h, b in SWAHILI]
        template = services.create_template(officer, country, sector, occupation, clauses=clauses, **terms)
        services.publish_version(template.versions[0], officer)
        versions[country] = template
    # The Saudi template has a second, published version (a higher wage floor); version 1 is retired, and
    # a draft version 3 is being prepared.
    sa_template = versions["SA"]
    v2 = services.new_version(sa_template, officer)
    services.update_version(v2, officer, min_monthly_wage=Decimal("1600"),
                            change_note="Wage floor raised after the bilateral review.")
    services.publish_version(v2, officer)
    v3 = services.new_version(sa_template, officer)
    services.update_version(v3, officer, max_hours_per_week=45, change_note="Draft: shorter working week.")
    return {country: t.published_version for country, t in versions.items()}


def _parties(officer: User) -> dict:
    made = {}
    for kind, name, country, _standing, _why in PARTIES:
        party = registry.add_foreign_party(officer, kind=kind, name=name, country=country,
                                           registration_number=f"CR-{country}-{len(made) + 1001}",
                                           address=f"Fictional business district, {country}",
                                           email=f"office{len(made) + 1}@party.example")
        made[name.split(" (")[0]] = party
    _watch(made, officer, {WatchlistStatus.WATCHED})
    return made


def _watch(parties: dict, officer: User, statuses: set[WatchlistStatus]) -> None:
    """Give the demo's parties with these standings their standing."""
    for _kind, name, _country, watch, reason in PARTIES:
        if watch in statuses:
            registry.set_watchlist(parties[name.split(" (")[0]], watch, reason, officer)


class _Demo:
    def __init__(self, officials: dict):
        self.officer = officials["licensing"]
        self.workers = iter(WORKERS)

    def draft(self, rep: User, version, partner, employer, fees=(), **overrides) -> Contract:
        name, born, passport = next(self.workers)
        fields = dict(
            worker_name=name, worker_date_of_birth=born, worker_passport_number=passport,
            worker_phone="+256 77" + passport[-7:], worker_next_of_kin="Mother, +256 70" + passport[-7:],
            worker_language="sw" if version.template.destination_country == "SA" else "en",
            job_title=version.template.occupation, place_of_work={"SA": "Riyadh", "QA": "Doha", "AE": "Dubai"}[
                version.template.destination_country],
            start_date=utcnow().date() + timedelta(days=45), currency=version.currency,
            monthly_wage=version.min_monthly_wage + 100, hours_per_week=version.max_hours_per_week,
            weekly_rest_days=version.min_weekly_rest_days, annual_leave_days=version.min_annual_leave_days,
            duration_months=version.max_duration_months, probation_months=min(3, version.max_probation_months),
            death_disability_compensation=version.min_death_disability_compensation,
        )
        fields.update(overrides)
        return services.draft_contract(rep, rep_agency(rep), version, partner, employer, fees=list(fees), **fields)

    def sign(self, contract: Contract, rep: User, upto: int = 4) -> Contract:
        services.submit_for_signatures(contract, rep)
        when = None  # signed today
        steps = [
            (SignatoryRole.ORIGIN_AGENCY, rep.name or "Agency representative", "Managing director", None, ""),
            (SignatoryRole.WORKER, contract.worker_name, "The worker", when, "Kampala"),
            (SignatoryRole.PARTNER_AGENCY, "Faisal Al Harbi", "Operations manager", when, "Abroad, by courier"),
            (SignatoryRole.EMPLOYER, "Khalid Al Mansour", "Owner", when, "Abroad, by courier"),
        ]
        for role, name, capacity, at, place in steps[:upto]:
            services.sign(contract, rep, role, name, capacity, at, place)
        return contract

    def attest(self, contract: Contract, rep: User, reference: str) -> Contract:
        self.sign(contract, rep)
        return services.attest(contract, self.officer, reference)


def rep_agency(rep: User) -> Agency:
    """The representative's agency."""
    return db.session.get(Agency, rep.agency_id)


def load(officials: dict) -> None:
    """Templates, foreign parties and contracts in every status (flushes; the caller commits)."""
    officer = officials["licensing"]
    licensed = _licensed_agencies()
    # The agency suspended after attestation: the last licensed one whose licence covers hospitality work in the
    # UAE (the registry demo's Kestrel Bay), never the first, whose representative drafts every other contract.
    covering = [a for a in licensed[1:] if not registry.covers(a.licence, "AE", "hospitality")]
    if not licensed or not covering:
        return  # the registry demo provides licensed agencies; nothing to attach contracts to
    main_agency, other_agency = licensed[0], covering[-1]
    rep = _representative(main_agency, REP_EMAIL, "Ruth Demo-Representative")
    other_rep = _representative(other_agency, SECOND_REP_EMAIL, "Samuel Second-Representative")
    versions = _templates(officer)
    p = _parties(officer)
    demo = _Demo(officials)
    sa_v, qa_v, ae_v = versions["SA"], versions["QA"], versions["AE"]
    sa_partner, sa_employer = p["Najd Bridge Manpower"], p["Al Waha Household Services"]
    sa_bad = p["Qasr Al Rimal Family Office"]
    qa_partner, qa_employer = p["Doha Crossroads Recruitment"], p["Pearl Gulf Contracting W.L.L."]
    ae_partner, ae_employer = p["Emirates Staffing Gate"], p["Palm Shore Hotels L.L.C."]

    # Draft with problems the pre-check shows: a wage below the floor and a fee charged to the worker.
    demo.draft(rep, sa_v, sa_partner, sa_employer, monthly_wage=Decimal("1200"),
               fees=[services.FeeLine("Medical examination", Decimal("150000"), "UGX", "City clinic")])
    # Awaiting signatures: the agency and the worker have signed.
    demo.sign(demo.draft(rep, qa_v, qa_partner, qa_employer), rep, upto=2)
    # Signed, clean: ready for the licensing officer to attest.
    demo.sign(demo.draft(rep, ae_v, ae_partner, ae_employer), rep)
    # Signed while its employer was clear; the ministry has blacklisted the employer since (no new contract may
    # name it): attestation will be refused.
    demo.sign(demo.draft(rep, sa_v, sa_partner, sa_bad), rep)
    _watch(p, officer, {WatchlistStatus.BLACKLISTED})
    # Attested (its code is printed by `make run`).
    demo.attest(demo.draft(rep, sa_v, sa_partner, sa_employer), rep, "ATT/2026/0101")
    # Active.
    services.activate(demo.attest(demo.draft(rep, qa_v, qa_partner, qa_employer), rep, "ATT/2026/0102"), rep,
                      "Departed on the scheduled flight")
    # Completed.
    done = demo.attest(demo.draft(rep, ae_v, ae_partner, ae_employer), rep, "ATT/2026/0103")
    services.activate(done, rep)
    services.complete(done, rep, "Worker returned home; final wages paid")
    # Terminated.
    ended = demo.attest(demo.draft(rep, sa_v, sa_partner, sa_employer), rep, "ATT/2026/0104")
    services.activate(ended, rep)
    services.terminate(ended, officer, "Employer closed the household; worker repatriated by the partner agency")
    # Superseded by a newer contract with a higher wage.
    old = demo.attest(demo.draft(rep, qa_v, qa_partner, qa_employer), rep, "ATT/2026/0105")
    new = services.supersede(old, rep)
    services.update_contract(new, rep, monthly_wage=old.monthly_wage + 300)
    demo.attest(new, rep, "ATT/2026/0106")
    # An active contract of an agency suspended after attestation.
    other = demo.attest(demo.draft(other_rep, ae_v, ae_partner, ae_employer), other_rep, "ATT/2026/0107")
    services.activate(other, other_rep)
    registry.decide(other_agency.licence, LicenceAction.SUSPEND, officer,
                    "Workers charged placement fees (inspection report)", "MGLSD/LIC/2026/SUSP-07",
                    suspension=registry.Suspension(utcnow().date() + timedelta(days=60), False,
                                                   "Suspended for charging workers placement fees."))
    db.session.flush()


def notes() -> list[str]:
    """What `make run` prints about the demo contracts: a login and a code to check."""
    lines = []
    rep = db.session.scalar(sa.select(User).where(User.email == REP_EMAIL))
    if rep is not None:
        lines.append(f"Contracts: agency representative {REP_EMAIL} / {REP_PASSWORD} drafts contracts "
                     "(licensing@ attests them).")
    attested = db.session.scalar(sa.select(Contract).where(Contract.status == ContractStatus.ATTESTED)
                                 .order_by(Contract.id).limit(1))
    if attested is not None:
        lines.append(f"Contracts: check an attested contract at /contracts/check with code {attested.code_display}.")
    return lines
