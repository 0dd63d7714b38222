"""The officials' list of every agency: filters, count and page in SQL (a regional registry holds 100,000)."""
from datetime import date, timedelta

import pytest

from portal.extensions import db


@pytest.fixture
def as_officer(login, officer):
    login(officer)
    return officer


def test_the_list_finds_by_name_typos_allowed_and_by_number(client, make_agency, as_officer):
    pearl = make_agency("Pearl Horizon Recruitment Ltd", status="licensed")
    make_agency("Nile Crest Manpower Ltd", status="under_review")
    late = make_agency("Savannah Gateway Ltd", status="licensed")
    late.licence.valid_until = date.today() - timedelta(days=1)  # past its date: expired, as in force today
    db.session.commit()

    def listed(**args):
        html = client.get("/desk/agencies", query_string=args).get_data(as_text=True)
        return {n for n in ("Pearl Horizon", "Nile Crest", "Savannah Gateway") if n in html}

    assert listed(q="perl horizn") == {"Pearl Horizon"}
    assert listed(q=pearl.licence.number.lower().replace("/", " ")) == {"Pearl Horizon"}
    assert listed(q=pearl.registration_number) == {"Pearl Horizon"}
    assert listed(status="under_review") == {"Nile Crest"}
    assert listed(status="expired") == {"Savannah Gateway"}
    assert listed(status="licensed") == {"Pearl Horizon"}
    assert listed(status="licensed", q="nile") == set()
    assert "1 agency" in client.get("/desk/agencies?status=expired").get_data(as_text=True)


def test_the_list_sends_as_many_queries_whatever_the_registry_holds(client, make_agency, as_officer, queries):
    def statements(**args):
        with queries() as run:
            assert client.get("/desk/agencies", query_string=args).status_code == 200
        return len(run)

    make_agency("Pearl Horizon Recruitment Ltd")
    few = [statements(), statements(q="pearl"), statements(status="licensed")]
    for n in range(8):
        make_agency(f"Pearl Number {n} Ltd", status="licensed" if n % 2 else "suspended")
    assert [statements(), statements(q="pearl"), statements(status="licensed")] == few
