"""Identifiers and the person record: bad values get a clear message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from alongside.people.identifiers import (
    nhs_check_digit,
    upn_check_letter,
    validate_nhs_number,
    validate_upn,
)
from alongside.people.services import person_create, person_update
from tests.factories import PersonFactory


def test_known_good_nhs_number_passes():
    validate_nhs_number("943 476 5919")


@pytest.mark.parametrize("bad", ["9434765918", "123", "94347659199", "abcdefghij"])
def test_bad_nhs_numbers_are_refused(bad):
    with pytest.raises(ValidationError):
        validate_nhs_number(bad)


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_nhs_check_digit_round_trip(first_nine):
    check = nhs_check_digit(first_nine)
    number = first_nine + str(check if check is not None else 0)
    if check is None:
        with pytest.raises(ValidationError):
            validate_nhs_number(number)
    else:
        validate_nhs_number(number)
        wrong = first_nine + str((check + 1) % 10)
        if nhs_check_digit(first_nine) != (check + 1) % 10:
            with pytest.raises(ValidationError):
                validate_nhs_number(wrong)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_upn_check_letter_round_trip(last_twelve):
    letter = upn_check_letter(last_twelve)
    validate_upn(letter + last_twelve)
    other = next(c for c in "ABCDEFGHJKLMNPQRTUVWXYZ" if c != letter)
    with pytest.raises(ValidationError):
        validate_upn(other + last_twelve)


def test_upn_format_is_checked():
    with pytest.raises(ValidationError) as error:
        validate_upn("I12345678901A")
    assert error.value.code == "upn_format"


@pytest.mark.django_db
def test_person_create_reports_every_bad_identifier_at_once():
    with pytest.raises(ValidationError) as error:
        person_create(by=None, first_names="Rowan", last_name="Ashby", nhs_number="123", upn="X")
    assert set(error.value.message_dict) == {"nhs_number", "upn"}


@pytest.mark.django_db
def test_person_create_normalises_identifiers():
    upn = upn_check_letter("820200109001") + "820200109001"
    person = person_create(
        by=None, first_names="Rowan", last_name="Ashby", nhs_number="943 476 5919", upn=upn.lower()
    )
    assert person.nhs_number == "9434765919"
    assert person.upn == upn
    assert person.council_id.startswith("P")


@pytest.mark.django_db
def test_nhs_number_must_be_unique_with_a_clear_message():
    PersonFactory(nhs_number="9434765919")
    with pytest.raises(ValidationError) as error:
        person_create(by=None, first_names="Kit", last_name="Moor", nhs_number="9434765919")
    assert "already has this number" in error.value.message_dict["nhs_number"][0]


@pytest.mark.django_db
def test_no_disability_cannot_be_combined_with_a_disability():
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        person_update(person=person, by=None, disabilities=["NONE", "MOB"])
    assert "disabilities" in error.value.message_dict


@pytest.mark.django_db
def test_born_and_expected_dates_cannot_both_be_set():
    import datetime

    with pytest.raises(ValidationError) as error:
        person_create(
            by=None,
            first_names="Baby",
            last_name="Ashby",
            date_of_birth=datetime.date(2026, 1, 1),
            expected_date_of_birth=datetime.date(2026, 12, 1),
        )
    assert "expected_date_of_birth" in error.value.message_dict
