"""The licensing officers' watch abroad: foreign employers and partner agencies with their watchlist
standing, and deployment bans."""
import sqlalchemy as sa
from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.database import today
from portal.extensions import db
from portal.models import AuditEntry
from registry import bp, services
from registry.forms import BanForm, ForeignPartyForm, LiftBanForm, WatchlistForm
from registry.models import DeploymentBan, ForeignParty, PartyKind, WatchlistStatus
from registry.routes.desk import officials


@bp.route("/desk/foreign-parties", methods=["GET", "POST"])
@officials
def foreign_parties():
    """Foreign employers and partner agencies with their watchlist standing; a form to add one."""
    form = ForeignPartyForm()
    kind, watch = request.args.get("kind", ""), request.args.get("watchlist", "")

    def page(outcome: web.Outcome | None = None):
        stmt = sa.select(ForeignParty).order_by(ForeignParty.name, ForeignParty.id)
        if kind in {k.value for k in PartyKind}:
            stmt = stmt.where(ForeignParty.kind == kind)
        if watch in {w.value for w in WatchlistStatus}:
            stmt = stmt.where(ForeignParty.watchlist_status == watch)
        return render_template("registry/desk/foreign_parties.html", parties=db.session.scalars(stmt).all(),
                               form=form, messages=outcome.messages if outcome else [], kind=kind,
                               watch=watch), outcome.status if outcome else 200

    if request.method == "GET":
        return page()
    return web.post(form, lambda: services.add_foreign_party(current_user, **form.party_fields()),
                    done=lambda party: _("%(name)s is recorded.", name=party.name),
                    to=lambda party: url_for("registry.foreign_party", party_id=party.public_id), page=page)


def _render_party(party: ForeignParty, status: int = 200, form=None, messages=None):
    history = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.object_type == "ForeignParty", AuditEntry.object_id == str(party.id))
        .order_by(AuditEntry.id.desc())
    ).all()
    return render_template("registry/desk/foreign_party.html", party=party, history=history,
                           form=form or WatchlistForm(formdata=None), messages=messages or []), status


@bp.get("/desk/foreign-parties/<public('foreign_parties'):party_id>")
@officials
def foreign_party(party_id: int):
    return _render_party(db.get_or_404(ForeignParty, party_id))


@bp.post("/desk/foreign-parties/<public('foreign_parties'):party_id>/watchlist")
@officials
def foreign_party_watchlist(party_id: int):
    party = db.get_or_404(ForeignParty, party_id)
    form = WatchlistForm()
    return web.post(
        form, lambda: services.set_watchlist(party, WatchlistStatus(form.status.data), form.reason.data or "",
                                             current_user),
        done=lambda _result: _("The watchlist status of %(name)s is now: %(status)s.", name=party.name,
                               status=party.watchlist_status.label),
        to=url_for("registry.foreign_party", party_id=party.public_id),
        page=lambda outcome: _render_party(party, outcome.status, form, outcome.messages))


# ---------------------------------------------------------------- deployment bans


def _render_bans(status: int = 200, form=None, messages=None, lift_forms=None, lift_errors=None, top=None):
    bans = db.session.scalars(sa.select(DeploymentBan).order_by(DeploymentBan.starts_on.desc(),
                                                               DeploymentBan.id.desc())).all()
    day = today()
    current = [b for b in bans if b.ends_on is None or b.ends_on >= day]
    past = [b for b in bans if b.ends_on is not None and b.ends_on < day]
    lifts = {b.id: LiftBanForm(prefix=f"lift-{b.public_id}", formdata=None) for b in current if b.applies_on(day)}
    lifts.update(lift_forms or {})
    return render_template(
        "registry/desk/bans.html", current=current, past=past, today=day,
        form=form or BanForm(formdata=None), messages=messages or [], lift_forms=lifts, lift_errors=lift_errors or {},
        top=top or [],
    ), status


@bp.route("/desk/bans", methods=["GET", "POST"])
@officials
def bans():
    """Deployment bans in force, coming and past; a form to add one."""
    if request.method == "GET":
        return _render_bans()
    form = BanForm()
    return web.post(
        form, lambda: services.add_ban(current_user, form.country.data, form.sector.data or None, form.starts_on.data,
                                       form.ends_on.data, form.reason.data or ""),
        done=_("The deployment ban is recorded."), to=lambda ban: url_for("registry.bans") + f"#ban-{ban.public_id}",
        page=lambda outcome: _render_bans(outcome.status, form, outcome.messages))


@bp.post("/desk/bans/<public('deployment_bans'):ban_id>/lift")
@officials
def ban_lift(ban_id: int):
    ban = db.get_or_404(DeploymentBan, ban_id)
    form = LiftBanForm(prefix=f"lift-{ban.public_id}")

    def page(outcome: web.Outcome):
        if not ban.applies_on(today()):  # no lift form for it on the page: say why at the top
            return _render_bans(outcome.status, top=outcome.messages)
        return _render_bans(outcome.status, lift_forms={ban.id: form}, lift_errors={ban.id: outcome.messages})

    return web.post(form, lambda: services.lift_ban(ban, current_user, form.reason.data.strip()),
                    done=_("The ban is lifted."), to=url_for("registry.bans"), page=page)
