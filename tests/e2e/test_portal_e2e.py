"""The family portal in a real browser: the family has their say on the record.

A parent signs in with a one-time code, adds their own account and says an entry is
wrong; the worker keeps the entry and explains why; the parent, the young person, a
supporter and the worker all see the family's disagreement beside the entry. Every
page is checked with axe, the portal pages at phone width too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from alongside.accounts.models import Role
from alongside.cases.models import SupporterAccess
from alongside.chronology.models import CorrectionRequest
from alongside.messaging.models import Message
from alongside.people.models import Relationship
from tests.e2e.conftest import check_page, staff_sign_in
from tests.factories import (
    CaseFactory,
    EntryFactory,
    FamilyUserFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    grant_family,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ENTRY_TITLE = "Home visit"
ENTRY_TEXT = "Sam was at home and seemed tired. The core group will meet next week."
OUR_WORDS = "We had a hard week. The bus was late every day."
WRONG = "Sam was at school that day, not at home."
WHY_NOT = "Two of us saw Sam at home at 2pm, so we have kept what we wrote."


def a_family() -> dict[str, Any]:
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Kim Day")
    UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Raj Roy")
    child = PersonFactory(first_names="Sam", last_name="Lee")
    case = CaseFactory(team=team, worker=worker, child=child)
    parent = FamilyUserFactory(person__first_names="Jo", person__last_name="Lee")
    grant_family(case, parent)
    Relationship.objects.create(from_person=parent.person, to_person=child, kind="parent")
    young = FamilyUserFactory(role=Role.YOUNG_PERSON, person=child, email="sam@example.test")
    grant_family(case, young)
    supporter = UserFactory(role=Role.SUPPORTER, team=None, full_name="Ann Cole")
    SupporterAccess.objects.create(case=case, user=supporter, invited_by=parent, scope="everything")
    entry = EntryFactory(case=case, author_user=worker, title=ENTRY_TITLE, text=ENTRY_TEXT)
    return {
        "worker": worker,
        "case": case,
        "parent": parent,
        "young": young,
        "supporter": supporter,
        "entry": entry,
    }


def signed_in(context: BrowserContext, user: Any, base_url: str) -> Page:
    """A portal session made by Django's test client, handed to the browser as its cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )
    return context.new_page()


def sign_in_with_a_code(page: Page, user: Any) -> None:
    """The real family sign-in: ask for a code, read it from the outbox, enter it."""
    page.goto("/portal/sign-in/")
    check_page(page, phone=True)
    page.get_by_label("Your email address or mobile phone number").fill(user.email)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url(re.compile(r"/portal/sign-in/code/$"))
    check_page(page, phone=True)
    body = Message.objects.filter(to_user=user, purpose="sign_in_code").latest("id").body
    code = re.search(r"\b(\d{6})\b", body)
    assert code, body
    page.get_by_label("Your sign-in code").fill(code[1])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/portal/$"))


