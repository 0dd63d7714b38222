"""Configuration: defaults here, secrets and URLs from the environment (PORTAL_* or plain names)."""
import os
import secrets
from datetime import timedelta
from pathlib import Path


class Config:
    SQLALCHEMY_DATABASE_URI: str | None = None  # set in load_config
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    PERMANENT_SESSION_LIFETIME = timedelta(hours=2)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REQUIRE_2FA = True  # administrators and licensing officers sign in with a second factor (demo: off)
    SESSION_IDLE_MINUTES = 30  # a signed-in session unused this long ends
    SESSION_ABSOLUTE_HOURS = 8  # and any session ends this long after signing in
    SET_PASSWORD_LINK_HOURS = 48  # a set-password link issued by an administrator expires after this
    REMEMBER_COOKIE_DURATION = timedelta(0)
    WTF_CSRF_TIME_LIMIT = None  # the session lifetime bounds the token
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    ANSWER_MAX_FILES = 5  # PDF documents an agency sends with one answer to a licensing officer's query
    LANGUAGES = ["en", "sw", "am", "ar", "fr"]
    BABEL_DEFAULT_LOCALE = "en"
    # The language officials and agencies write their records in (reasons, notes, addresses of a referral, a
    # contract's job title): a worker's page shows such text as typed, marked with this language.
    RECORDS_LANGUAGE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;50 per hour"  # failed sign-ins from one address
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per 15 minutes;30 per day"  # failed sign-ins to one account, from anywhere
    APPLY_RATE_LIMIT = "5 per minute;20 per hour"
    GRIEVANCE_FILE_RATE_LIMIT = "5 per minute;30 per hour"
    GRIEVANCE_TRACK_RATE_LIMIT = "10 per minute;40 per hour"  # failed attempts only, per address
    GRIEVANCE_REPLY_RATE_LIMIT = "20 per hour"
    CONTRACT_CHECK_RATE_LIMIT = "60 per minute"  # a worker's check by code, page and API
    CONTRACT_PRINT_RATE_LIMIT = "30 per minute"
    CONTRACT_PDF_RATE_LIMIT = "10 per minute"
    PUBLIC_SEARCH_PER_PAGE = 20
    LICENCE_TERM_YEARS = 2
    # The least guarantee (bond) a licence needs, by licence class and currency; set per deployment, e.g.
    # PORTAL_GUARANTEE_MINIMUMS='{"general": {"UGX": 100000000}, "domestic": {"UGX": 100000000}}'
    # (Uganda), {"KES": 1500000} (Kenya), {"USD": 100000} (Ethiopia). A currency not listed is not accepted.
    GUARANTEE_MINIMUMS = {
        "general": {"UGX": 100_000_000, "KES": 1_500_000, "USD": 25_000},
        "domestic": {"UGX": 100_000_000, "KES": 1_500_000, "USD": 25_000},
    }
    # Where local phone numbers (without +country code) are from, for comparing them (ISO 3166 code).
    PHONE_REGION = "UG"
    # A guarantee that ends before the licence term: "refuse" the licence, or "cap" its validity at the expiry.
    GUARANTEE_SHORT_OF_TERM = "refuse"
    API_TITLE = "Recruitment registry and grievance portal API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    PUBLIC_BASE_URL: str | None = None  # used in QR codes; defaults to the request's host
    MAIL_SERVER = ""  # host:port of the SMTP server; set-password links are e-mailed when it is set
    MAIL_FROM = "no-reply@localhost"
    MAIL_USE_TLS = True
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    LOG_LEVEL = "INFO"
    METRICS_TOKEN = ""  # a client bearing it may read /metrics from elsewhere than this machine
    # The deployment's ministry in each language: {"en": {"name": …, "hotline": …, "address": …}, "sw": {…}}
    # (PORTAL_MINISTRY as JSON). A language without its own name uses the generic "Ministry of Labour".
    MINISTRY: dict = {}
    TRUSTED_PROXIES = 0  # proxies in front of the app whose X-Forwarded-For/-Proto to believe


def load_config(app, overrides: dict | None) -> None:
    """Fill app.config from defaults, the environment and the given overrides, in that order."""
    app.config.from_object(Config)
    app.config.from_prefixed_env("PORTAL")
    for name in ("SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URI", "PUBLIC_BASE_URL", "TRUSTED_PROXIES"):
        if name in os.environ:
            app.config[name] = os.environ[name]
    app.config.update(overrides or {})
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.setdefault("UPLOAD_FOLDER", os.path.join(app.instance_path, "uploads"))
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config.get("DATABASE_URL") or (
            "sqlite:///" + os.path.join(app.instance_path, "portal.sqlite3")
        )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")
    if not app.config.get("AUDIT_KEY"):  # outside the database, so a database copy cannot reseal the log
        app.config["AUDIT_KEY"] = _instance_secret(Path(app.instance_path) / "audit_key")
    app.config.setdefault("AUDIT_CHECKPOINT_FILE", os.path.join(app.instance_path, "audit-checkpoints.log"))


def _instance_secret(path: Path) -> str:
    """Read the secret key generated once into instance/, creating it on first start."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker wrote it first
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key
