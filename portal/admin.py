"""Administrators' pages under /admin: every account (search, filter, create, change duties, deactivate,
reactivate, reset a password with a one-time link; each change a CSRF-protected form with a reason), and
the audit log (filters, the chain's state, CSV export)."""
import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length

from portal import accounts, audit, mail, public_ids, web
from portal.accounts import Duties
from portal.auth import roles_required
from portal.countries import COMMON_DESTINATIONS, country_choices
from portal.errors import DomainError
from portal.extensions import db
from portal.forms import ButtonForm, SelectField, SelectMultipleField, choices
from portal.links import public_url
from portal.models import AuditEntry, Role, User
from portal.text import _l
from registry.models import Agency, Licence
from registry.services import agency_by_licence_number

bp = Blueprint("admin", __name__, url_prefix="/admin")
DUTIES = "duties"  # the duties form's field prefix: the account page also has the access form's reason


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason (kept in the audit log)"), validators=[DataRequired(), Length(max=1000)])


class DutiesForm(ReasonForm):
    role = SelectField(_l("Role"), choices=choices(Role.choices()), validators=[DataRequired()])
    agency = StringField(_l("Agency licence number (agency representatives)"), validators=[Length(max=40)])
    countries = SelectMultipleField(_l("Attaché for countries (case officers)"))
    supervisor = BooleanField(_l("Supervisor: receives escalated cases"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.countries.choices = country_choices(blank=None, common=COMMON_DESTINATIONS)

    def duties(self) -> Duties:
        """The duties chosen, or a DomainError naming the agency not understood."""
        agency_id = None
        if self.agency.data and self.agency.data.strip():
            agency = agency_by_licence_number(self.agency.data.strip())
            if agency is None:
                raise DomainError(_l("No agency holds this licence number."), field="agency")
            agency_id = agency.id
        countries = ",".join(self.countries.data or [])
        return Duties(Role(self.role.data), agency_id, countries, bool(self.supervisor.data))


class NewAccountForm(DutiesForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])


def _agencies_of(users: list[User]) -> dict[int, Agency]:
    ids = {u.agency_id for u in users if u.agency_id}
    return {a.id: a for a in db.session.scalars(sa.select(Agency).where(Agency.id.in_(ids)))} if ids else {}


@bp.get("/")
@roles_required(Role.ADMINISTRATOR)
def index():
    """/admin opens the accounts."""
    return redirect(url_for("admin.users"))


@bp.get("/users")
@roles_required(Role.ADMINISTRATOR)
def users():
    """Every account, searchable by email or name and filtered by role and status."""
    args = {key: request.args.get(key, "") for key in ("q", "role", "status")}
    found = accounts.accounts(args["q"], args["role"], args["status"])
    return render_template("admin/users.html", users=found, agencies=_agencies_of(found), args=args,
                           roles=Role)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMINISTRATOR)
def new_user():
    """Create an account; its holder sets a password through the one-time link shown once."""
    form = NewAccountForm()
    if request.method == "GET":
        return render_template("admin/new_user.html", form=form, messages=[])
    admin = current_user._get_current_object()
    outcome = web.submit(form, lambda: accounts.create_account(
        admin, form.email.data, form.name.data, form.duties(), form.reason.data))
    if not outcome.done:
        return render_template("admin/new_user.html", form=form, messages=outcome.messages), outcome.status
    user, token = outcome.result
    return _show_link(user, token)


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _user_page(user: User, status: int = 200, messages=(), **forms):
    agency = _agencies_of([user]).get(user.agency_id)
    duties = forms.get("duties") or DutiesForm(
        formdata=None, prefix=DUTIES, role=user.role.value, agency=agency.licence.number if agency else "",
        countries=[c for c in (user.attache_countries or "").split(",") if c], supervisor=user.is_supervisor)
    return render_template("admin/user.html", user=user, agency=agency, duties=duties,
                           reason=forms.get("reason") or ReasonForm(), messages=list(messages),
                           roles=Role), status


@bp.get("/users/<public('users'):user_id>")
@roles_required(Role.ADMINISTRATOR)
def user(user_id: int):
    """One account: its duties and status, the forms that change them, a link to its actions."""
    return _user_page(_user_or_404(user_id))


@bp.post("/users/<public('users'):user_id>/duties")
@roles_required(Role.ADMINISTRATOR)
def change_duties(user_id: int):
    user, form, admin = _user_or_404(user_id), DutiesForm(prefix=DUTIES), current_user._get_current_object()
    return web.post(form, lambda: accounts.change_duties(admin, user, form.duties(), form.reason.data),
                    done=_("The account's duties are changed; its sessions have ended."),
                    to=url_for("admin.user", user_id=user.public_id),
                    page=lambda outcome: _user_page(user, outcome.status, outcome.messages, duties=form))


