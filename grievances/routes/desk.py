"""The case officers' desk: the queue with its filters and deadlines, one case with a form for each step
open to the officer, and evidence files served only to those who may see the worker's identity."""
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, flash, make_response, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from grievances import bp
from grievances import services as svc
from grievances.forms import AssignForm, MessageForm, NoteForm, QueueFilterForm, ReasonForm, ReferForm, ResolveForm
from grievances.models import EvidenceFile, Grievance
from grievances.replies import StandardMessage
from grievances.routes import private
from grievances.services.deadlines import RESOLVE_WITHIN_DAYS
from grievances.timeline import OFFICIAL, timeline
from portal import web
from portal.auth import roles_required
from portal.countries import country_choices, country_codes
from portal.database import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.forms import ButtonForm, choices
from portal.models import Role, User
from portal.text import _l, _ln

case_officers = roles_required(Role.CASE_OFFICER)  # administrators pass too
CASES_PER_PAGE = 50


@bp.get("/grievances/cases")
@case_officers
def queue():
    """The case officers' queue: filters, deadlines and overdue marks."""
    form = QueueFilterForm(request.args)
    countries = svc.attache_countries(current_user) if not svc.sees_all_cases(current_user) else []
    form.destination.choices = country_choices(blank=_l("Any"), codes=countries or country_codes())
    found = svc.queue(current_user, form.filters(), after=request.args.get("after", "")[:13],
                      before=request.args.get("before", "")[:13], per_page=CASES_PER_PAGE)
    now = utcnow()
    rows = [(g, svc.overdue_deadlines(g, now), svc.next_deadline(g)) for g in found.cases]
    args = {k: v for k, v in request.args.items() if k not in ("after", "before", "page")}
    return render_template("grievances/queue.html", form=form, rows=rows, found=found, args=args,
                           attache_countries=countries, counted=svc.CASES_COUNTED)


# ---------------------------------------------------------------- one case


def _assign(grievance: Grievance, user: User, form: AssignForm):
    chosen = form.officer.data or ""  # the officer's public id: a page never shows a row's key
    officer = db.session.scalar(sa.select(User).where(User.public_id == chosen)) if chosen else None
    if officer is None:
        raise DomainError(_l("Choose an active case officer."), field="officer")
    return svc.assign(grievance, user, officer)


def _resolve(grievance: Grievance, user: User, form: ResolveForm):
    return svc.resolve(grievance, user, form.outcome.data or "", form.summary.data or "",
                       svc.parse_amount(form.amount.data), form.currency.data or "")


@dataclass(frozen=True)
class CaseStep:
    """A form posted on the case page: its fields, the service it calls, and what the officer is told."""

    form: type
    run: Callable[[Grievance, User, object], object]
    done: object


CASE_STEPS = {
    "take": CaseStep(ButtonForm, lambda g, user, _f: svc.assign(g, user, None),
                     _l("You took this case. You now see the worker's identity and contacts.")),
    "assign": CaseStep(AssignForm, _assign, _l("The case was assigned.")),
    "acknowledge": CaseStep(ButtonForm, lambda g, user, _f: svc.acknowledge(g, user),
                            _l("The case is acknowledged. The worker sees this when they follow the case.")),
    "investigate": CaseStep(ButtonForm, lambda g, user, _f: svc.start_investigation(g, user),
                            _l("The investigation has started.")),
    "refer": CaseStep(ReferForm, lambda g, user, f: svc.refer(g, user, f.target.data or "", f.to_whom.data or "",
                                                              f.referred_on.data, f.note.data or ""),
                      _l("The referral is recorded.")),
    "resolve": CaseStep(ResolveForm, _resolve, _l("The case is resolved.")),
    "close": CaseStep(ButtonForm, lambda g, user, _f: svc.close(g, user), _l("The case is closed.")),
    "reopen": CaseStep(ReasonForm, lambda g, user, f: svc.reopen(g, user, f.reason.data or ""),
                       _ln("The case is reopened, with a new deadline of %(num)d day.",
                           "The case is reopened, with a new deadline of %(num)d days.", RESOLVE_WITHIN_DAYS)),
    "withdraw": CaseStep(ReasonForm, lambda g, user, f: svc.withdraw(g, user, f.reason.data or ""),
                         _l("The withdrawal is recorded.")),
    "message": CaseStep(MessageForm, lambda g, user, f: svc.message_worker(g, user, f.body.data or "",
                                                                           language=f.language.data),
                        _l("Your message was sent to the worker.")),
    "note": CaseStep(NoteForm, lambda g, user, f: svc.add_note(g, user, f.body.data or ""),
                     _l("The note was added.")),
}


