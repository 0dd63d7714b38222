"""A response cache for public pages and JSON (Flask-Caching): on Redis when CACHE_REDIS_URL or REDIS_URL is
set, so that every process shares it; in-process otherwise. Entries are keyed by what they show, so that a change
shows at once in every process and a stale entry is never read again (it expires).

Two ways to know what a page shows now:

- **In the database** (always right, the only way without Redis): a version the database itself keeps (e.g. an
  agency's public_version, raised in the same transaction as every licence decision or grievance change), read by
  one query on every request, hit or not.
- **Generations in Redis** (with Redis only): after a transaction commits, a fresh value that never repeats
  (time and randomness, never a counter that could start again after an eviction) is written for each thing it
  changed (`renew_later` collects their names in the session, `renew_generations` writes them after the commit;
  a rollback drops them). A page is keyed by the generations it was made under, read from Redis *before* the
  database, so that a reader racing a commit can at worst store an old page under the old generation, which the
  commit's new generation stops anyone reading. A generation that is missing (evicted, expired) is made anew
  before the database is read: nothing made before can carry it. A hit costs Redis round trips and no SQL.

Every process that changes data must share the Redis of the processes that serve it (the same REDIS_URL for web
workers, `flask jobs run` and any command), or its changes raise no generation. `flask backup restore` clears
this cache (every key under the prefix, generations included)."""
import os
import secrets
import time
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from flask import Flask, has_app_context, session
from flask_caching.backends.rediscache import RedisCache
from flask_login import current_user
from sqlalchemy.orm import Session

from portal.extensions import cache

TIMEOUT = 600  # seconds an entry lives (a page changes its key when its data changes)
GENERATION_TIMEOUT = 86400  # a generation outlives the entries made under it; one lost is only made anew
GENERATION = "generation:"  # the prefix of generations' keys (under the cache's own prefix, so clear() takes them)
_RENEWED = "portal.cache.renew"  # session.info: the generations to renew when the transaction commits


def init_app(app: Flask) -> None:
    """Redis when configured, in-process otherwise."""
    url = app.config.get("CACHE_REDIS_URL") or os.environ.get("CACHE_REDIS_URL") or os.environ.get("REDIS_URL")
    config = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url} if url else {"CACHE_TYPE": "SimpleCache"}
    if app.config.get("CACHE_TYPE"):
        config = {"CACHE_TYPE": app.config["CACHE_TYPE"]}
    cache.init_app(app, config=config | {"CACHE_DEFAULT_TIMEOUT": TIMEOUT, "CACHE_KEY_PREFIX": "portal:"})


def for_everyone() -> bool:
    """Whether this request is the public's (no account, no message waiting), whose pages are the same for all."""
    return not (current_user.is_authenticated or session.get("_flashes"))


def cached(key: str, make: Callable[[], Any]) -> Any:
    """What is stored under key, or make() stored there; only for the public (for_everyone)."""
    if not for_everyone():
        return make()
    body = cache.get(key)
    if body is None:
        body = make()
        cache.set(key, body)
    return body


def shared() -> bool:
    """Whether the cache is Redis, shared by every process (and so able to hold generations)."""
    return has_app_context() and isinstance(cache.cache, RedisCache)


def read(*keys: str) -> list:
    """The entries under these keys, in one round trip (MGET). A generation's key (GENERATION + name) that holds
    nothing is given a fresh generation first (unless another process gives one at the same moment)."""
    values = cache.get_many(*keys)
    for at, key in enumerate(keys):
        if values[at] is None and key.startswith(GENERATION):
            cache.add(key, _fresh(), timeout=GENERATION_TIMEOUT)  # SET NX: a value given meanwhile wins
            values[at] = cache.get(key)
    return values


def renew_generations(names: Iterable[str]) -> None:
    """Give each named thing a fresh generation: nothing stored under its old one is read again."""
    if names and shared():
        cache.set_many({GENERATION + name: _fresh() for name in names}, timeout=GENERATION_TIMEOUT)


def renew_later(session: Session, *names: str) -> None:
    """Renew these generations once the session's transaction commits (forgotten if it rolls back)."""
    session.info.setdefault(_RENEWED, set()).update(names)


def _fresh() -> str:
    return f"{time.time_ns():x}.{secrets.token_hex(4)}"  # never given twice, even after Redis lost the key


@sa.event.listens_for(Session, "after_commit")
def _renew_committed(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint released is not yet a commit
        renew_generations(session.info.pop(_RENEWED, ()))


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_rolled_back(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended without a commit (or after it: empty)
        session.info.pop(_RENEWED, None)
