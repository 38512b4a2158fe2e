"""End-to-end journeys through a real browser, checking every page with axe as we go."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from alongside.accounts.models import Role
from alongside.chronology.models import Audience
from tests.e2e.conftest import check_page, staff_sign_in, totp_code
from tests.factories import (
    CaseFactory,
    EntryFactory,
    FamilyUserFactory,
    TeamFactory,
    UserFactory,
    grant_family,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def a_case() -> dict[str, Any]:
    """A child's case in Team A with its worker. Made here, inside the test, so the live server sees it."""
    team_a = TeamFactory(name="Team A")
    worker = UserFactory(team=team_a, role=Role.SOCIAL_WORKER)
    case = CaseFactory(team=team_a, worker=worker)
    return {"team_a": team_a, "worker": worker, "case": case, "child": case.child.display_name}


def open_add_entry_form(page: Page, case: Any) -> None:
    page.goto(f"/staff/cases/{case.pk}/chronology/")
    check_page(page)
    page.get_by_role("link", name="Add to the chronology").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/entries/new/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Add to")
    check_page(page)


def test_worker_adds_to_the_chronology(page: Page) -> None:
    """Journey 1: sign in, My work, the child's case, the chronology, add an entry; the access log."""
    made = a_case()
    worker, case, child = made["worker"], made["case"], made["child"]

    staff_sign_in(page, worker, phone=True)
    expect(page.get_by_role("heading", level=1, name="My work")).to_be_visible()

    page.get_by_role("link", name=child, exact=True).click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/$"))
    expect(page.get_by_role("heading", level=1, name=child)).to_be_visible()
    check_page(page, phone=True)

    page.get_by_role("navigation", name="Case sections").get_by_role(
        "link", name="Chronology"
    ).click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/chronology/$"))
    check_page(page, phone=True)

    page.get_by_role("link", name="Add to the chronology").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/entries/new/$"))
    check_page(page, phone=True)

    page.get_by_label("What kind of entry is this?").select_option(label="Visit")
    when = page.get_by_role("group", name="When did it happen?")
    day = timezone.localdate() - datetime.timedelta(days=10)
    when.get_by_label("Day").fill(str(day.day))
    when.get_by_label("Month").fill(str(day.month))
    when.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Time", exact=True).fill("10:45")
    page.get_by_label("Title", exact=True).fill("Home visit after school")
    page.get_by_label("What happened").fill(
        "We sat in the kitchen and talked about the summer holidays."
    )
    expect(page.get_by_role("radio", name="The family and professionals")).to_be_checked()
    page.get_by_role("button", name="Add entry").click()

    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/chronology/$"))
    expect(page.get_by_text("Entry added: Home visit after school")).to_be_visible()
    entry = page.locator(".moj-timeline__item", has_text="Home visit after school")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Visit by " + worker.full_name)
    expect(entry).to_contain_text(f"{day.day} {day:%B %Y}, 10:45")
    expect(entry).to_contain_text("Family can read")
    expect(entry).to_contain_text("We sat in the kitchen and talked about the summer holidays.")
    check_page(page, phone=True)

    page.get_by_role("navigation", name="Case sections").get_by_role(
        "link", name="Who has looked"
    ).click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/access-log/$"))
    log = page.get_by_role("table", name="Who has looked at this record")
    expect(
        log.get_by_role("row")
        .filter(has_text="Looked at the record")
        .filter(has_text=worker.full_name)
    ).not_to_have_count(0)
    expect(
        log.get_by_role("row")
        .filter(has_text="Looked at the chronology")
        .filter(has_text=worker.full_name)
    ).not_to_have_count(0)
    check_page(page, phone=True)


def test_parent_signs_in_with_a_code_and_reads_family_entries_only(
    new_context: Callable[[], BrowserContext],
) -> None:
    """Journey 2: the family portal, signed in with a one-time code read from the outbox."""
    made = a_case()
    case, worker, child = made["case"], made["worker"], made["child"]
    parent = FamilyUserFactory()
    grant_family(case, parent)
    admin = UserFactory(team=None, role=Role.ADMIN)
    EntryFactory(
        case=case,
        author_user=worker,
        title="Meeting at school",
        text="Everyone agreed the plan for the next term.",
    )
    EntryFactory(
        case=case,
        author_user=worker,
        audience=Audience.PROFESSIONALS,
        withheld_reason="third_party",
        title="Neighbour's call",
        text="A neighbour phoned with worries about the noise.",
    )
    EntryFactory(
        case=case,
        author_user=worker,
        audience=Audience.RESTRICTED,
        withheld_reason="police_enquiry",
        title="Police update",
        text="The police are looking into a separate matter.",
    )

    family = new_context().new_page()
    family.goto("/portal/sign-in/")
    check_page(family, phone=True)
    family.get_by_label("Your email address or mobile phone number").fill(parent.email)
    family.get_by_role("button", name="Send me a code").click()
    family.wait_for_url(re.compile(r"/portal/sign-in/code/$"))
    check_page(family, phone=True)

    # The code went to the outbox; an administrator can read it there.
    office = new_context().new_page()
    staff_sign_in(office, admin)
    office.get_by_role("link", name="Outbox").click()
    office.wait_for_url(re.compile(r"/outbox/$"))
    check_page(office)
    card = (
        office.locator(".govuk-summary-card")
        .filter(has=office.get_by_role("heading", name=f"Email to {parent.email}"))
        .first
    )
    body = card.get_by_test_id("message-body").inner_text()
    code = re.search(r"\b(\d{6})\b", body)
    assert code, body

    family.get_by_label("Your sign-in code").fill(code[1])
    family.get_by_role("button", name="Sign in").click()
    family.wait_for_url(re.compile(r"/portal/$"))
    expect(family.get_by_role("heading", level=1)).to_contain_text("Hello")
    check_page(family, phone=True)

    family.get_by_role("link", name=f"See what we have written about {child}").click()
    family.wait_for_url(re.compile(rf"/portal/children/{case.pk}/$"))
    expect(family.get_by_role("heading", level=1)).to_contain_text(child)
    expect(family.get_by_text("Everyone agreed the plan for the next term.")).to_be_visible()
    expect(family.get_by_text("A neighbour phoned")).to_have_count(0)
    expect(family.get_by_text("Neighbour's call")).to_have_count(0)
    expect(family.get_by_text("The police are looking")).to_have_count(0)
    expect(family.get_by_text("Police update")).to_have_count(0)
    check_page(family, phone=True)


