"""Phoenix-firm matching on the index of what agencies share (registry.link_index): the keys follow every change,
and finding an agency's links is a few index look-ups, not a comparison with every agency."""
import sqlalchemy as sa

from portal.extensions import db
from registry import services
from registry.models import Agency, AgencyKey, PersonRole
from registry.services.links import _candidates


def _keys(agency) -> set:
    return set(db.session.execute(sa.select(AgencyKey.kind, AgencyKey.key).where(AgencyKey.agency_id == agency.id)))


def test_the_keys_follow_the_agency_and_its_people(make_agency, officer):
    agency = make_agency("Kestrel Sunbird Ltd", status="under_review", phone="0772 480116",
                         email=" Info@Kestrel.Example ")
    keys = _keys(agency)
    assert ("phone", "+256772480116") in keys and ("email", "info@kestrel.example") in keys
    services.add_person(agency, role=PersonRole.SHAREHOLDER, name="Josef Kiprono", nationality="UG",
                        id_number="cm 8800-4412/7")
    agency.phone = "+256 701 000 111"
    db.session.commit()
    keys = _keys(agency)
    assert {("person_id", "CM880044127"), ("person_word", "josef"), ("person_word", "kiprono"),
            ("phone", "+256701000111")} <= keys
    assert ("phone", "+256772480116") not in keys
    agency.people.remove(agency.people[-1])
    db.session.commit()
    assert ("person_word", "josef") not in _keys(agency)


def test_finding_links_takes_as_many_queries_with_many_agencies(make_agency, officer, queries):
    """The links of an applicant are found in a number of queries that does not grow with the registry."""
    revoked = make_agency("Bidii Njema Employment Agency", status="revoked", phone="+256 772 480 116")
    revoked.directors[0].name = "Joseph Kiprono Mwangi"
    applicant = make_agency("Upeo Mpya Recruitment Ltd", status="under_review")
    services.add_person(applicant, role=PersonRole.SHAREHOLDER, name="Josef Kiprono Mwangi", nationality="UG",
                        id_number="KE-1")
    db.session.commit()

    def links():
        db.session.expire_all()
        with queries() as run:
            found = [(link.agency.legal_name, [str(s) for s in link.shared])
                     for link in services.agency_links(db.session.get(Agency, applicant.id))]
        return found, len(run), {a.legal_name for a in _candidates(applicant)}

    few, few_queries, few_read = links()
    for n in range(12):  # agencies sharing nothing with the applicant
        make_agency(f"Kasuku Sanaa Travel {n}", status="application", phone=f"+256 703 {n:03d} 999")
    many, many_queries, many_read = links()
    assert few == many and few[0][0] == "Bidii Njema Employment Agency"
    assert "A person named alike: Josef Kiprono Mwangi here, Joseph Kiprono Mwangi there" in few[0][1]
    assert many_queries == few_queries
    assert many_read == few_read  # none of the twelve is even read
