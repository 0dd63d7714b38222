"""The rules of a template's clauses: known placeholders only, a heading and text for each, and a
joint-and-several liability clause that names every liable party; the clauses a new template starts with."""
import string

from contracts.models import ClauseKind, Placeholder
from portal.errors import DomainError
from portal.text import _l, _ln


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "translate later")
    """Marks a message for the catalogues without translating it: the standard clauses are stored in English
    and printed in the reader's language (contracts.clauses)."""
    return message


# The joint-and-several liability clause must name these parties.
LIABILITY_PLACEHOLDERS = (Placeholder.ORIGIN_AGENCY, Placeholder.PARTNER_AGENCY, Placeholder.EMPLOYER)
KNOWN = frozenset(p.value for p in Placeholder)

DEFAULT_CLAUSES = [
    (ClauseKind.STANDARD, N_("Parties and job"),
     N_("This contract is made between {employer} (the employer) and {worker_name} (the worker), through "
        "{origin_agency} (licence {origin_agency_licence}) and {partner_agency}. The worker is employed as "
        "{job_title} at {place_of_work}, {destination}, from {start_date} for {duration}.")),
    (ClauseKind.STANDARD, N_("Wage, hours and rest"),
     N_("The employer pays {monthly_wage} every month, in full, into an account in the worker's name. Working "
        "hours: {working_hours}. Rest: {weekly_rest}. Paid leave: {paid_leave}. Probation: at most {probation}.")),
    (ClauseKind.STANDARD, N_("What the employer pays"),
     N_("The employer pays: {employer_pays}. The worker pays no recruitment fee or related cost to anyone.")),
    (ClauseKind.STANDARD, N_("Passport and documents"),
     N_("The worker keeps their own passport, identity documents and copy of this contract. Nobody may take "
        "them from the worker.")),
    (ClauseKind.STANDARD, N_("Repatriation"),
     N_("The employer brings the worker home at no cost to the worker: {repatriation}.")),
    (ClauseKind.STANDARD, N_("Death and disability"),
     N_("If the worker dies or is disabled at work, compensation of at least {death_disability_compensation} "
        "is paid to the worker or their next of kin, in addition to insurance benefits.")),
    (ClauseKind.JOINT_LIABILITY, N_("Joint and several liability"),
     N_("{origin_agency}, {partner_agency} and {employer} are jointly and severally liable to the worker for "
        "unpaid wages, death and disability compensation and the costs of repatriation. The worker may claim "
        "the whole amount from any one of them.")),
    (ClauseKind.STANDARD, N_("Disputes"),
     N_("The worker may raise any dispute first with {dispute_attache}, and then with {dispute_authority}. "
        "The worker may also file a grievance with the Ministry at any time, free of charge.")),
]


def default_clauses() -> list[dict]:
    """The English clauses a new template starts with."""
    return [{"kind": k, "heading": h, "body": b, "language": "en"} for k, h, b in DEFAULT_CLAUSES]


def placeholders_in(body: str) -> list[str]:
    """The {names} used in a clause; ValueError when the braces are malformed."""
    return [name for _, name, _, _ in string.Formatter().parse(body) if name is not None]


def clauses_problem(clauses: list[dict]):
    """What is wrong with a version's clauses (shown on the clauses field), or None: each clause has a heading and
    text and uses only known placeholders; the joint-liability clause is there and names every liable party."""
    if not clauses:
        return _l("A template needs its clauses.")
    try:
        return next(filter(None, map(_clause_problem, clauses)), None) or _liability_problem(clauses)
    except ValueError as error:
        return _l("A clause has a stray or unclosed brace: %(error)s", error=str(error))


def _clause_problem(clause: dict):
    if not clause["heading"].strip() or not clause["body"].strip():
        return _l("Every clause needs a heading and its text.")
    unknown = sorted({name for name in placeholders_in(clause["body"]) if name not in KNOWN})
    if unknown:
        return _ln("Unknown placeholder: %(names)s.", "Unknown placeholders: %(names)s.", len(unknown),
                   names=", ".join(unknown))
    return None


def _liability_problem(clauses: list[dict]):
    liability = [c for c in clauses if c["kind"] == ClauseKind.JOINT_LIABILITY]
    if len(liability) != 1:
        return _l("The joint-and-several liability clause cannot be removed.")
    named = placeholders_in(liability[0]["body"])
    missing = [p.value for p in LIABILITY_PLACEHOLDERS if p.value not in named]
    if missing:
        return _l("The joint-and-several liability clause must name every liable party: add %(names)s.",
                  names=", ".join("{%s}" % name for name in missing))
    return None


def check_clauses(clauses: list[dict]) -> None:
    """DomainError on the clauses field unless the clauses follow the rules (see clauses_problem)."""
    problem = clauses_problem(clauses)
    if problem is not None:
        raise DomainError(problem, field="clauses")
