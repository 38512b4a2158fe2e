"""One rule for where a message to a person goes: their choice, else email, else a text."""

from __future__ import annotations

import pytest

from alongside.people.selectors import contact_route
from tests.factories import FamilyUserFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_with_no_choice_email_comes_first_then_a_text():
    both = PersonFactory(email="sam@example.test", phone="07700900001")
    assert contact_route(both) == ("email", "sam@example.test")
    phone_only = PersonFactory(email="", phone="07700900002")
    assert contact_route(phone_only) == ("sms", "07700900002")
    assert contact_route(PersonFactory(email="", phone="")) is None


def test_a_person_who_chose_texts_gets_texts_while_they_have_a_number():
    person = PersonFactory(email="sam@example.test", phone="07700900001", preferred_channel="sms")
    assert contact_route(person) == ("sms", "07700900001")
    person.phone = ""
    assert contact_route(person) == ("email", "sam@example.test")


def test_the_portal_account_fills_in_what_the_record_lacks_and_an_invitation_address_wins():
    user = FamilyUserFactory(email="acct@example.test")
    person = user.person
    person.email, person.phone = "", ""
    assert contact_route(person, user) == ("email", "acct@example.test")
    assert contact_route(person, user, email="invite@example.test") == (
        "email",
        "invite@example.test",
    )


def test_someone_who_gave_only_a_phone_is_texted_never_mailed_at_their_sign_in_name():
    from alongside.accounts.models import Role, User

    supporter = User.objects.create_user(
        "447700900123@phone-only.invalid", None, role=Role.SUPPORTER, phone="07700900123"
    )
    assert contact_route(None, supporter) == ("sms", "07700900123")