@bp.post("/users/<public('users'):user_id>/<any(deactivate, reactivate):change>")
@roles_required(Role.ADMINISTRATOR)
def change_status(user_id: int, change: str):
    user, form, admin = _user_or_404(user_id), ReasonForm(), current_user._get_current_object()
    action = accounts.deactivate if change == "deactivate" else accounts.reactivate
    done = _("The account is deactivated; its sessions have ended.") if change == "deactivate" else _(
        "The account is active again.")
    return web.post(form, lambda: action(admin, user, form.reason.data), done=done,
                    to=url_for("admin.user", user_id=user.public_id),
                    page=lambda outcome: _user_page(user, outcome.status, outcome.messages, reason=form))


@bp.post("/users/<public('users'):user_id>/reset-password")
@roles_required(Role.ADMINISTRATOR)
def reset_password(user_id: int):
    """The old password stops working; the administrator is shown a one-time link, once."""
    user, form, admin = _user_or_404(user_id), ReasonForm(), current_user._get_current_object()
    outcome = web.submit(form, lambda: accounts.reset_password(admin, user, form.reason.data))
    if not outcome.done:
        return _user_page(user, outcome.status, outcome.messages, reason=form)
    return _show_link(user, outcome.result)


def _show_link(user: User, token: str):
    """Show the one-time link once, and e-mail it to the account's holder when mail is configured."""
    link = public_url("portal.set_password", token=token)
    hours = int(current_app.config["SET_PASSWORD_LINK_HOURS"])
    mailed = _mail_link(user, link, hours)
    return render_template("admin/link.html", user=user, link=link, hours=hours, mailed=mailed), 200, {
        "Cache-Control": "no-store"}


def _mail_link(user: User, link: str, hours: int) -> bool:
    body = ngettext("Set your password for the recruitment portal with this link. It works once and expires in "
                    "%(num)d hour:", "Set your password for the recruitment portal with this link. It works once "
                    "and expires in %(num)d hours:", hours) + f"\n\n{link}\n"
    try:
        return mail.send(user.email, _("Set your password"), body)
    except OSError as error:  # the link is still shown; the administrator passes it on another way
        current_app.logger.warning("mail not sent", extra={"event": "mail", "error": type(error).__name__})
        return False


# The audit log

AUDIT_PER_PAGE = 100
IDENTITY_VIEWS = ("grievance.view_", "contract.view_worker")  # looks at a worker's identity
FILTERS = ("actor", "action", "object_type", "object_id", "since", "until", "identity")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _audit_query(args: dict) -> sa.Select:
    """The entries the filters ask for, newest first."""
    stmt = sa.select(AuditEntry).order_by(AuditEntry.id.desc())
    if args["actor"]:
        stmt = stmt.where(sa.func.lower(AuditEntry.actor).like(f"%{args['actor'].lower()}%"))
    if args["action"]:
        stmt = stmt.where(AuditEntry.action.startswith(args["action"], autoescape=True))
    if args["object_type"]:
        stmt = stmt.where(AuditEntry.object_type == args["object_type"])
    if args["object_id"]:
        stmt = stmt.where(AuditEntry.object_id == args["object_id"])
    if args["identity"]:
        stmt = stmt.where(sa.or_(*(AuditEntry.action.startswith(a) for a in IDENTITY_VIEWS)))
    for key, compare in (("since", AuditEntry.at.__ge__), ("until", AuditEntry.at.__lt__)):
        day = _day(args[key])
        if day:
            moment = datetime.combine(day + timedelta(days=key == "until"), time(), tzinfo=UTC)
            stmt = stmt.where(compare(moment))
    return stmt


# an object's page: its endpoint, the address's variable, the table of its public id
OBJECT_PAGES = {"Agency": ("registry.agency_desk", "agency_id", "agencies"),
                "Contract": ("contracts.detail", "contract_id", "contracts"),
                "User": ("admin.user", "user_id", "users"),
                "ForeignParty": ("registry.foreign_party", "party_id", "foreign_parties"),
                "TemplateVersion": ("contracts.version", "version_id", "contract_template_versions")}


