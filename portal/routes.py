"""Pages of the shell: home, health, logging in and out, choosing a language. (The pages that join
domains, such as the officials' desk, attach to the same blueprint from portal.pages.)"""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from portal import audit
from portal.auth import authenticate
from portal.database import utcnow
from portal.extensions import db, limiter
from portal.forms import LoginForm
from portal.i18n import LANGUAGE_COOKIE
from portal.security import configured_limit

bp = Blueprint("portal", __name__)


@bp.get("/health")
def health():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.get("/")
def home():
    return render_template("home.html")


def _safe_next(target: str | None, fallback: str) -> str:
    """Only same-site relative paths are followed after login or a language change."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return fallback


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(configured_limit("LOGIN_RATE_LIMIT"), methods=["POST"],
               deduct_when=lambda response: response.status_code != 302)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()
            login_user(user)
            session.permanent = True
            user.last_login_at = utcnow()
            audit.record("user.login", user, actor=user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next"), url_for("portal.desk")))
        form.password.errors.append(_("The email or password is not right."))
    return render_template("login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("portal.home"))


@bp.get("/language/<code>")
def choose_language(code: str):
    response = redirect(_safe_next(request.args.get("next"), url_for("portal.home")))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