def test_worker_from_another_team_breaks_glass(page: Page) -> None:
    """Journey 3: another team's worker gets a 404, then opens the case with a reason and a code."""
    made = a_case()
    case = made["case"]
    other_worker = UserFactory(team=TeamFactory(name="Team B"), role=Role.SOCIAL_WORKER)

    # Sign in with the previous step's code so the current one is still unused for break-glass.
    staff_sign_in(page, other_worker, code=totp_code(steps_back=1))

    response = page.goto(f"/staff/cases/{case.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(page, phone=True)

    page.goto("/staff/")
    check_page(page)
    page.get_by_role("link", name="Open a case outside your team").click()
    page.wait_for_url(re.compile(r"/staff/break-glass/$"))
    check_page(page, phone=True)
    page.get_by_label("Case reference").fill(case.reference)
    page.get_by_role("radio", name="Covering for an absent colleague").check()
    page.get_by_label("Explain", exact=True).fill(
        "Covering the duty desk while the allocated worker is on leave."
    )
    page.get_by_label("Code from your authenticator app").fill(totp_code())
    page.get_by_role("button", name="Open the case").click()

    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/$"))
    expect(page.get_by_role("heading", level=1, name=made["child"])).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "You opened this case from outside its team"
    )
    check_page(page, phone=True)

    page.get_by_role("navigation", name="Case sections").get_by_role(
        "link", name="Chronology"
    ).click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/chronology/$"))
    expect(page.locator(".govuk-warning-text")).to_be_visible()
    check_page(page)


def test_bad_input_keeps_what_was_typed(page: Page) -> None:
    """Journey 4: an impossible time shows the error summary and keeps the title and text."""
    made = a_case()
    staff_sign_in(page, made["worker"])
    open_add_entry_form(page, made["case"])

    page.get_by_label("Title", exact=True).fill("Phone call with grandmother")
    page.get_by_label("What happened").fill("She can collect the children on Tuesdays.")
    page.get_by_label("Time", exact=True).fill("25:99")
    page.get_by_role("button", name="Add entry").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter a time like 09:15 or 14:30")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Title", exact=True)).to_have_value("Phone call with grandmother")
    expect(page.get_by_label("What happened")).to_have_value(
        "She can collect the children on Tuesdays."
    )
    expect(page.get_by_label("Time", exact=True)).to_have_value("25:99")
    check_page(page, phone=True)

    # The summary link takes you to the field.
    summary.get_by_role("link", name="Enter a time like 09:15 or 14:30").click()
    expect(page.get_by_label("Time", exact=True)).to_be_focused()


def test_drafts_autosave_to_the_server(page: Page) -> None:
    """Journey 5: typing is saved as a draft by htmx, and is still there after a reload."""
    made = a_case()
    case = made["case"]
    staff_sign_in(page, made["worker"])
    open_add_entry_form(page, case)

    page.get_by_label("Title", exact=True).fill("Notes from the core group")
    page.get_by_label("What happened").fill("Dad said the new routine is working.")
    status = page.locator("#draft-status")
    expect(status).to_contain_text("Draft saved", timeout=10_000)
    check_page(page)

    # Forget the browser's own copy so what comes back must be the server's draft.
    page.evaluate("window.localStorage.clear()")
    page.reload()
    expect(page.get_by_label("Title", exact=True)).to_have_value("Notes from the core group")
    expect(page.get_by_label("What happened")).to_have_value("Dad said the new routine is working.")
    expect(status).to_contain_text("Draft saved")
    check_page(page)


def test_front_door_finds_a_child_by_a_sound_alike_name(page: Page) -> None:
    """Find a person: a misspelled, sound-alike name still finds the child, with the reason."""
    made = a_case()
    child = made["case"].child
    child.first_names, child.last_name = "Mohammed", "Rahman"
    child.save()
    staff_sign_in(page, made["worker"])
    page.get_by_role("link", name="Find a person").click()
    check_page(page, phone=True)
    page.get_by_label("Name").fill("Muhammad Rehman")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=3, name="Mohammed Rahman")).to_be_visible()
    expect(page.get_by_text("Last name sounds alike")).to_be_visible()
    check_page(page, phone=True)
