"""A response cache for public pages and JSON (Flask-Caching): on Redis when CACHE_REDIS_URL or REDIS_URL is
set, so that every process shares it; in-process otherwise. Entries are keyed by what they show, including a
version of the data that the database itself keeps (e.g. an agency's public_version, raised in the same
transaction as every licence decision or grievance change): a change shows at once in every process, Redis
or not, and a stale entry is never read again (it expires)."""
import os
from collections.abc import Callable
from typing import Any

from flask import Flask, session
from flask_login import current_user

from portal.extensions import cache

TIMEOUT = 600  # seconds an entry lives (a page changes its key when its data changes)


def init_app(app: Flask) -> None:
    """Redis when configured, in-process otherwise."""
    url = app.config.get("CACHE_REDIS_URL") or os.environ.get("CACHE_REDIS_URL") or os.environ.get("REDIS_URL")
    config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url} if url else {"CACHE_TYPE": "SimpleCache"}
    if app.config.get("CACHE_TYPE"):
        config = {"CACHE_TYPE": app.config["CACHE_TYPE"]}
    cache.init_app(app, config=config | {"CACHE_DEFAULT_TIMEOUT": TIMEOUT, "CACHE_KEY_PREFIX": "portal:"})


def cached(key: str, make: Callable[[], Any]) -> Any:
    """What is stored under key, or make() stored there; only for the public (no account, no message
    waiting), whose pages are the same for everyone."""
    if current_user.is_authenticated or session.get("_flashes"):
        return make()
    body = cache.get(key)
    if body is None:
        body = make()
        cache.set(key, body)
    return body

