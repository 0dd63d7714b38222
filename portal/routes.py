"""Pages of the shell: home, health, logging in and out, one's own account, choosing a language. (The
pages that join domains, such as the officials' desk, attach to the same blueprint from portal.pages.)"""
import time
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from portal import accounts, audit, throttle, twofactor, web
from portal.auth import authenticate, change_password, normalise_email
from portal.database import utcnow
from portal.extensions import db
from portal.forms import ButtonForm, CodeForm, LoginForm, PasswordChangeForm, SetPasswordForm
from portal.i18n import LANGUAGE_COOKIE
from portal.models import User
from portal.sessions import end_session, start_session

bp = Blueprint("portal", __name__)
PENDING = "_two_factor_pending"  # the account awaiting its code after a right password
ENROLLING = "_two_factor_secret"  # the secret shown while enrolling, until a code confirms it


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
    """Sign in; failures are throttled per account and per address (portal.throttle). An account with
    two-factor sign-in goes on to the code step."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("login.html", form=form), 422 if form.errors else 200
    email, address = normalise_email(form.email.data), request.remote_addr or "-"
    wait = throttle.wait_before_trying(email, address)
    user = None if wait else authenticate(email, form.password.data)
    if user is not None and user.totp_enabled_at:
        db.session.commit()  # a rehashed password is kept
        session.clear()
        session[PENDING] = {"id": user.id, "v": user.session_version, "at": int(time.time()),
                            "next": request.args.get("next") or ""}
        return redirect(url_for("portal.login_code"))
    if user is not None:
        return _signed_in(user, request.args.get("next"))
    wait = wait or throttle.record_failure(email, address)
    if wait:
        return _throttled(form, wait)
    form.password.errors.append(_("The email or password is not right."))
    return render_template("login.html", form=form), 422


def _signed_in(user, next_url: str | None):
    start_session(user)
    user.last_login_at = utcnow()
    audit.record("user.login", user, actor=user, two_factor=bool(user.totp_enabled_at))
    db.session.commit()
    return redirect(_safe_next(next_url, url_for("portal.desk")))


def _pending_user():
    """The account whose password was right and whose code is awaited (for five minutes)."""
    pending = session.get(PENDING) or {}
    user = db.session.get(User, pending.get("id", 0))
    fresh = int(time.time()) - pending.get("at", 0) < 300
    if user is None or not fresh or not user.active or user.session_version != pending.get("v"):
        return None
    return user


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    """The second step: the code the authenticator app shows, or a recovery code."""
    user = _pending_user()
    if user is None:
        flash(_("Please log in again."), "info")
        return redirect(url_for("portal.login"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("login_code.html", form=form), 422 if form.errors else 200
    address = request.remote_addr or "-"
    wait = throttle.wait_before_trying(user.email, address)
    if not wait and twofactor.check(user, form.code.data):
        return _signed_in(user, session.get(PENDING, {}).get("next"))
    wait = wait or throttle.record_failure(user.email, address)
    if wait:
        return _throttled(form, wait, field="code", page="login_code.html")
    form.code.errors.append(_("That code is not right. Type the 6 digits your app shows now."))
    return render_template("login_code.html", form=form), 422


def _throttled(form, seconds: int, field: str = "password", page: str = "login.html"):
    """429 with Retry-After and a message saying how long to wait."""
    minutes = max(1, -(-seconds // 60))
    form[field].errors.append(ngettext(
        "Too many failed attempts. Try again in %(num)d minute.",
        "Too many failed attempts. Try again in %(num)d minutes.", minutes))
    return render_template(page, form=form), 429, {"Retry-After": str(seconds)}


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


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def two_factor():
    """Enrol an authenticator app: scan the QR code, type a code it shows; the recovery codes are shown once."""
    user = current_user._get_current_object()
    if user.totp_enabled_at:
        return render_template("two_factor.html", form=ButtonForm(), left=twofactor.recovery_codes_left(user),
                               required=twofactor.required_for(user))
    secret = session.get(ENROLLING) or twofactor.new_secret()
    session[ENROLLING] = secret
    form = CodeForm()
    outcome = web.submit(form, lambda: _enable(user, secret, form.code.data)) if request.method == "POST" else None
    if outcome is None or not outcome.done:
        return render_template("two_factor_enrol.html", form=form, secret=secret, qr=twofactor.qr_code(user, secret),
                               required=twofactor.required_for(user)), outcome.status if outcome else 200
    session.pop(ENROLLING, None)
    return render_template("recovery_codes.html", codes=outcome.result), 200, {"Cache-Control": "no-store"}


def _enable(user, secret: str, code: str) -> list[str]:
    codes = twofactor.enable(user, secret, code)
    audit.record("user.two_factor_on", user, actor=user)
    return codes


@bp.post("/account/two-factor/off")
@login_required
def two_factor_off():
    """Turn two-factor sign-in off (not for roles that require it)."""
    user = current_user._get_current_object()
    return web.post(ButtonForm(), lambda: (twofactor.disable(user), audit.record("user.two_factor_off", user,
                                                                                  actor=user)),
                    done=_("Two-factor sign-in is off."), to=url_for("portal.two_factor"),
                    page=lambda outcome: (render_template("error.html", status=outcome.status,
                                                          message=outcome.messages[0]), outcome.status))


TWO_FACTOR_FREE = {"portal.two_factor", "portal.logout", "portal.choose_language", "portal.health", "static"}


def require_two_factor():
    """Before each request: an account that must use two-factor sign-in enrols before anything else."""
    if (current_user.is_authenticated and not current_user.totp_enabled_at
            and request.endpoint not in TWO_FACTOR_FREE and twofactor.required_for(current_user)):
        flash(_("Your role requires two-factor sign-in. Set it up to continue."), "info")
        return redirect(url_for("portal.two_factor"))
    return None


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
