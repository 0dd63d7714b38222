"""The shell: create_app() binds extensions, blueprints, error handlers and commands."""
from pathlib import Path

from flask import Flask

from portal.config import load_config
from portal.extensions import api, babel, csrf, db, limiter, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(overrides: dict | None = None) -> Flask:
    """Build the portal; overrides (tests) win over the environment and the defaults."""
    instance_path = (overrides or {}).get("INSTANCE_PATH")  # tests keep their files apart
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
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
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def register_extensions(app: Flask) -> None:
    from portal.database import configure_sqlite, render_migration_item
    from portal.i18n import select_locale

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)
    migrate.init_app(
        app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True, render_item=render_migration_item
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "portal.login"
    login_manager.session_protection = "strong"
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    api.init_app(app)


def register_blueprints(app: Flask) -> None:
    import contracts
    import grievances
    import registry
    from portal import routes

    app.register_blueprint(routes.bp)
    for domain in (registry, contracts, grievances):
        domain.register(app)


def register_errorhandlers(app: Flask) -> None:
    from portal.errors import register_errorhandlers as register

    register(app)


def register_hooks(app: Flask) -> None:
    from portal.i18n import country_name, template_globals
    from portal.security import set_security_headers

    app.after_request(set_security_headers)
    app.context_processor(template_globals)
    app.jinja_env.filters["country_name"] = country_name
    app.jinja_env.globals["has_endpoint"] = lambda name: name in app.view_functions


def register_commands(app: Flask) -> None:
    from portal.cli import audit_cli, demo_cli, users_cli

    for group in (users_cli, audit_cli, demo_cli):
        app.cli.add_command(group)

