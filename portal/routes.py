"""Pages of the shell: home, health, logging in and out, one's own account, choosing a language. (The
pages that join domains, such as the officials' desk, attach to the same blueprint from portal.pages.)"""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from portal import accounts, audit, throttle, web
from portal.auth import authenticate, change_password, normalise_email
from portal.database import utcnow
from portal.extensions import db
from portal.forms import LoginForm, PasswordChangeForm, SetPasswordForm
from portal.i18n import LANGUAGE_COOKIE
from portal.sessions import end_session, start_session

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
def login():
    """Sign in; failures are throttled per account and per address (portal.throttle)."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("login.html", form=form), 422 if form.errors else 200
    email, address = normalise_email(form.email.data), request.remote_addr or "-"
    wait = throttle.wait_before_trying(email, address)
    user = None if wait else authenticate(email, form.password.data)
    if user is not None:
        start_session(user)
        user.last_login_at = utcnow()
        audit.record("user.login", user, actor=user)
        db.session.commit()
        return redirect(_safe_next(request.args.get("next"), url_for("portal.desk")))
    wait = wait or throttle.record_failure(email, address)
    if wait:
        return _throttled(form, wait)
    form.password.errors.append(_("The email or password is not right."))
    return render_template("login.html", form=form), 422


def _throttled(form, seconds: int):
    """429 with Retry-After and a message saying how long to wait."""
    minutes = max(1, -(-seconds // 60))
    form.password.errors.append(ngettext(
        "Too many failed attempts. Try again in %(num)d minute.",
        "Too many failed attempts. Try again in %(num)d minutes.", minutes))
    return render_template("login.html", form=form), 429, {"Retry-After": str(seconds)}


@bp.post("/logout")
def logout():
    """Sign out, ending every session of the account (a copied cookie stops working too)."""
    if current_user.is_authenticated:
        end_session(current_user)
        db.session.commit()
    flash(_("You are logged out."), "info")
    return redirect(url_for("portal.home"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """One's own account: change the password (every other session then ends)."""
    form = PasswordChangeForm()
    if request.method == "GET":
        return render_template("account.html", form=form)
    user = current_user._get_current_object()
    outcome = web.submit(form, lambda: _change_password(user, form))
    if not outcome.done:
        return render_template("account.html", form=form, messages=outcome.messages), outcome.status
    start_session(user)  # this session goes on under the new session version
    flash(_("Your password is changed. You were signed out everywhere else."), "info")
    return redirect(url_for("portal.account"))


def _change_password(user, form: PasswordChangeForm) -> None:
    change_password(user, form.current_password.data, form.password.data)
    audit.record("user.password_change", user, actor=user)


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """Set one's password through the one-time link an administrator issued."""
    user = accounts.account_for_link(token)
    headers = {"Cache-Control": "no-store"}
    if user is None:
        return render_template("set_password.html", form=None), 404, headers
    form = SetPasswordForm()
    if request.method == "GET":
        return render_template("set_password.html", form=form, user=user), 200, headers
    outcome = web.submit(form, lambda: accounts.set_password_from_link(token, form.password.data))
    if not outcome.done:
        return render_template("set_password.html", form=form, user=user,
                               messages=outcome.messages), outcome.status, headers
    flash(_("Your password is set. You can log in now."), "info")
    return redirect(url_for("portal.login"))


@bp.get("/language/<code>")
def choose_language(code: str):
    response = redirect(_safe_next(request.args.get("next"), url_for("portal.home")))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