def test_the_family_says_an_entry_is_wrong_and_the_disagreement_stays_beside_it(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    made = a_family()
    case, entry = made["case"], made["entry"]

    # The parent signs in with a code and finds their worker and what is waiting.
    family = new_context().new_page()
    sign_in_with_a_code(family, made["parent"])
    expect(family.get_by_role("heading", level=1)).to_have_text("Hello Jo Lee")
    expect(family.get_by_text("If Kim Day is away, ask Raj Roy.")).to_be_visible()
    expect(family.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    check_page(family, phone=True)

    # What is recorded: the worker's words, with the glossary term linked.
    family.get_by_role("link", name="See what we have written about Sam Lee").click()
    family.wait_for_url(re.compile(rf"/portal/children/{case.pk}/$"))
    expect(family.get_by_role("link", name="core group")).to_have_attribute(
        "href", "/portal/words/#core-group"
    )
    check_page(family, phone=True)

    # In our words.
    family.get_by_role("button", name="Add your own account").click()
    family.wait_for_url(re.compile(r"/in-our-words/$"))
    check_page(family, phone=True)
    family.get_by_label("What do you want to say?").fill(OUR_WORDS)
    family.get_by_role("button", name="Add it to the record").click()
    family.wait_for_url(re.compile(rf"/portal/children/{case.pk}/$"))
    expect(family.get_by_text(OUR_WORDS)).to_be_visible()
    check_page(family, phone=True)

    # This is wrong.
    family.get_by_role("link", name=f"tell us it is wrong about {ENTRY_TITLE}").click()
    family.wait_for_url(re.compile(r"/wrong/$"))
    check_page(family, phone=True)
    family.get_by_label("What is wrong?").fill(WRONG)
    family.get_by_role("button", name="Send").click()
    family.wait_for_url(re.compile(rf"/entries/{entry.pk}/$"))
    expect(family.get_by_text("Waiting for an answer")).to_be_visible()
    check_page(family, phone=True)

    # The worker answers: the entry stays, and says why.
    office = new_context().new_page()
    staff_sign_in(office, made["worker"])
    office.get_by_role("link", name="Correction requests").click()
    office.wait_for_url(re.compile(r"/staff/corrections/$"))
    check_page(office)
    office.get_by_role("link", name=re.compile(rf"Answer the request about {ENTRY_TITLE}")).click()
    office.wait_for_url(re.compile(r"/corrections/\d+/$"))
    expect(office.get_by_text(WRONG)).to_be_visible()
    check_page(office)
    office.get_by_label("Why the entry stays as it is").fill(WHY_NOT)
    office.get_by_role("button", name="Keep it and explain why").click()
    office.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/entries/{entry.pk}/$"))
    assert CorrectionRequest.objects.get().status == "declined"
    expect(office.get_by_text("The family disagrees")).to_be_visible()
    expect(office.get_by_text(WRONG)).to_be_visible()
    check_page(office)
    office.goto(f"/staff/cases/{case.pk}/chronology/")
    expect(office.get_by_text(WRONG)).to_be_visible()
    expect(office.get_by_text(WHY_NOT)).to_be_visible()
    check_page(office)

    # The parent sees the answer and their disagreement beside the entry.
    family.goto("/portal/")
    expect(family.get_by_text(f'We have answered you about "{ENTRY_TITLE}".')).to_be_visible()
    family.goto(f"/portal/children/{case.pk}/")
    expect(family.get_by_text("You say this is wrong.")).to_be_visible()
    expect(family.get_by_text(WRONG)).to_be_visible()
    expect(family.get_by_text(WHY_NOT)).to_be_visible()
    check_page(family, phone=True)

    # So do the young person and the family's supporter; the supporter cannot add anything.
    for reader in (made["young"], made["supporter"]):
        page = signed_in(new_context(), reader, live_server.url)
        page.goto(f"/portal/children/{case.pk}/entries/{entry.pk}/")
        expect(page.get_by_text("Jo Lee says this is wrong.")).to_be_visible()
        expect(page.get_by_text(WHY_NOT)).to_be_visible()
        check_page(page, phone=True)
    expect(page.get_by_role("button", name="Add your comment")).to_have_count(0)
    expect(page.get_by_role("link", name="Tell us this is wrong")).to_have_count(0)


def test_every_other_portal_page_passes_axe_at_phone_and_desktop_width(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    made = a_family()
    case = made["case"]
    family = signed_in(new_context(), made["parent"], live_server.url)

    family.goto("/portal/rights/")
    expect(family.get_by_role("heading", name="Where things are for Sam Lee")).to_be_visible()
    check_page(family, phone=True)

    family.get_by_role("link", name="Words we use").first.click()
    family.wait_for_url(re.compile(r"/portal/words/$"))
    expect(family.locator("#core-group")).to_have_text("Core group")
    check_page(family, phone=True)

    family.goto(f"/portal/children/{case.pk}/who-has-looked/")
    check_page(family, phone=True)

    family.goto(f"/portal/children/{case.pk}/entries/{made['entry'].pk}/")
    family.get_by_label("Your comment").fill("Sam was tired because of the bus.")
    family.get_by_role("button", name="Add your comment").click()
    expect(family.get_by_text("Sam was tired because of the bus.")).to_be_visible()
    check_page(family, phone=True)

    family.goto(f"/portal/children/{case.pk}/supporters/")
    expect(family.get_by_role("heading", name="Ann Cole")).to_be_visible()
    check_page(family, phone=True)
    family.get_by_label("Their name").fill("Bea Hart")
    family.get_by_label("Their email address or mobile number").fill("bea@example.test")
    family.get_by_label("Meetings only").check()
    family.get_by_role("button", name="Send the invite").click()
    expect(family.get_by_role("heading", name="Bea Hart")).to_be_visible()
    check_page(family, phone=True)
    family.get_by_role("button", name="Stop sharing with Ann Cole").click()
    expect(family.get_by_text("Ann Cole cannot see your record now.")).to_be_visible()
    check_page(family, phone=True)

    family.get_by_role("link", name="Your choices").click()
    family.wait_for_url(re.compile(r"/portal/preferences/$"))
    check_page(family, phone=True)
    family.get_by_label("Easy read, with short words and pictures").check()
    family.get_by_label("Wednesday").check()
    family.get_by_role("button", name="Save").click()
    expect(family.get_by_text("We have saved your choices.")).to_be_visible()
    check_page(family, phone=True)
    made["parent"].person.refresh_from_db()
    assert made["parent"].person.preferred_formats == ["easy_read"]

    # An error page is accessible too.
    family.goto(f"/portal/children/{case.pk}/in-our-words/")
    family.get_by_role("button", name="Add it to the record").click()
    expect(family.get_by_role("alert")).to_contain_text("Write what you want to say")
    check_page(family, phone=True)
