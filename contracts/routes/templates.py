"""The licensing officers' standard contract templates: the list, a new template, a version's page, a new
version copied from the latest, editing a draft version and publishing it."""
import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contracts import bp, services
from contracts.forms import NewTemplateForm, TermsForm
from contracts.models import Contract, ContractTemplate, TemplateVersion, TemplateVersionStatus
from portal import web
from portal.auth import roles_required
from portal.extensions import db
from portal.forms import ButtonForm
from portal.models import Role

officers = roles_required(Role.LICENSING_OFFICER)


def _terms_page(form: TermsForm, version: TemplateVersion | None):
    def page(outcome: web.Outcome | None = None):
        if outcome is not None:
            form.form_errors.extend(outcome.messages)
        return render_template("contracts/template_edit.html", form=form,
                               version=version), outcome.status if outcome else 200

    return page


def _back_with_reasons(to: str):
    """A refused button: back to the page, the reasons on top."""
    def page(outcome: web.Outcome):
        for message in outcome.messages:
            flash(message, "error")
        return redirect(to)

    return page


def _version_page(version: TemplateVersion) -> str:
    return url_for("contracts.version", version_id=version.public_id)


@bp.get("/contracts/templates")
@officers
def templates():
    """Every template with its versions, newest first."""
    items = db.session.scalars(
        sa.select(ContractTemplate).order_by(ContractTemplate.destination_country, ContractTemplate.sector)).all()
    return render_template("contracts/templates.html", templates=items, confirm_form=ButtonForm())


@bp.route("/contracts/templates/new", methods=["GET", "POST"])
@officers
def new_template():
    """A template for a new destination and sector; its version 1 starts as a draft with the standard clauses."""
    form = NewTemplateForm()
    page = _terms_page(form, None)
    if request.method == "GET":
        form.fill_clauses(services.default_clauses())
        return page()

    def create():
        return services.create_template(current_user, form.destination_country.data, form.sector.data,
                                        form.occupation.data, clauses=form.clause_rows(), **form.terms())

    return web.post(form, create, done=_("Version 1 is saved as a draft. Publish it when it is ready."),
                    to=lambda template: _version_page(template.versions[0]), page=page)


@bp.get("/contracts/templates/versions/<public('contract_template_versions'):version_id>")
@officers
def version(version_id: int):
    """A version's minimum terms and clauses in every language, and how many contracts were made from it."""
    v = db.get_or_404(TemplateVersion, version_id)
    used = db.session.scalar(sa.select(sa.func.count()).select_from(Contract).where(
        Contract.template_version_id == v.id))
    return render_template("contracts/version.html", v=v, used=used, confirm_form=ButtonForm())


@bp.post("/contracts/templates/<public('contract_templates'):template_id>/versions")
@officers
def new_version(template_id: int):
    """A new draft version copied from the latest one."""
    template = db.get_or_404(ContractTemplate, template_id)
    return web.post(ButtonForm(), lambda: services.new_version(template, current_user),
                    done=lambda v: _("Version %(n)d is a new draft copied from the latest version.", n=v.number),
                    to=lambda v: url_for("contracts.edit_version", version_id=v.public_id),
                    page=_back_with_reasons(url_for("contracts.templates")))


@bp.route("/contracts/templates/versions/<public('contract_template_versions'):version_id>/edit", methods=["GET",
                                                                                                           "POST"])
@officers
def edit_version(version_id: int):
    """Change a draft version's minimum terms and clauses (a published version never changes)."""
    v = db.get_or_404(TemplateVersion, version_id)
    if v.status != TemplateVersionStatus.DRAFT:
        flash(_("A published version never changes: make a new version instead."), "error")
        return redirect(_version_page(v))
    form = TermsForm(obj=v if request.method == "GET" else None)
    page = _terms_page(form, v)
    if request.method == "GET":
        form.fill_clauses([{"kind": c.kind.value, "heading": c.heading, "body": c.body, "language": c.language}
                           for c in v.clauses])
        return page()
    return web.post(form, lambda: services.update_version(v, current_user, clauses=form.clause_rows(),
                                                          **form.terms()),
                    done=_("The draft version is saved."), to=_version_page(v), page=page)


@bp.post("/contracts/templates/versions/<public('contract_template_versions'):version_id>/publish")
@officers
def publish_version(version_id: int):
    """Publish a draft version: new contracts are made from it; the previous version retires."""
    v = db.get_or_404(TemplateVersion, version_id)
    return web.post(ButtonForm(), lambda: services.publish_version(v, current_user),
                    done=_("Version %(n)d is published. New contracts are made from it.", n=v.number),
                    to=_version_page(v), page=_back_with_reasons(_version_page(v)))
