"""Who may reach each page of the registry desk: anonymous, each role, another agency's representative."""
import pytest

from portal.database import new_public_id, today
from portal.extensions import db
from portal.models import Role
from registry import services
from registry.models import Agency, PartyKind
from tests.factories import by_public_id, upload


@pytest.fixture
def world(make_agency, make_user, officer):
    """Two agencies (one with a document), a foreign party and a ban; the ids the URLs need."""
    agency = make_agency("Blue Nile Recruiters Ltd", status="under_review")
    other = make_agency("Kilimanjaro Staffing Ltd", status="licensed")
    doc = services.store_document(agency, upload("certificate.pdf"), "incorporation", None)
    party = services.add_foreign_party(officer, kind=PartyKind.EMPLOYER, name="Desert Rose Household", country="SA")
    ban = services.add_ban(officer, "LB", None, today(), None, "Unsafe conditions")
    db.session.commit()
    return {"agency": agency.public_id, "other": other.public_id, "doc": doc.public_id, "party": party.public_id,
            "ban": ban.public_id,
            "person": agency.people[0].public_id, "guarantee": agency.guarantees[0].public_id}


OFFICIAL_GET = [
    "/desk/applications", "/desk/agencies", "/desk/agencies/new", "/desk/agencies/{agency}",
    "/desk/agencies/{agency}/edit", "/desk/foreign-parties", "/desk/foreign-parties/{party}", "/desk/bans",
]
OFFICIAL_POST = [
    "/desk/agencies/new", "/desk/agencies/{agency}/edit", "/desk/agencies/{agency}/decisions/issue",
    "/desk/agencies/{agency}/people", "/desk/people/{person}/vetting", "/desk/agencies/{agency}/guarantees",
    "/desk/guarantees/{guarantee}/verify", "/desk/agencies/{agency}/messages", "/desk/agencies/{agency}/review-flag",
    "/desk/foreign-parties", "/desk/foreign-parties/{party}/watchlist", "/desk/bans", "/desk/bans/{ban}/lift",
]


def _as(role, make_user, login, world):
    if role == "anonymous":
        return None
    if role == Role.AGENCY_REPRESENTATIVE:
        user = make_user(role, agency=by_public_id(Agency, world["other"]))
    else:
        user = make_user(role)
    login(user)
    return user


@pytest.mark.parametrize("url", OFFICIAL_GET)
@pytest.mark.parametrize("role, expected", [
    ("anonymous", 302), (Role.CASE_OFFICER, 403), (Role.AGENCY_REPRESENTATIVE, 403),
    (Role.LICENSING_OFFICER, 200), (Role.ADMINISTRATOR, 200),
])
def test_officials_pages(client, make_user, login, world, url, role, expected):
    _as(role, make_user, login, world)
    response = client.get(url.format(**world))
    assert response.status_code == expected
    if expected == 302:
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", OFFICIAL_POST)
@pytest.mark.parametrize("role, expected", [
    ("anonymous", 302), (Role.CASE_OFFICER, 403), (Role.AGENCY_REPRESENTATIVE, 403),
])
def test_officials_actions_refused_to_others(client, make_user, login, world, url, role, expected):
    from tests.factories import audit_count

    _as(role, make_user, login, world)
    before = audit_count()
    response = client.post(url.format(**world), data={"issue-reason": "x", "issue-order_reference": "O-1"})
    assert response.status_code == expected
    if expected == 302:
        assert "/login" in response.headers["Location"]
    assert audit_count() == before  # nothing was done


@pytest.mark.parametrize("role, expected", [
    ("anonymous", 302), (Role.CASE_OFFICER, 403), (Role.LICENSING_OFFICER, 403), (Role.ADMINISTRATOR, 403),
    (Role.AGENCY_REPRESENTATIVE, 200),
])
@pytest.mark.parametrize("method, url", [
    ("get", "/my-agency"), ("post", "/my-agency/messages"), ("post", "/my-agency/renewal"),
])
def test_my_agency_pages(client, make_user, login, world, role, expected, method, url):
    _as(role, make_user, login, world)
    response = getattr(client, method)(url)
    if method == "post" and expected == 200:
        expected = 422  # an empty form, but the page is theirs
    assert response.status_code == expected


@pytest.mark.parametrize("role, expected", [
    ("anonymous", 302), (Role.CASE_OFFICER, 404), (Role.LICENSING_OFFICER, 200), (Role.ADMINISTRATOR, 200),
])
def test_document_download_by_role(client, make_user, login, world, role, expected):
    _as(role, make_user, login, world)
    response = client.get(f"/documents/{world['doc']}")
    assert response.status_code == expected
    if expected == 200:
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.data.startswith(b"%PDF")
    response.close()


def test_document_reaches_its_own_agency_only(client, make_user, login, world):
    own = make_user(Role.AGENCY_REPRESENTATIVE, agency=by_public_id(Agency, world["agency"]))
    login(own)
    response = client.get(f"/documents/{world['doc']}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    response.close()
    client.post("/logout")
    login(make_user(Role.AGENCY_REPRESENTATIVE, agency=by_public_id(Agency, world["other"])))
    assert client.get(f"/documents/{world['doc']}").status_code == 404
    assert client.get(f"/documents/{new_public_id()}").status_code == 404


def test_representative_sees_only_their_own_agency(client, make_user, login, world):
    login(make_user(Role.AGENCY_REPRESENTATIVE, agency=by_public_id(Agency, world["other"])))
    page = client.get("/my-agency").get_data(as_text=True)
    assert "Kilimanjaro Staffing Ltd" in page
    assert "Blue Nile Recruiters Ltd" not in page
    assert client.get(f"/desk/agencies/{world['agency']}").status_code == 403
    assert client.get("/desk").headers["Location"].endswith("/my-agency")


def test_desk_links_to_the_registry_pages(client, officer, login):
    login(officer)
    page = client.get("/desk").get_data(as_text=True)
    for url in ("/desk/applications", "/desk/agencies", "/desk/foreign-parties", "/desk/bans"):
        assert f'href="{url}"' in page


def test_home_links_to_the_application_form(client):
    assert 'href="/apply"' in client.get("/").get_data(as_text=True)


def test_desk_stylesheet_is_served(client):
    response = client.get("/registry-static/desk.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert b".decisions" in response.data
    response.close()
