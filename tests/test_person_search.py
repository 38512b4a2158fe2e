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
