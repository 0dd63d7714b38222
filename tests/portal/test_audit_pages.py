"""The audit log pages on from an entry (keyset on its id), not by OFFSET: a log of millions reads its 100th
page as fast as its first, and each entry is shown once."""
import re

import pytest

from portal import audit
from portal.extensions import db
from portal.models import Role
from tests.factories import text


def _shown(html: str) -> list[str]:
    return re.findall(r"paging test (\d+)", html)


def test_older_and_newer_pages_walk_the_log_once(client, make_user, login, monkeypatch):
    monkeypatch.setattr("portal.admin.AUDIT_PER_PAGE", 2)
    admin = make_user(Role.ADMINISTRATOR, email="grace@ministry.test")
    for n in range(5):
        audit.record("user.note", admin, reason=f"paging test {n}", actor=admin)
    db.session.commit()
    login(admin)
    url, pages = "/admin/audit?action=user.note", []
    while url:
        html = text(client.get(url))
        pages.append(_shown(html))
        older = re.search(r'href="([^"]+)">Older', html)
        url = older.group(1).replace("&amp;", "&") if older else None
        assert "page=" not in (url or "") and (url is None or "action=user.note" in url)
    assert pages == [["4", "3"], ["2", "1"], ["0"]]
    newer = re.search(r'href="([^"]+)">Newer', html).group(1).replace("&amp;", "&")
    back = text(client.get(newer))
    assert _shown(back) == ["2", "1"] and "Newer" in back
    assert "Newer" not in text(client.get("/admin/audit?action=user.note"))


@pytest.mark.parametrize("query", ["older=abc", "newer=-5", "older=999999"])
def test_a_strange_cursor_is_no_error(client, make_user, login, query):
    login(make_user(Role.ADMINISTRATOR, email="grace@ministry.test"))
    assert client.get("/admin/audit?" + query).status_code == 200
