"""create_app(): configuration, extensions, every domain's blueprints and commands, error handlers, hooks.

It imports every domain: the shell sits above them all (see ARCHITECTURE.md).
"""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import contracts
import grievances
import registry
from contracts import guards
from grievances import recruiter_index
from portal import (
    admin,
    assets,
    backup,
    cache,
    cli,
    logs,
    metrics,
    pages,
    public_ids,
    routes,
    scheduler,
    sessions,
    uploads,
)
from portal.config import load_config
from portal.countries import country_name
from portal.database import configure_sqlite, render_migration_item
from portal.errors import register_errorhandlers
from portal.extensions import api, babel, csrf, db, limiter, login_manager, migrate
from portal.i18n import isolate, select_locale, template_globals, written
from portal.security import keep_private_pages_out_of_caches, refuse_nul_characters, set_security_headers
from registry import foreign_index, link_index, search_index

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")
DOMAINS = (registry, contracts, grievances)  # in the order their dependencies run


def create_app(overrides: dict | None = None) -> Flask:
    """Build the portal; overrides (tests) win over the environment and the defaults."""
    instance_path = (overrides or {}).get("INSTANCE_PATH")  # tests keep their files apart
    app = Flask("portal", instance_relative_config=True, instance_path=instance_path)
    load_config(app, overrides)
    trust_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_hooks(app)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind a reverse proxy, take the client's address and scheme from it (rate limits need them)."""
    count = int(app.config["TRUSTED_PROXIES"])
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def in_models(name, type_, parent_names) -> bool:
    """What Alembic compares with the models: everything but the search indexes the database keeps."""
    return not any(index.INDEX.is_index_object(name)
               for index in (search_index, recruiter_index, foreign_index, link_index))


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
    migrate.init_app(
        app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True, render_item=render_migration_item,
        include_name=in_models,
    )
    csrf.init_app(app)
    public_ids.init_app(app)  # after the CSRF check, before any blueprint (its rules use the converter)
    login_manager.init_app(app)
    login_manager.login_view = "portal.login"
    login_manager.session_protection = "strong"
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    logs.init_app(app)
    api.init_app(app)
    uploads.init_app(app)
    assets.init_app(app)
    cache.init_app(app)
    guards.init_app(app)


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(routes.bp)  # the shell's pages, pages.py's joined pages among them
    app.register_blueprint(admin.bp)
    app.register_blueprint(metrics.bp)
    api.register_blueprint(pages.api_blp)
    for domain in DOMAINS:
        domain.register(app)


def register_hooks(app: Flask) -> None:
    app.before_request(metrics.start_timer)
    app.after_request(metrics.observe)
    app.before_request(sessions.enforce_timeouts)
    app.before_request(routes.require_two_factor)
    app.before_request(refuse_nul_characters)
    app.after_request(set_security_headers)
    app.after_request(keep_private_pages_out_of_caches)
    app.context_processor(template_globals)
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.filters["ltr"] = isolate
    app.jinja_env.filters["written"] = written


def register_commands(app: Flask) -> None:
    for group in (cli.users_cli, cli.audit_cli, cli.demo_cli, scheduler.jobs_cli, backup.backup_cli):
        app.cli.add_command(group)