def _render_case(grievance: Grievance, submitted: tuple[str, object] | None = None, error: str = "",
                 status: int = 200):
    """The case page; submitted is (step, form) of a refused POST, shown again with the reason."""
    user = current_user._get_current_object()
    forms = {name: step.form(formdata=None, prefix=name) for name, step in CASE_STEPS.items()}
    if submitted:
        forms[submitted[0]] = submitted[1]
    else:
        _start_message(forms["message"], grievance, request.args.get("standard"))
    officers = svc.case_officers(grievance) if svc.sees_all_cases(user) else []
    forms["assign"].officer.choices = choices(((u.public_id, u.name or u.email) for u in officers), _("Choose"))
    identity = svc.can_see_identity(user, grievance)
    if identity:
        web.run(lambda: svc.record_identity_view(user, grievance))
    page = render_template(
        "grievances/case.html", grievance=grievance, forms=forms, identity=identity,
        can_act=svc.can_act(user, grievance), allowed=svc.allowed_actions(grievance),
        sees_all=svc.sees_all_cases(user), timeline=timeline(grievance, OFFICIAL),
        parties=svc.liable_parties(grievance), contract=svc.linked_contract(grievance),
        overdue=svc.overdue_deadlines(grievance), next_deadline=svc.next_deadline(grievance),
        error_action=submitted[0] if submitted else None, error=error, standard_messages=list(StandardMessage),
    )
    return private(make_response(page, status))


def _start_message(form: MessageForm, grievance: Grievance, standard: str | None) -> None:
    """The message box starts in the worker's language, filled with the standard message the officer chose."""
    form.language.data = grievance.language
    if standard in StandardMessage.__members__.values():
        form.body.data = StandardMessage(standard).text_in(grievance.language)


@bp.get("/grievances/cases/<reference>")
@case_officers
def case(reference: str):
    """One case with a form for each step open to the officer; a look at the worker's identity is audited."""
    return _render_case(svc.get_case(reference, current_user))


@bp.post("/grievances/cases/<reference>/<action>")
@case_officers
def case_action(reference: str, action: str):
    """One workflow step, message or note; a refused step shows the case again with the reason."""
    step = CASE_STEPS.get(action)
    if step is None:
        abort(404)
    user = current_user._get_current_object()
    grievance = svc.get_case(reference, user)
    form = step.form(prefix=action)
    if action == "assign":
        form.officer.choices = choices([], "")
    outcome = web.submit(form, lambda: step.run(grievance, user, form))
    if not outcome.done:
        error = " ".join(outcome.messages) or _("Please correct the fields marked below.")
        return _render_case(grievance, (action, form), error, outcome.status)
    flash(str(step.done), "info")
    return redirect(url_for("grievances.case", reference=grievance.reference), code=303)


@bp.get("/grievances/evidence/<public('grievance_evidence'):evidence_id>")
@login_required
def evidence(evidence_id: int):
    """An evidence file, only for those who may see the worker's identity; every view is audited."""
    item = db.session.get(EvidenceFile, evidence_id)
    user = current_user._get_current_object()
    if item is None or not svc.can_see_identity(user, item.grievance):
        abort(404)
    web.run(lambda: svc.record_identity_view(user, item.grievance, "evidence"))
    response = send_file(svc.evidence_path(item), mimetype=item.mime_type, download_name=item.original_name,
                         as_attachment=item.mime_type == "application/pdf", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
