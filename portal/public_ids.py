"""Addresses carry public ids, never integer keys: one URL converter for every route.

A rule names the table of its object, `/contracts/<public('contracts'):contract_id>`. Matching takes the
opaque public id from the address; before the view runs (after the CSRF check, so that a post without its
token is refused the same whatever it names), the row is loaded by its public id and the view receives its
integer key (an unknown id answers 404): views and services keep working with keys, and their
`db.session.get` finds the row already loaded. Building an address takes the object itself, its public id,
or (a redirect back to the page just acted on) its key, translated once per request — an integer key never
reaches an address.
"""
import re

import sqlalchemy as sa
from flask import Flask, abort, current_app, g, request
from werkzeug.routing import BaseConverter

from portal.database import PUBLIC_ID_PATTERN
from portal.extensions import db


class PublicId(str):
    """A public id read from an address, with the table it names a row of."""

    table: str

    def __new__(cls, value: str, table: str):
        public_id = super().__new__(cls, value)
        public_id.table = table
        return public_id


class PublicIdConverter(BaseConverter):
    """`<public('table'):name>`: an opaque public id in the address, the row's key in the view."""

    regex = PUBLIC_ID_PATTERN
    part_isolating = True

    def __init__(self, url_map, table: str):
        super().__init__(url_map)
        self.table = table

    def to_python(self, value: str) -> PublicId:
        return PublicId(value, self.table)

    def to_url(self, value) -> str:
        public_id = getattr(value, "public_id", value)
        if isinstance(public_id, bool) or not isinstance(public_id, str | int):
            raise TypeError(f"an address needs a row of {self.table} or its public id, not {value!r}")
        if isinstance(public_id, int):
            public_id = public_id_of(self.table, public_id)
        if not re.fullmatch(PUBLIC_ID_PATTERN, public_id):
            raise ValueError(f"{public_id!r} is not a public id of {self.table}")
        return super().to_url(public_id)


def _table(name: str) -> sa.Table:
    return db.metadata.tables[name]


def _known() -> dict:
    """This request's rows named in its address and public ids looked up, by (table, key), each once."""
    if "public_ids" not in g:
        g.public_ids = {}
    return g.public_ids


def public_id_of(table: str, key: int) -> str:
    """The public id of the row with this key (a LookupError when there is none: a bug, not a 404)."""
    known = _known()
    if (table, key) not in known:
        rows = _table(table)
        public_id = db.session.scalar(sa.select(rows.c.public_id).where(rows.c.id == key))
        if public_id is None:
            raise LookupError(f"no row {key} in {table}")
        known[(table, key)] = public_id
    return getattr(known[(table, key)], "public_id", known[(table, key)])


def preload(table: str, keys) -> None:
    """The public ids of many rows of a table in one query, for a page that links to each of them by key
    (public_id_of then finds them known instead of asking once per link)."""
    known = _known()
    wanted = {key for key in keys if key is not None and (table, key) not in known}
    if wanted:
        rows = _table(table)
        known.update({(table, key): public_id for key, public_id in
                      db.session.execute(sa.select(rows.c.id, rows.c.public_id).where(rows.c.id.in_(wanted)))})


def _model(table: str):
    """The mapped class of a table."""
    return next(m.class_ for m in db.Model.registry.mappers if m.local_table.name == table)


def key_of(public_id: PublicId) -> int:
    """The key of the row with this public id, loaded into the session; 404 when there is none (as for a row
    one may not see)."""
    model = _model(public_id.table)
    row = db.session.scalar(sa.select(model).where(model.public_id == str(public_id)))
    if row is None:
        abort(404)
    _known()[(public_id.table, row.id)] = row  # held for the request: the session keeps rows only weakly
    return row.id


def looked_up_by_the_view(view):
    """The view receives the public id itself and finds its row (the public profile: its cached page costs the
    one query of its cache key, which selects by public id)."""
    view.looks_up_public_ids = True
    return view


def resolve_public_ids() -> None:
    """Before the view: every public id in the address becomes its row's key (unless the view looks it up)."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if getattr(view, "looks_up_public_ids", False):
        return
    values = request.view_args or {}
    for name, value in values.items():
        if isinstance(value, PublicId):
            values[name] = key_of(value)


def init_app(app: Flask) -> None:
    """Install the converter (before any blueprint adds its rules) and the resolution before every view
    (after CSRFProtect's check: call this after csrf.init_app)."""
    app.url_map.converters["public"] = PublicIdConverter
    app.before_request(resolve_public_ids)
