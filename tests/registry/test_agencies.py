"""An agency's record: its people and their vetting, the registration number."""

import pytest

from portal.errors import DomainError
from registry import services
from registry.models import PersonRole, VettingStatus


def test_vetting_needs_a_police_clearance_and_a_reason_to_reject(make_agency, officer):
    agency = make_agency(status="application")
    person = services.add_person(agency, role=PersonRole.DIRECTOR, name="A", nationality="UG", id_number="1")
    with pytest.raises(DomainError):
        services.vet_person(person, VettingStatus.VETTED, "", officer)
    with pytest.raises(DomainError):
        services.vet_person(person, VettingStatus.REJECTED, " ", officer)
    services.vet_person(person, VettingStatus.REJECTED, "Record of fraud", officer)
    assert person.vetting_status == VettingStatus.REJECTED


def test_registration_numbers_are_unique(make_agency):
    make_agency("First", registration_number="REG-1")
    with pytest.raises(DomainError) as taken:
        make_agency("Second", registration_number="REG-1")
    assert taken.value.field == "registration_number"
