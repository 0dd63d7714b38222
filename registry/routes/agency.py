"""A representative's own agency: its licence, people, guarantees and documents, the licensing office's
queries and the answers, and the renewal application. Supporting documents are served here too."""
from flask import abort, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal import web
from portal.auth import roles_required
from portal.extensions import db
from portal.models import Role
from registry import bp, services
from registry.forms import AnswerForm, RenewalForm
from registry.models import Agency, AgencyDocument, LicenceStatus

representatives = roles_required(Role.AGENCY_REPRESENTATIVE)


def _my_agency() -> Agency:
    if current_user.agency_id is None:
        abort(403)
    return db.get_or_404(Agency, current_user.agency_id)


def _can_renew(agency: Agency) -> bool:
    return (services.effective_status(agency.licence) in (LicenceStatus.LICENSED, LicenceStatus.EXPIRED)
            and not agency.licence.renewal_requested_at)


def _render(agency: Agency, status: int = 200, forms: dict | None = None, errors: dict | None = None):
    all_forms = {"message": AnswerForm(prefix="message", formdata=None),
                 "renewal": RenewalForm(prefix="renewal", formdata=None)}
    all_forms.update(forms or {})
    return render_template(
        "registry/desk/my_agency.html", agency=agency, forms=all_forms, errors=errors or {},
        can_renew=_can_renew(agency), blockers=services.licence_blockers(agency),
    ), status


def _page(agency: Agency, key: str, form, shown: bool = True):
    """The agency's page shown again with the refused form and its reasons (at the top when the form
    is no longer on the page)."""

    def page(outcome: web.Outcome):
        return _render(agency, outcome.status, {key: form}, {key if shown else "page": outcome.messages})

    return page


@bp.get("/my-agency")
@representatives
def my_agency():
    """The representative's own agency: status, people, guarantees, documents, queries, renewal."""
    return _render(_my_agency())


@bp.post("/my-agency/messages")
@representatives
def my_agency_message():
    agency = _my_agency()
    form = AnswerForm(prefix="message")
    return web.post(form, lambda: services.answer_query(agency, current_user, form.body.data or "", form.files()),
                    done=_("Your answer is sent to the licensing office."),
                    to=url_for("registry.my_agency") + "#messages", page=_page(agency, "message", form))


@bp.post("/my-agency/renewal")
@representatives
def my_agency_renewal():
    agency = _my_agency()
    form = RenewalForm(prefix="renewal")
    return web.post(
        form, lambda: services.submit_renewal(agency, current_user, form.note.data, form.guarantee_fields(),
                                              form.document_file()),
        done=_("Your renewal application is received."), to=url_for("registry.my_agency"),
        page=_page(agency, "renewal", form, shown=_can_renew(agency)))


@bp.get("/documents/<public('agency_documents'):document_id>")
@login_required
def document(document_id: int):
    """A supporting document, to licensing officers and to the owning agency's representatives only."""
    doc = db.get_or_404(AgencyDocument, document_id)
    owner = current_user.role == Role.AGENCY_REPRESENTATIVE and current_user.agency_id == doc.agency_id
    if not (owner or current_user.has_role(Role.LICENSING_OFFICER)):
        abort(404)  # the same answer as for a document that does not exist
    return send_file(services.document_path(doc), mimetype="application/pdf", as_attachment=True,
                     download_name=doc.original_name, max_age=0)