def object_links(entries: list[AuditEntry]) -> dict[int, str | None]:
    """Each entry's object page, by entry id, and its actor's public id known: a query a table, not one a link."""
    licences = [int(e.object_id) for e in entries if e.object_type == "Licence" and e.object_id.isdigit()]
    licence_agency = {licence: agency for licence, agency in db.session.execute(
        sa.select(Licence.id, Licence.agency_id).where(Licence.id.in_(licences)))} if licences else {}
    public_ids.preload("users", [entry.actor_id for entry in entries])
    for kind, (_endpoint, _name, table) in OBJECT_PAGES.items():
        public_ids.preload(table, [int(entry.object_id) for entry in entries
                                   if entry.object_type == kind and entry.object_id.isdigit()])
    details = [audit.details_of(e).get("agency_id") for e in entries if e.object_type not in OBJECT_PAGES]
    public_ids.preload("agencies", [*licence_agency.values(), *(a for a in details if isinstance(a, int))])
    return {entry.id: _object_link(entry, licence_agency) for entry in entries}


def _object_link(entry: AuditEntry, licence_agency: dict[int, int]) -> str | None:
    """The page of the entry's object, when it has one (a licence's: its agency's)."""
    ident = entry.object_id
    if entry.object_type == "Licence":
        agency_id = licence_agency.get(int(ident)) if ident.isdigit() else None
        return url_for("registry.agency_desk", agency_id=agency_id) if agency_id else None
    if entry.object_type == "Grievance":
        reference = audit.details_of(entry).get("reference")
        return url_for("grievances.case", reference=reference) if reference else None
    if entry.object_type in OBJECT_PAGES and ident.isdigit():
        endpoint, name, _table = OBJECT_PAGES[entry.object_type]
        return url_for(endpoint, **{name: int(ident)})
    agency_id = audit.details_of(entry).get("agency_id")  # a director, a guarantee: their agency's page
    return url_for("registry.agency_desk", agency_id=agency_id) if isinstance(agency_id, int) else None


@bp.get("/audit")
@roles_required(Role.ADMINISTRATOR)
def audit_log():
    """The audit log, newest first, filtered; above it the chain's state and head hash as its last verification
    (scheduled, or asked for here) found them: verifying the whole chain on every view would read every entry."""
    args = {key: request.args.get(key, "").strip() for key in FILTERS}
    older, newer = request.args.get("older", type=int), request.args.get("newer", type=int)
    entries, older_than, newer_than = _audit_page(_audit_query(args), older, newer)
    check = audit.last_check()
    return render_template("admin/audit.html", entries=entries, older_than=older_than, newer_than=newer_than,
                           args=args, chain=check, overdue=audit.is_overdue(check), verify_form=ButtonForm(),
                           links=object_links(entries))


@bp.post("/audit/verify")
@roles_required(Role.ADMINISTRATOR)
def verify_audit():
    """Verify the whole chain now (the scheduler does it every hour); the result is kept and shown, and the
    request is in the log."""
    admin = current_user._get_current_object()

    def verify_now():
        check = audit.check_chain(admin)
        audit.record("audit.verify", check, actor=admin, intact=check.ok, entries=check.entries)
        return check

    return web.post(ButtonForm(), verify_now, to=url_for("admin.audit_log"),
                    done=lambda check: _("The chain is verified.") if check.ok else _("The chain is broken."),
                    page=lambda outcome: (audit_log(), outcome.status))


def _audit_page(stmt: sa.Select, older: int | None, newer: int | None) -> tuple[list, int | None, int | None]:
    """A page of entries, newest first, older than entry `older` (or newer than `newer`): a range on the primary
    key, so that an old page costs what the first does; and where the older and newer pages start."""
    if newer:
        rows = list(db.session.scalars(stmt.where(AuditEntry.id > newer).order_by(None)
                                       .order_by(AuditEntry.id).limit(AUDIT_PER_PAGE + 1)))
        more_newer, rows = len(rows) > AUDIT_PER_PAGE, rows[:AUDIT_PER_PAGE][::-1]
        return rows, rows[-1].id if rows else None, rows[0].id if rows and more_newer else None
    if older:
        stmt = stmt.where(AuditEntry.id < older)
    rows = list(db.session.scalars(stmt.limit(AUDIT_PER_PAGE + 1)))
    more, rows = len(rows) > AUDIT_PER_PAGE, rows[:AUDIT_PER_PAGE]
    return rows, rows[-1].id if rows and more else None, rows[0].id if rows and older else None


def _csv_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/audit.csv")
@roles_required(Role.ADMINISTRATOR)
def audit_csv():
    """The filtered audit log as CSV, every field of every entry."""
    args = {key: request.args.get(key, "").strip() for key in FILTERS}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at", "actor_id", "actor", "action", "object_type", "object_id", "reason", "details",
                     "prev_hash", "hash"])
    for e in db.session.scalars(_audit_query(args)).yield_per(500):
        writer.writerow([_csv_cell(v) for v in (e.id, e.at.isoformat(), e.actor_id, e.actor, e.action, e.object_type,
                                                e.object_id, e.reason, e.details, e.prev_hash, e.hash)])
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=audit-log.csv", "Cache-Control": "no-store"})
