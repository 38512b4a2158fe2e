"""Recording someone new at the front door searches first and shows likely matches."""

from __future__ import annotations

import datetime

import pytest

from alongside.accounts.models import Role
from alongside.people.models import Person
from tests.conftest import staff_client
from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/staff/front-door/new-person/"


@pytest.fixture
def officer(db):
    return UserFactory(team=TeamFactory(name="Front door"), role=Role.FRONT_DOOR)


def typed(**overrides):
    data = {
        "first_names": "Muhammad",
        "last_name": "Rehman",
        "date_of_birth_day": "7",
        "date_of_birth_month": "3",
        "date_of_birth_year": "2015",
        "sex": "M",
        "postcode": "ls1 4ab",
        "address": "2 Fictional Close",
    }
    data.update(overrides)
    return data


def test_likely_matches_are_shown_before_anyone_is_recorded_and_what_was_typed_is_kept(officer):
    existing = PersonFactory(
        first_names="Mohammed",
        last_name="Rahman",
        date_of_birth=datetime.date(2015, 3, 7),
        postcode="LS1 4AB",
    )
    client = staff_client(officer)
    response = client.post(URL, typed())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mohammed Rahman" in html and "Last name sounds alike" in html
    assert f"/staff/front-door/new/?person={existing.pk}" in html
    assert "None of these: record a new person" in html
    assert 'value="Muhammad"' in html and 'value="Rehman"' in html
    assert "2 Fictional Close" in html and 'value="2015"' in html
    assert not Person.objects.filter(last_name="Rehman").exists()

    response = client.post(URL, {**typed(), "none_of_these": "yes"})
    person = Person.objects.get(last_name="Rehman")
    assert response["Location"] == f"/staff/front-door/new/?person={person.pk}"
    assert person.postcode == "LS1 4AB" and person.created_by == officer


def test_with_no_likely_match_the_person_is_recorded_at_once(officer):
    PersonFactory(first_names="Zara", last_name="Quill", date_of_birth=datetime.date(2010, 1, 1))
    response = staff_client(officer).post(
        URL, typed(first_names="Ada", last_name="Oyelaran", postcode="")
    )
    assert response.status_code == 302
    assert Person.objects.filter(last_name="Oyelaran").exists()


def test_children_of_restricted_cases_are_not_shown_as_matches(officer):
    hidden = PersonFactory(first_names="Muhammad", last_name="Rehman")
    CaseFactory(child=hidden, is_restricted=True, restriction_reason="Staff family")
    response = staff_client(officer).post(URL, typed(postcode="", date_of_birth_year="2016"))
    assert response.status_code == 302
    assert Person.objects.filter(last_name="Rehman").count() == 2


def test_mistakes_are_still_shown_before_matches(officer):
    PersonFactory(first_names="Mohammed", last_name="Rahman")
    html = staff_client(officer).post(URL, typed(first_names="")).content.decode()
    assert "There is a problem" in html and "Enter their first names" in html
    assert "None of these" not in html
