"""The family portal in a real browser, as each person who uses it, and what each must not see.

One family (Sam Lee's) with a parent, the young person, a supporter who sees everything
and a supporter for meetings only; and another family on the same worker's list. The
record holds an entry withheld from the family, a restricted one and a worker's draft;
the plan holds a promise withheld from the family; the parent has a letter and a
conference report. Each journey walks the portal pages that person can open and checks
that nothing outside their scope shows, and that the pages outside it are "not found".
One journey goes round the portal with JavaScript off. axe runs on every page at desktop
and 375px wide.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Generator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from alongside.accounts.models import Role
from alongside.audit.models import AccessAction
from alongside.audit.services import access_log_record
from alongside.cases.models import BreakGlass, SupporterAccess
from alongside.chronology.models import Audience, EntryComment, Status
from alongside.journey.models import Conference, Referral
from alongside.meetings import services as meetings
from alongside.messaging.models import Message
from alongside.people.models import Relationship
from alongside.plans.services import commitment_create
from alongside.visits.services import visit_plan
from alongside.workforce.models import WorkerChangeRequest
from tests.e2e.conftest import DESKTOP, PHONE, _axe_once, check_page
from tests.e2e.test_portal_e2e import signed_in
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

SHARED = "Home visit"
SHARED_TEXT = "Sam was at home and seemed well. The core group will meet next week."
WITHHELD = "Neighbour's call"
WITHHELD_TEXT = "A neighbour phoned about shouting next door."
RESTRICTED = "Police update"
RESTRICTED_TEXT = "The police are looking into another matter."
DRAFT = "Unfinished note"
DRAFT_TEXT = "Half-written thoughts about the family."
OTHER_CHILD = "Ria Moss"
OTHER_ENTRY = "Visit to Ria at school"
OTHER_TEXT = "Ria talked about her new friends."
WORKER_PROMISE = "Kim will phone the school"
FAMILY_TASK = "Jo will take Sam to the dentist"
HIDDEN_PROMISE = "Check what the police found"
VISIT_PURPOSE = "To see how Sam is getting on at the new school."
REPORT_WORDS = "Things are going better at home."
BREAK_GLASS_REASON = "The police called out of hours about Sam."
THINK = "[Write what you think now, and why. Use plain words.]"
RECORD_LINK = "See what we have written about Sam Lee"
EXIT = "https://www.bbc.co.uk/weather"


def two_families() -> dict[str, Any]:
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Kim Day")
    UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Raj Roy")
    child = PersonFactory(first_names="Sam", last_name="Lee")
    case = CaseFactory(team=team, worker=worker, child=child)
    parent = FamilyUserFactory(
        full_name="Jo Lee", person__first_names="Jo", person__last_name="Lee"
    )
    grant_family(case, parent)
    Relationship.objects.create(
        from_person=parent.person, to_person=child, kind="parent", parental_responsibility=True
    )
    young = FamilyUserFactory(role=Role.YOUNG_PERSON, person=child, email="sam@example.test")
    grant_family(case, young)
    everything = UserFactory(role=Role.SUPPORTER, team=None, full_name="Ann Cole")
    SupporterAccess.objects.create(
        case=case, user=everything, invited_by=parent, scope="everything"
    )
    meetings_only = UserFactory(role=Role.SUPPORTER, team=None, full_name="Max Hill")
    SupporterAccess.objects.create(
        case=case, user=meetings_only, invited_by=parent, scope="meetings"
    )

    # The record: one entry for the family, and three they must never see.
    entry = EntryFactory(case=case, author_user=worker, title=SHARED, text=SHARED_TEXT)
    EntryFactory(
        case=case,
        author_user=worker,
        title=WITHHELD,
        text=WITHHELD_TEXT,
        audience=Audience.PROFESSIONALS,
        withheld_reason="third_party",
    )
    EntryFactory(
        case=case,
        author_user=worker,
        title=RESTRICTED,
        text=RESTRICTED_TEXT,
        audience=Audience.RESTRICTED,
        withheld_reason="police_enquiry",
    )
    EntryFactory(case=case, author_user=worker, title=DRAFT, text=DRAFT_TEXT, status=Status.DRAFT)

    # The plan, both ways, and a promise kept from the family with a reason.
    soon = timezone.localdate() + datetime.timedelta(days=5)
    commitment_create(case=case, title=WORKER_PROMISE, due_on=soon, by=worker, owner_user=worker)
    commitment_create(
        case=case, title=FAMILY_TASK, due_on=soon, by=worker, owner_person=parent.person
    )
    commitment_create(
        case=case,
        title=HIDDEN_PROMISE,
        due_on=soon,
        by=worker,
        owner_user=worker,
        audience="professionals",
        withheld_reason="police_enquiry",
    )

    # What happens next: a visit, and a review conference with the parent's letter and report.
    starts = timezone.now() + datetime.timedelta(days=3)
    visit_plan(
        case=case,
        worker=worker,
        kind="home_visit",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="4 Canal Street",
        purpose_for_family=VISIT_PURPOSE,
        availability_clash_reason="Set up for the test",
        by=worker,
    )
    referral = Referral.objects.create(case=case, referral_date=case.referral_date, source="1A")
    day = timezone.localdate() + datetime.timedelta(days=21)
    conference = Conference.objects.create(referral=referral, kind="review", scheduled_for=day)
    meeting = meetings.meeting_schedule(
        case=case,
        kind="rcpc",
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        place="Hill Family Centre",
        purpose="",
        by=worker,
        conference=conference,
    )
    meetings.invitation_add(meeting=meeting, invitee_kind="family", person=parent.person, by=worker)
    meetings.letters_send(meeting=meeting, by=worker)
    report = meetings.report_draft(meeting=meeting, by=worker)
    meetings.report_edit(
        report=report,
        family_text=report.family_text.replace(THINK, REPORT_WORDS),
        professionals_text="",
        by=worker,
    )
    meetings.report_share(report=report, by=worker)

    # Someone from another team looked, through break-glass, with a reason.
    outsider = UserFactory(
        team=TeamFactory(name="Team B"), role=Role.SOCIAL_WORKER, full_name="Lee Park"
    )
    now = timezone.now()
    glass = BreakGlass.objects.create(
        user=outsider,
        case=case,
        reason_kind="duty",
        reason=BREAK_GLASS_REASON,
        opened_at=now,
        expires_at=now + datetime.timedelta(minutes=30),
    )
    access_log_record(user=outsider, action=AccessAction.VIEW_RECORD, case=case, break_glass=glass)

    # Another family on the same worker's list.
    other_case = CaseFactory(
        team=team, worker=worker, child=PersonFactory(first_names="Ria", last_name="Moss")
    )
    other_parent = FamilyUserFactory(person__first_names="Dee", person__last_name="Moss")
    grant_family(other_case, other_parent)
    other_entry = EntryFactory(
        case=other_case, author_user=worker, title=OTHER_ENTRY, text=OTHER_TEXT
    )
    return {
        "case": case,
        "entry": entry,
        "meeting": meeting,
        "parent": parent,
        "young": young,
        "everything": everything,
        "meetings_only": meetings_only,
        "other_case": other_case,
        "other_entry": other_entry,
    }


def never_shows(page: Page, *texts: str) -> None:
    for text in texts:
        expect(page.get_by_text(text)).to_have_count(0)


OUT_OF_SCOPE_ENTRIES = (WITHHELD, WITHHELD_TEXT, RESTRICTED, RESTRICTED_TEXT, DRAFT, DRAFT_TEXT)
ANOTHER_FAMILY = (OTHER_CHILD, OTHER_ENTRY, OTHER_TEXT)


def not_found(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 404, (url, response and response.status)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("button", name="Emergency Exit this page")).to_be_visible()


def other_familys_pages_are_not_found(page: Page, made: dict[str, Any]) -> None:
    other, entry = made["other_case"].pk, made["other_entry"].pk
    for url in (
        f"/portal/children/{other}/",
        f"/portal/children/{other}/entries/{entry}/",
        f"/portal/children/{other}/plan/",
        f"/portal/children/{other}/documents/",
        f"/portal/children/{other}/meetings/",
        f"/portal/children/{other}/worker/",
    ):
        not_found(page, url)
    never_shows(page, *ANOTHER_FAMILY)


def weather_stands_in(context: BrowserContext) -> None:
    """Tests stay offline: the weather page Exit this page leaves for is a stand-in."""
    context.route(
        f"{EXIT}**",
        lambda route: route.fulfill(
            content_type="text/html",
            body="<!DOCTYPE html><html lang='en'><title>Weather</title><h1>Weather</h1></html>",
        ),
    )


def the_exit_works(context: BrowserContext, page: Page) -> None:
    """Exit this page leaves the portal for the weather."""
    weather_stands_in(context)
    page.get_by_role("button", name="Emergency Exit this page").click()
    page.wait_for_url(f"{EXIT}**")
    expect(page.get_by_role("heading", name="Weather")).to_be_visible()


# --- A parent ---------------------------------------------------------------------------------


def test_a_parent_sees_their_family_and_nothing_withheld_or_anyone_elses(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    made = two_families()
    case = made["case"]
    context = new_context()
    page = signed_in(context, made["parent"], live_server.url)

    # Home: the worker, the next visit and what waits for the parent; not the other child.
    page.goto("/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Jo Lee")
    expect(page.get_by_role("strong").filter(has_text="Kim Day")).to_be_visible()
    expect(page.get_by_text(VISIT_PURPOSE)).to_be_visible()
    expect(page.get_by_text(FAMILY_TASK)).to_be_visible()
    never_shows(page, *ANOTHER_FAMILY, HIDDEN_PROMISE)
    check_page(page, phone=True)

    # Our plan, both ways; the promise kept from the family is not there.
    page.get_by_role("link", name="See Sam Lee's plan: who will do what").click()
    page.wait_for_url(re.compile(rf"/portal/children/{case.pk}/plan/$"))
    expect(page.get_by_text(WORKER_PROMISE)).to_be_visible()
    expect(page.get_by_text(FAMILY_TASK)).to_be_visible()
    never_shows(page, HIDDEN_PROMISE)
    check_page(page, phone=True)

    # What is recorded: the shared entry, with its term linked; nothing withheld or drafted.
    page.goto(f"/portal/children/{case.pk}/")
    expect(page.get_by_text(SHARED_TEXT)).to_be_visible()
    expect(page.get_by_role("link", name="core group")).to_have_attribute(
        "href", "/portal/words/#core-group"
    )
    never_shows(page, *OUT_OF_SCOPE_ENTRIES, *ANOTHER_FAMILY)
    check_page(page, phone=True)

    # Documents: the parent's own letter and report.
    page.goto("/portal/")
    page.get_by_role("link", name="Letters and reports about Sam Lee").click()
    expect(page.get_by_role("link", name=re.compile("^Your letter"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Our report"))).to_be_visible()
    check_page(page, phone=True)

    # Rights and words: where things are for this child only.
    page.get_by_role("link", name="Your rights").click()
    page.wait_for_url(re.compile(r"/portal/rights/$"))
    expect(page.get_by_role("heading", name="Where things are for Sam Lee")).to_be_visible()
    never_shows(page, *ANOTHER_FAMILY)
    check_page(page, phone=True)

    # Who has looked: role and team, the break-glass reason, never the worker's name.
    page.goto(f"/portal/children/{case.pk}/who-has-looked/")
    expect(page.get_by_text(re.compile("^A social worker from Team B looked at"))).to_be_visible()
    expect(page.get_by_text(BREAK_GLASS_REASON)).to_be_visible()
    never_shows(page, "Lee Park")
    check_page(page, phone=True)

    # Another family's pages are not found, whichever way the parent tries.
    other_familys_pages_are_not_found(page, made)
    check_page(page, phone=True)

    page.goto(f"/portal/children/{case.pk}/")
    the_exit_works(context, page)


# --- A young person ---------------------------------------------------------------------------


def test_a_young_person_has_their_say_and_never_reads_their_parents_letters(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    made = two_families()
    case, entry = made["case"], made["entry"]
    context = new_context()
    page = signed_in(context, made["young"], live_server.url)

    # Home: their worker and what happens next; the parent's task is not waiting for them.
    page.goto("/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Sam Lee")
    expect(page.get_by_text(VISIT_PURPOSE)).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for you right now.")).to_be_visible()
    never_shows(page, FAMILY_TASK, *ANOTHER_FAMILY)
    check_page(page, phone=True)

    # What is recorded, and their own account in their words.
    page.get_by_role("link", name="See what we have written about Sam Lee").click()
    page.wait_for_url(re.compile(rf"/portal/children/{case.pk}/$"))
    never_shows(page, *OUT_OF_SCOPE_ENTRIES, *ANOTHER_FAMILY)
    page.get_by_role("button", name="Add your own account").click()
    page.wait_for_url(re.compile(r"/in-our-words/$"))
    check_page(page, phone=True)
    page.get_by_label("What do you want to say?").fill("I like my new school. Maths is hard.")
    page.get_by_role("button", name="Add it to the record").click()
    page.wait_for_url(re.compile(rf"/portal/children/{case.pk}/$"))
    expect(page.get_by_text("I like my new school. Maths is hard.")).to_be_visible()
    check_page(page, phone=True)

    # A comment, and saying an entry is wrong.
    page.get_by_role("link", name=SHARED, exact=True).click()
    page.wait_for_url(re.compile(rf"/entries/{entry.pk}/$"))
    page.get_by_label("Your comment").fill("I was at home because I felt ill.")
    page.get_by_role("button", name="Add your comment").click()
    expect(page.get_by_text("I was at home because I felt ill.")).to_be_visible()
    assert EntryComment.objects.get().author_user == made["young"]
    check_page(page, phone=True)
    page.get_by_role("link", name="Tell us this is wrong").click()
    page.wait_for_url(re.compile(r"/wrong/$"))
    page.get_by_label("What is wrong?").fill("The core group is in two weeks, not next week.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Waiting for an answer")).to_be_visible()
    check_page(page, phone=True)

    # The plan, both ways, without the promise kept from the family.
    page.goto(f"/portal/children/{case.pk}/plan/")
    expect(page.get_by_text(WORKER_PROMISE)).to_be_visible()
    expect(page.get_by_text(FAMILY_TASK)).to_be_visible()
    never_shows(page, HIDDEN_PROMISE)
    check_page(page, phone=True)

    # Documents: the letter and report went to the parent, not to Sam.
    page.goto(f"/portal/children/{case.pk}/documents/")
    expect(page.get_by_text("We have not shared anything with you yet.")).to_be_visible()
    never_shows(page, "Your letter", "Our report")
    check_page(page, phone=True)
    # The meeting is Sam's too, but the report on it is the parent's to read.
    page.goto(f"/portal/children/{case.pk}/meetings/")
    page.get_by_role("link", name=re.compile("^Read the letter and report")).click()
    expect(page.get_by_role("heading", name="Review child protection conference")).to_be_visible()
    never_shows(page, REPORT_WORDS)
    check_page(page, phone=True)

    # Ask for a different worker.
    page.goto("/portal/")
    page.get_by_role("link", name="About your worker, or ask for a different worker").click()
    page.wait_for_url(re.compile(rf"/portal/children/{case.pk}/worker/$"))
    check_page(page, phone=True)
    page.get_by_role("button", name="Ask for a different worker").click()
    expect(page.get_by_text("We have your request.")).to_be_visible()
    assert WorkerChangeRequest.objects.get().raised_by == made["young"]
    check_page(page, phone=True)

    # Supporters: Sam sees who their parent invited, and cannot stop what Sam did not start.
    page.goto(f"/portal/children/{case.pk}/supporters/")
    expect(page.get_by_role("heading", name="Ann Cole")).to_be_visible()
    expect(page.get_by_text("To stop this, ask Jo Lee or your worker.").first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Stop sharing"))).to_have_count(0)
    check_page(page, phone=True)

    # Who has looked, words and choices.
    page.goto(f"/portal/children/{case.pk}/who-has-looked/")
    expect(page.get_by_text(BREAK_GLASS_REASON)).to_be_visible()
    check_page(page, phone=True)
    page.get_by_role("link", name="Words we use").first.click()
    page.wait_for_url(re.compile(r"/portal/words/$"))
    expect(page.locator("#core-group")).to_have_text("Core group")
    check_page(page, phone=True)
    page.get_by_role("link", name="Your choices").click()
    page.wait_for_url(re.compile(r"/portal/preferences/$"))
    page.get_by_label("Saturday").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("We have saved your choices.")).to_be_visible()
    check_page(page, phone=True)
    made["young"].person.refresh_from_db()
    assert "sat" in made["young"].person.contact_days

    other_familys_pages_are_not_found(page, made)
    the_exit_works(context, page)


# --- Supporters -------------------------------------------------------------------------------


def test_supporters_see_what_the_family_chose_until_it_is_stopped_and_every_look_is_logged(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    made = two_families()
    case, entry = made["case"], made["entry"]
    report_url = f"/portal/children/{case.pk}/documents/"

    # A supporter who sees everything reads the record but cannot add to it.
    ann_context = new_context()
    ann = signed_in(ann_context, made["everything"], live_server.url)
    ann.goto("/portal/")
    expect(ann.get_by_role("heading", level=1)).to_have_text("Hello Ann Cole")
    expect(ann.get_by_role("heading", name="Waiting for you")).to_have_count(0)
    expect(ann.get_by_role("link", name="Let a supporter see the record")).to_have_count(0)
    expect(ann.get_by_role("link", name="Your choices")).to_have_count(0)
    never_shows(ann, FAMILY_TASK, *ANOTHER_FAMILY)
    check_page(ann, phone=True)
    ann.get_by_role("link", name="See what we have written about Sam Lee").click()
    ann.wait_for_url(re.compile(rf"/portal/children/{case.pk}/$"))
    expect(ann.get_by_text(SHARED_TEXT)).to_be_visible()
    expect(ann.get_by_role("button", name="Add your own account")).to_have_count(0)
    never_shows(ann, *OUT_OF_SCOPE_ENTRIES, *ANOTHER_FAMILY)
    check_page(ann, phone=True)
    ann.get_by_role("link", name=SHARED, exact=True).click()
    expect(ann.get_by_role("button", name="Add your comment")).to_have_count(0)
    expect(ann.get_by_role("link", name="Tell us this is wrong")).to_have_count(0)
    check_page(ann, phone=True)
    ann.goto(f"/portal/children/{case.pk}/plan/")
    expect(ann.get_by_text(WORKER_PROMISE)).to_be_visible()
    never_shows(ann, HIDDEN_PROMISE)
    check_page(ann, phone=True)
    ann.goto(report_url)
    ann.get_by_role("link", name=re.compile("^Our report")).click()
    expect(ann.get_by_text(REPORT_WORDS)).to_be_visible()
    check_page(ann, phone=True)
    ann.goto(f"/portal/children/{case.pk}/worker/")
    expect(ann.get_by_role("button", name="Ask for a different worker")).to_have_count(0)
    expect(ann.get_by_role("link", name=RECORD_LINK)).to_be_visible()
    check_page(ann, phone=True)
    ann.goto(f"/portal/children/{case.pk}/who-has-looked/")
    expect(ann.get_by_text(BREAK_GLASS_REASON)).to_be_visible()
    check_page(ann, phone=True)
    ann.goto("/portal/rights/")
    expect(ann.get_by_role("heading", name="Where things are for Sam Lee")).to_be_visible()
    check_page(ann, phone=True)
    # Only the family adds, invites or keeps choices; another family is not found.
    response = ann.goto(f"/portal/children/{case.pk}/supporters/")
    assert response is not None and response.status == 403
    response = ann.goto(f"/portal/children/{case.pk}/in-our-words/")
    assert response is not None and response.status == 403
    expect(ann.get_by_role("button", name="Emergency Exit this page")).to_be_visible()
    check_page(ann, phone=True)
    not_found(ann, "/portal/preferences/")
    other_familys_pages_are_not_found(ann, made)

    # A supporter for meetings only sees the meetings, and no record, plan or document.
    max_context = new_context()
    max_ = signed_in(max_context, made["meetings_only"], live_server.url)
    max_.goto("/portal/")
    expect(max_.get_by_role("heading", name="Sam Lee", exact=True)).to_be_visible()
    expect(max_.get_by_role("link", name=re.compile("^See what we have written"))).to_have_count(0)
    expect(max_.get_by_role("link", name=re.compile("plan: who will do what"))).to_have_count(0)
    expect(max_.get_by_role("link", name="See who has looked at the record")).to_have_count(0)
    check_page(max_, phone=True)
    max_.get_by_role("link", name="See all visits and meetings for Sam Lee").click()
    expect(max_.get_by_text(VISIT_PURPOSE)).to_be_visible()
    check_page(max_, phone=True)
    # No page offers Max a way into the record, which would only be "not found".
    for url in ("visits/", "worker/", "plan/", "meetings/"):
        max_.goto(f"/portal/children/{case.pk}/{url}")
        expect(max_.get_by_role("heading", level=1)).to_contain_text("Sam Lee")
        expect(max_.get_by_role("link", name=RECORD_LINK)).to_have_count(0)
    never_shows(max_, WORKER_PROMISE, FAMILY_TASK, HIDDEN_PROMISE)
    max_.get_by_role("link", name=re.compile("^Read the letter and report")).click()
    expect(
        max_.get_by_text("The family chose to show you the meetings only.").first
    ).to_be_visible()
    never_shows(max_, REPORT_WORDS)
    check_page(max_, phone=True)
    max_.goto(report_url)
    expect(max_.get_by_text("The family chose to show you the meetings only.")).to_be_visible()
    expect(max_.get_by_role("link", name=re.compile("^(Your letter|Our report)"))).to_have_count(0)
    check_page(max_, phone=True)
    for url in (
        f"/portal/children/{case.pk}/",
        f"/portal/children/{case.pk}/entries/{entry.pk}/",
        f"/portal/children/{case.pk}/who-has-looked/",
    ):
        not_found(max_, url)
    never_shows(max_, SHARED_TEXT, *OUT_OF_SCOPE_ENTRIES)
    check_page(max_, phone=True)

    # The parent sees each supporter's looks, then stops sharing with the meetings supporter.
    family = signed_in(new_context(), made["parent"], live_server.url)
    family.goto(f"/portal/children/{case.pk}/who-has-looked/")
    expect(
        family.get_by_text(re.compile("^Your supporter, Ann Cole, looked at the record on"))
    ).to_be_visible()
    expect(
        family.get_by_text(re.compile("^Your supporter, Max Hill, looked at the record on"))
    ).to_be_visible()
    check_page(family, phone=True)
    family.get_by_role("link", name="Home", exact=True).click()
    family.get_by_role("link", name="Let a supporter see the record").click()
    family.get_by_role("button", name="Stop sharing with Max Hill").click()
    expect(family.get_by_text("Max Hill cannot see your record now.")).to_be_visible()
    check_page(family, phone=True)

    # At once, Max sees nothing of the family, and its pages are not found.
    max_.goto("/portal/")
    expect(max_.get_by_role("heading", name="Sam Lee", exact=True)).to_have_count(0)
    expect(max_.get_by_text("There is nothing to show you yet.")).to_be_visible()
    check_page(max_, phone=True)
    for url in (
        f"/portal/children/{case.pk}/meetings/",
        f"/portal/children/{case.pk}/visits/",
        f"/portal/children/{case.pk}/worker/",
        report_url,
    ):
        not_found(max_, url)
    never_shows(max_, VISIT_PURPOSE, "Hill Family Centre")
    the_exit_works(max_context, max_)


# --- JavaScript off ---------------------------------------------------------------------------


@pytest.fixture
def axe_page(browser: Browser, live_server: Any) -> Generator[Page]:
    """A page that shows axe exactly what a browser without JavaScript was given.

    axe is itself a script, so it cannot run where scripts are off. This page is served
    the HTML the script-less browser got and the same stylesheets, and no scripts.
    """
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def check_without_javascript(page: Page, axe_page: Page) -> None:
    html = page.content()

    def serve(route: Route) -> None:
        if route.request.resource_type == "document":
            route.fulfill(content_type="text/html; charset=utf-8", body=html)
        elif route.request.resource_type == "script":
            route.abort()
        else:
            route.continue_()

    axe_page.unroute("**/*")
    axe_page.route("**/*", serve)
    axe_page.goto(page.url)
    axe_page.wait_for_load_state("load")
    assert axe_page.evaluate("typeof window.htmx") == "undefined"
    where = f"{page.url} without JavaScript"
    for size in (DESKTOP, PHONE):
        axe_page.set_viewport_size(size)
        _axe_once(axe_page, f"{where} at {size['width']}px")
    overflow = axe_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where} scrolls sideways at 375px"


def test_every_portal_page_works_with_javascript_off(
    browser: Browser, axe_page: Page, live_server: Any
) -> None:
    made = two_families()
    case, entry = made["case"], made["entry"]
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="en-GB", java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    try:
        # Signing in with a code needs no script either.
        page = context.new_page()
        page.goto("/portal/sign-in/")
        assert page.evaluate("typeof window.htmx") == "undefined"
        expect(page.get_by_role("button", name="Emergency Exit this page")).to_have_attribute(
            "href", EXIT
        )
        check_without_javascript(page, axe_page)
        page.get_by_label("Your email address or mobile phone number").fill(made["parent"].email)
        page.get_by_role("button", name="Send me a code").click()
        page.wait_for_url(re.compile(r"/portal/sign-in/code/$"))
        check_without_javascript(page, axe_page)
        body = Message.objects.filter(to_user=made["parent"], purpose="sign_in_code").latest("id")
        code = re.search(r"\b(\d{6})\b", body.body)
        assert code, body.body
        page.get_by_label("Your sign-in code").fill(code[1])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/portal/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Hello Jo Lee")
        exit_link = page.get_by_role("button", name="Emergency Exit this page")
        expect(exit_link).to_have_attribute("href", EXIT)
        expect(page.get_by_role("link", name="Exit this page", exact=True)).to_have_attribute(
            "href", EXIT
        )
        expect(page.get_by_role("link", name="Your choices")).to_be_visible()
        check_without_javascript(page, axe_page)

        # The record: read, add their own account, comment, say it is wrong.
        page.get_by_role("link", name="See what we have written about Sam Lee").click()
        never_shows(page, *OUT_OF_SCOPE_ENTRIES)
        check_without_javascript(page, axe_page)
        page.get_by_role("button", name="Add your own account").click()
        page.get_by_role("button", name="Add it to the record").click()
        expect(page.get_by_role("alert")).to_contain_text("Write what you want to say")
        check_without_javascript(page, axe_page)
        page.get_by_label("What do you want to say?").fill("We were out at the park.")
        page.get_by_role("button", name="Add it to the record").click()
        page.wait_for_url(re.compile(rf"/portal/children/{case.pk}/$"))
        expect(page.get_by_text("We were out at the park.")).to_be_visible()
        page.goto(f"/portal/children/{case.pk}/entries/{entry.pk}/")
        page.get_by_label("Your comment").fill("Sam had a cold that week.")
        page.get_by_role("button", name="Add your comment").click()
        expect(page.get_by_text("Sam had a cold that week.")).to_be_visible()
        check_without_javascript(page, axe_page)
        page.get_by_role("link", name="Tell us this is wrong").click()
        check_without_javascript(page, axe_page)
        page.get_by_label("What is wrong?").fill("Sam was at school that day.")
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text("Waiting for an answer")).to_be_visible()

        # The plan, visits, meetings and documents.
        for url, shows in (
            (f"/portal/children/{case.pk}/plan/", WORKER_PROMISE),
            (f"/portal/children/{case.pk}/visits/", VISIT_PURPOSE),
            (f"/portal/children/{case.pk}/meetings/", "Hill Family Centre"),
            (f"/portal/children/{case.pk}/documents/", "Your letter"),
        ):
            page.goto(url)
            expect(page.get_by_text(shows).first).to_be_visible()
            check_without_javascript(page, axe_page)
        page.get_by_role("link", name=re.compile("^Our report")).click()
        expect(page.get_by_text(REPORT_WORDS)).to_be_visible()
        check_without_javascript(page, axe_page)
        page.goto(f"/portal/children/{case.pk}/meetings/")
        page.get_by_role("link", name=re.compile("^Read the letter and report")).click()
        expect(page.get_by_text(REPORT_WORDS)).to_be_visible()
        expect(page.get_by_text(re.compile("^Dear Jo"))).to_be_visible()
        check_without_javascript(page, axe_page)

        # The plan's "what do the words mean" opens without scripts.
        page.goto(f"/portal/children/{case.pk}/plan/")
        page.get_by_text("What do the words mean?").click()
        expect(page.get_by_text("It is not done yet, and there is still time.")).to_be_visible()

        # Rights, words, who has looked, the worker.
        page.goto("/portal/rights/")
        check_without_javascript(page, axe_page)
        page.get_by_role("link", name="Words we use").first.click()
        expect(page.locator("#core-group")).to_have_text("Core group")
        check_without_javascript(page, axe_page)
        page.goto(f"/portal/children/{case.pk}/who-has-looked/")
        expect(page.get_by_text(BREAK_GLASS_REASON)).to_be_visible()
        check_without_javascript(page, axe_page)
        page.goto(f"/portal/children/{case.pk}/worker/")
        page.get_by_role("button", name="Ask for a different worker").click()
        expect(page.get_by_text("We have your request.")).to_be_visible()
        check_without_javascript(page, axe_page)

        # Supporters: invite one and stop another.
        page.goto(f"/portal/children/{case.pk}/supporters/")
        page.get_by_label("Their name").fill("Bea Hart")
        page.get_by_label("Their email address or mobile number").fill("bea@example.test")
        page.get_by_label("Meetings and letters or reports").check()
        page.get_by_role("button", name="Send the invite").click()
        expect(page.get_by_role("heading", name="Bea Hart")).to_be_visible()
        page.get_by_role("button", name="Stop sharing with Max Hill").click()
        expect(page.get_by_text("Max Hill cannot see your record now.")).to_be_visible()
        check_without_javascript(page, axe_page)

        # Choices.
        page.get_by_role("link", name="Your choices").click()
        page.get_by_label("Large print").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("We have saved your choices.")).to_be_visible()
        check_without_javascript(page, axe_page)

        # Signing out is a form button, and works without scripts.
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(re.compile(r"/portal/sign-in/$"))
        page.goto(f"/portal/children/{case.pk}/")
        page.wait_for_url(re.compile(r"/portal/sign-in/$"))
        never_shows(page, SHARED_TEXT)

        # Exit this page is a plain link without scripts, and it leaves.
        weather_stands_in(context)
        page.get_by_role("button", name="Emergency Exit this page").click()
        page.wait_for_url(f"{EXIT}**")
    finally:
        context.close()
