"""Addresses carry opaque public ids, never the integer keys that would tell how many rows there are."""
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from contracts.models import Contract
from portal.database import PUBLIC_ID_PATTERN, new_public_id
from portal.public_ids import PublicIdConverter
from tests.factories import by_public_id
from tests.portal.test_authorization_matrix import _sign_in, _world

LINK = re.compile(r'(?:href|action|formaction)="([^"#]*)')
# The query values that are numbers by nature: a page of a list. The audit log is the chain of entries
# by number and names each entry's object as the database keeps it (see SECURITY.md).
NUMBERS = {"page"}
AUDIT_LOG = {"admin.audit_log", "admin.audit_csv"}
START = ["/", "/desk/applications", "/desk/agencies", "/desk/foreign-parties", "/desk/bans", "/contracts",
         "/contracts/templates", "/contracts/new", "/grievances/cases", "/my-agency", "/admin/users", "/admin/audit",
         "/agencies", "/desk/guarantees/expiring"]


def test_every_address_with_an_object_routes_by_its_public_id(app):
    rules = list(app.url_map.iter_rules())
    integer = [rule.rule for rule in rules if any(isinstance(c, IntegerConverter) for c in rule._converters.values())]
    assert integer == []
    named_by_key = [(rule.rule, name) for rule in rules for name, converter in rule._converters.items()
                    if name.endswith("_id") and not isinstance(converter, PublicIdConverter)]
    assert named_by_key == []


def test_an_address_is_built_from_the_object_its_public_id_or_its_key_alike(app, officer):
    contract = by_public_id(Contract, _world(officer)["contract_id"])
    with app.test_request_context():
        built = {url_for("contracts.detail", contract_id=value) for value in (contract, contract.public_id,
                                                                              contract.id)}
    assert built == {f"/contracts/{contract.public_id}"}


def test_the_key_or_an_unknown_public_id_answers_404(client, officer):
    world = _world(officer)
    _sign_in(client, "licensing", world, officer)
    contract = by_public_id(Contract, world["contract_id"])
    assert client.get(f"/contracts/{contract.public_id}").status_code == 200
    assert client.get(f"/contracts/{contract.id}").status_code == 404
    assert client.get(f"/contracts/{new_public_id()}").status_code == 404


def test_public_ids_are_random_never_numbers():
    ids = [new_public_id() for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert all(re.fullmatch(PUBLIC_ID_PATTERN, i) and not i.isdigit() for i in ids)


def _integer_ids(app, url: str) -> list[str]:
    """The parts of a same-site address that are integers standing for a row: a path segment of digits (but
    inside a licence number, which the public API takes as a path), a query value of digits."""
    parts = urlsplit(url)
    endpoint, args = "", {}
    for method in ("GET", "POST"):
        try:
            endpoint, args = app.url_map.bind("localhost").match(parts.path, method=method)
            break
        except HTTPException:
            continue
    if endpoint.endswith("static") or endpoint in AUDIT_LOG:
        return []
    within = "/".join(str(value) for value in args.values() if "/" in str(value))
    found = [segment for segment in parts.path.split("/") if segment.isdigit() and segment not in within.split("/")]
    found += [f"?{name}={value}" for name, value in parse_qsl(parts.query) if value.isdigit() and name not in NUMBERS]
    return found


def test_a_form_prefixed_with_a_public_id_names_its_fields_with_a_separator(app):
    """WTForms adds no '-' after a prefix ending in '-' or '_': an id drawn with them would rename the
    fields of forms prefixed by it (one page in 32 would post names its view does not read)."""
    ids = [new_public_id() for _ in range(2000)]
    assert not any(i[-1] in "-_;:/." for i in ids)
    assert all(i.isalnum() for i in ids)


def test_the_walk_sees_an_integer_id_in_a_path_or_a_query(app):
    assert _integer_ids(app, "/contracts/12") == ["12"]
    assert _integer_ids(app, "/desk/agencies/7/edit") == ["7"]
    assert _integer_ids(app, "/grievances/new?contract=3&page=2") == ["?contract=3"]
    assert _integer_ids(app, f"/contracts/{new_public_id()}?page=2") == []
    assert _integer_ids(app, "/api/v1/agencies/EA/2026/0001") == []


@pytest.mark.parametrize("principal", ["admin", "licensing", "rep_a", "case_officer", "worker", "anonymous"])
def test_no_page_links_to_an_integer_id(app, client, officer, principal, monkeypatch):
    """Walk every page each kind of user can reach from their home and the work lists, following every link
    and form; no address in them carries an integer key."""
    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", False)
    world = _world(officer)
    _sign_in(client, principal, world, officer)
    seen, queue, offending = set(), list(START) + [f"/agencies/{world['agency_id']}",
                                                   f"/grievances/cases/{world['reference']}"], []
    while queue and len(seen) < 250:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        links = LINK.findall(response.get_data(as_text=True)) if response.mimetype == "text/html" else []
        links += [response.headers["Location"]] if "Location" in response.headers else []
        response.close()
        for link in links:
            link = link.replace("&amp;", "&")
            parts = urlsplit(link)
            if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
                continue
            offending += [f"{url} → {link}: {bad}" for bad in _integer_ids(app, link)]
            if not parts.path.startswith(("/logout", "/grievances/track/leave", "/static", "/language")):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert len(seen) > 10
    assert offending == []
