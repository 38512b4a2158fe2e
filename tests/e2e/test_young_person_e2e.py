"""A young person in a real browser: their own sign-in, something private, a worry, their
words for the next meeting and "I feel unsafe" (with JavaScript off); their parent sees none
of it; their worker sees all of it on My work and answers. axe runs on every page, at desktop
and 375px wide on the portal pages."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from alongside.accounts.models import Role
from alongside.chronology.models import YoungPersonMessage
from alongside.meetings.models import Meeting, MeetingKind
from alongside.messaging.models import Message, MessageStatus
from tests.e2e.conftest import PHONE, check_page, staff_sign_in
from tests.e2e.test_portal_e2e import sign_in_with_a_code, signed_in
from tests.e2e.test_portal_scope_e2e import axe_page, check_without_javascript  # noqa: F401
from tests.factories import (
    CaseFactory,
    FamilyUserFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    grant_family,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PRIVATE = "I do not want to go to Dad's at weekends."
WORRY = "Mum cries a lot and I do not know what to do."
WANT_KNOWN = "I like my school and my friends."
WANT_TO_HAPPEN = "I want to stay living with Mum."
UNSAFE = "Someone was shouting outside my window."


def a_young_person(settings: Any) -> dict[str, Any]:
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Kim Day")
    manager = UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Raj Roy")
    duty_team = TeamFactory(name="Duty", code="duty-e2e")
    settings.DUTY_TEAM_CODE = "duty-e2e"
    on_duty = UserFactory(team=duty_team, role=Role.SOCIAL_WORKER, full_name="Ali Moss")
    born = timezone.localdate() - datetime.timedelta(days=14 * 366)
    child = PersonFactory(first_names="Sam", last_name="Lee", date_of_birth=born)
    case = CaseFactory(team=team, worker=worker, child=child)
    parent = FamilyUserFactory(
        full_name="Jo Lee", person__first_names="Jo", person__last_name="Lee"
    )
    grant_family(case, parent)
    young = FamilyUserFactory(
        role=Role.YOUNG_PERSON, person=child, full_name="Sam Lee", email="sam@example.test"
    )
    grant_family(case, young)
    meeting = Meeting.objects.create(
        case=case,
        kind=MeetingKind.CIN_REVIEW,
        starts_at=timezone.now() + datetime.timedelta(days=6),
        place="Hill Family Centre",
        purpose="To check how the plan is going.",
        worker=worker,
    )
    return {
        "worker": worker,
        "manager": manager,
        "on_duty": on_duty,
        "case": case,
        "parent": parent,
        "young": young,
        "meeting": meeting,
    }


def test_a_young_person_speaks_for_themselves_and_only_their_worker_hears(
    new_context: Callable[[], BrowserContext],
    browser: Browser,
    axe_page: Page,  # noqa: F811
    live_server: Any,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = a_young_person(settings)
    case = made["case"]

    # Sam signs in with a code and finds what is just for them.
    page = new_context().new_page()
    sign_in_with_a_code(page, made["young"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Sam Lee")
    expect(page.get_by_role("heading", name="Just for you")).to_be_visible()
    check_page(page, phone=True)

    # Something private, in their own words.
    page.get_by_role("link", name="See what we have written about Sam Lee").click()
    page.get_by_role("button", name="Add your own account").click()
    page.wait_for_url(re.compile(r"/in-our-words/$"))
    check_page(page, phone=True)
    page.get_by_label("What do you want to say?").fill(PRIVATE)
    page.get_by_label("Keep this private from my parents and carers").check()
    page.get_by_role("button", name="Add it to the record").click()
    page.wait_for_url(re.compile(rf"/portal/children/{case.pk}/$"))
    expect(page.get_by_text(PRIVATE)).to_be_visible()
    expect(page.get_by_text("Your parents and carers cannot read this.")).to_be_visible()
    check_page(page, phone=True)

    # A worry for their worker: kept private unless they untick it.
    page.goto("/portal/")
    page.get_by_role("link", name="Talk to my worker").click()
    page.wait_for_url(re.compile(r"/talk-to-my-worker/$"))
    expect(page.get_by_text("If you are in danger now, call 999.")).to_be_visible()
    expect(page.get_by_role("link", name="0800 1111")).to_be_visible()
    check_page(page, phone=True)
    page.get_by_role("button", name="Send it to my worker").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose what you want to tell your worker")
    page.get_by_label("A worry").check()
    page.get_by_label("What do you want to say?").fill(WORRY)
    page.get_by_role("button", name="Send it to my worker").click()
    expect(page.get_by_text("We have sent it to your worker.")).to_be_visible()
    check_page(page, phone=True)

    # Their words for the next meeting.
    page.goto("/portal/")
    page.get_by_role("link", name="Get ready for my next meeting").click()
    expect(page.get_by_text("Hill Family Centre")).to_be_visible()
    page.get_by_label("What I want people to know").fill(WANT_KNOWN)
    page.get_by_label("What I want to happen").fill(WANT_TO_HAPPEN)
    page.get_by_role("button", name="Save what I want to say").click()
    expect(page.get_by_text("We have saved what you want to say.")).to_be_visible()
    expect(page.get_by_label("What I want people to know")).to_have_value(WANT_KNOWN)
    check_page(page, phone=True)

    # "I feel unsafe", out of hours, from a phone with JavaScript off.
    monkeypatch.setattr("alongside.chronology.young_person.is_out_of_hours", lambda at: True)
    quiet = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="en-GB", java_script_enabled=False
    )
    try:
        talk = signed_in(quiet, made["young"], live_server.url)
        talk.goto(f"/portal/children/{case.pk}/talk-to-my-worker/")
        check_without_javascript(talk, axe_page)
        talk.get_by_label("Tell us more if you want to (you do not have to)").fill(UNSAFE)
        talk.get_by_role("button", name="I feel unsafe").click()
        expect(talk.get_by_text("We have told your worker now.")).to_be_visible()
        check_without_javascript(talk, axe_page)
    finally:
        quiet.close()
    alerts = Message.objects.filter(purpose="young_person_unsafe", channel="email")
    assert {m.to_user for m in alerts} == {made["worker"], made["on_duty"]}
    assert all(m.status == MessageStatus.SENT for m in alerts)
    assert not any(UNSAFE in m.body for m in alerts)

    # The parent sees none of it, and cannot open Sam's own pages.
    parent = signed_in(new_context(), made["parent"], live_server.url)
    parent.goto(f"/portal/children/{case.pk}/")
    for words in (PRIVATE, WORRY, WANT_KNOWN, WANT_TO_HAPPEN, UNSAFE):
        expect(parent.get_by_text(words)).to_have_count(0)
    check_page(parent)
    for url in ("talk-to-my-worker", "my-next-meeting"):
        response = parent.goto(f"/portal/children/{case.pk}/{url}/")
        assert response is not None and response.status == 404, url
    assert not Message.objects.filter(to_user=made["parent"]).exists()

    # The worker: "unsafe" at the top of My work, then the worry; both answered.
    staff = new_context().new_page()
    staff_sign_in(staff, made["worker"])
    expect(staff.get_by_text("Sam Lee says they feel unsafe")).to_be_visible()
    staff.get_by_role("link", name="Read it and act now").click()
    expect(staff.get_by_text(UNSAFE)).to_be_visible()
    check_page(staff)
    staff.get_by_role("button", name=re.compile("^Mark as answered")).click()
    staff.wait_for_url(re.compile(r"/staff/$"))
    expect(staff.get_by_text("Sam Lee says they feel unsafe")).to_have_count(0)
    staff.get_by_role("link", name="A worry from Sam Lee").click()
    expect(staff.get_by_text(WORRY)).to_be_visible()
    expect(staff.get_by_text("Private from parents and carers")).to_be_visible()
    check_page(staff)
    staff.get_by_role("button", name=re.compile("^Mark as answered")).click()
    staff.wait_for_url(re.compile(r"/staff/$"))
    expect(staff.get_by_role("heading", name="Waiting for you")).to_have_count(0)
    check_page(staff)
    assert not YoungPersonMessage.objects.filter(answered_at__isnull=True).exists()

    # The private account on the chronology, and Sam's words on the meeting page.
    staff.goto(f"/staff/cases/{case.pk}/chronology/")
    staff.get_by_role("link", name="In our words").first.click()
    expect(staff.get_by_text(PRIVATE)).to_be_visible()
    expect(staff.get_by_role("link", name=re.compile("^Share it with the family"))).to_be_visible()
    check_page(staff)
    staff.goto(f"/staff/cases/{case.pk}/meetings/{made['meeting'].pk}/")
    expect(staff.get_by_text(WANT_TO_HAPPEN)).to_be_visible()
    check_page(staff)
