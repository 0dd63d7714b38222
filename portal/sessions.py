"""Sessions that the server can end: each names its account's session version (User.get_id), so raising
the version ends them all at once; idle and absolute timeouts are checked on every request."""
import time

from flask import current_app, flash, g, session
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from portal.extensions import db, login_manager
from portal.models import User

STARTED, SEEN = "_started", "_seen"  # Unix times kept in the signed session cookie


@login_manager.user_loader
def load_user(token: str) -> User | None:
    """The active account a session names, while its session version is still the account's."""
    user_id, _dot, version = token.partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None  # a session from before versions: sign in again
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def start_session(user: User) -> None:
    """A fresh session for the user (nothing carried over from before signing in)."""
    session.clear()
    login_user(user)
    session.permanent = True
    session[STARTED] = session[SEEN] = int(time.time())


def end_session(user: User) -> None:
    """Sign out here and end every other session of the account (a copied cookie stops working)."""
    user.end_sessions()
    logout_user()
    session.clear()


def enforce_timeouts() -> None:
    """Before each request: sign out a session idle too long or older than the absolute limit."""
    g.pop("_login_user", None)  # judge each request's own session (an app context may outlive a request)
    if "_user_id" not in session:
        return
    now = int(time.time())
    idle = 60 * int(current_app.config["SESSION_IDLE_MINUTES"])
    absolute = 3600 * int(current_app.config["SESSION_ABSOLUTE_HOURS"])
    if now - session.get(SEEN, 0) > idle or now - session.get(STARTED, 0) > absolute:
        logout_user()
        session.clear()
        flash(_("Your session has ended. Please log in again."), "info")
    elif now - session.get(SEEN, 0) >= 60:  # rewrite the cookie at most once a minute
        session[SEEN] = now
