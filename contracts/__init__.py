"""Contracts: to be built (see the issues). register(app) binds its blueprints."""


def register(app) -> None:
    """Nothing to register yet."""
