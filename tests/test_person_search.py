"""Front-door search: the same child is found despite spelling, sound-alike names and swapped dates."""

from __future__ import annotations

import datetime

import pytest

from alongside.people.search import people_search
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "mohammed": PersonFactory(
            first_names="Mohammed",
            last_name="Rahman",
            date_of_birth=datetime.date(2015, 3, 7),
            postcode="LS1 4AB",
        ),
        "katherine": PersonFactory(
            first_names="Katherine",
            last_name="Thompson",
            date_of_birth=datetime.date(2012, 11, 20),
            nhs_number="9434765919",
        ),
        "other": PersonFactory(
            first_names="Zara", last_name="Quill", date_of_birth=datetime.date(2010, 1, 1)
        ),
    }


def ids(matches):
    return [m.person.pk for m in matches]


def test_transliterated_name_is_found_by_sound(people):
    matches = people_search(name="Muhammad Rehman")
    assert people["mohammed"].pk in ids(matches)
    assert people["other"].pk not in ids(matches)
    found = next(m for m in matches if m.person.pk == people["mohammed"].pk)
    assert "Last name sounds alike" in found.reasons


def test_misspelled_name_is_found(people):
    assert ids(people_search(name="Catherine Tompson"))[0] == people["katherine"].pk


def test_date_of_birth_with_day_and_month_swapped_is_found(people):
    matches = people_search(date_of_birth=datetime.date(2015, 7, 3))
    assert ids(matches) == [people["mohammed"].pk]
    assert matches[0].reasons == ["Date of birth with day and month swapped"]


def test_postcode_ignores_spaces_and_case(people):
    assert ids(people_search(postcode="ls14ab")) == [people["mohammed"].pk]


def test_identifier_match_ranks_first(people):
    matches = people_search(name="Zara Quill", identifier="943 476 5919")
    assert ids(matches)[0] == people["katherine"].pk
    assert "Same identifier" in matches[0].reasons


def test_name_and_date_together_rank_above_name_alone(people):
    twin_name = PersonFactory(
        first_names="Mohammed", last_name="Rahman", date_of_birth=datetime.date(2001, 1, 1)
    )
    matches = people_search(name="Mohammed Rahman", date_of_birth=datetime.date(2015, 3, 7))
    assert ids(matches)[:2] == [people["mohammed"].pk, twin_name.pk]


def test_empty_search_finds_nobody(people):
    assert people_search() == []


def test_search_page_needs_something_to_search_for(cast):
    from tests.conftest import staff_client

    page = staff_client(cast["worker"]).get("/staff/people/?name=").content.decode()
    assert "Enter a name, date of birth, postcode or identifier" in page


def test_search_page_shows_own_cases_as_links_and_others_with_break_glass(cast):
    from tests.conftest import staff_client
    from tests.factories import CaseFactory

    child = cast["case"].child
    other = CaseFactory(team=cast["team_b"], child__last_name=child.last_name)
    page = (
        staff_client(cast["worker"])
        .get(f"/staff/people/?name={child.first_names}+{child.last_name}")
        .content.decode()
    )
    assert f"/staff/cases/{cast['case'].pk}/?from=search" in page
    assert f"?reference={other.reference}" in page


def test_restricted_child_is_left_out_of_search_for_everyone_not_listed(cast):
    from alongside.cases.services import case_restrict
    from tests.conftest import staff_client

    child = cast["case"].child
    url = f"/staff/people/?name={child.first_names}+{child.last_name}"
    card = f'summary-card__title">{child.full_name}<'
    assert card in staff_client(cast["other_worker"]).get(url).content.decode()
    case_restrict(
        case=cast["case"], reason="Staff family", allowed=[cast["manager"]], by=cast["manager"]
    )
    assert card not in staff_client(cast["other_worker"]).get(url).content.decode()
    assert card in staff_client(cast["manager"]).get(url).content.decode()
