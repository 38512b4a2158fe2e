"""The front door to the Journey tab in a real browser, with axe on every page."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from alongside.accounts.models import Role
from alongside.cases.models import Case
from tests.e2e.conftest import check_page, staff_sign_in
from tests.factories import PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_front_door_records_and_decides_and_the_worker_opens_the_journey(
    new_context: Callable[[], BrowserContext],
) -> None:
    """A front-door officer finds a child, records a contact and decides on an assessment;
    the allocated worker then opens the case's Journey tab and finishes the assessment."""
    team_a = TeamFactory(name="Team A")
    worker = UserFactory(team=team_a, role=Role.SOCIAL_WORKER)
    officer = UserFactory(team=TeamFactory(name="Front door"), role=Role.FRONT_DOOR)
    child = PersonFactory(first_names="Lily Rose", last_name="Okafor", postcode="LS1 4AB")

    page = new_context().new_page()
    staff_sign_in(page, officer)
    page.get_by_role("link", name="Front door").click()
    page.wait_for_url(re.compile(r"/staff/front-door/$"))
    expect(page.get_by_text("No contacts are waiting for a decision.")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Find a person").click()
    page.get_by_label("Name").fill("Lily Okafor")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=3, name="Lily Rose Okafor")).to_be_visible()
    expect(page.get_by_role("link", name="Record someone new")).to_be_visible()
    check_page(page, phone=True)

    page.get_by_role("link", name="Record a contact about this person").click()
    page.wait_for_url(re.compile(rf"/staff/front-door/new/\?person={child.pk}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record a contact about Lily Rose Okafor"
    )
    check_page(page, phone=True)

    page.get_by_label("Time", exact=True).fill(timezone.localtime().strftime("%H:%M"))
    page.get_by_role("radio", name="A referral from a professional").check()
    page.get_by_label("Who got in touch?").select_option(label="Schools")
    page.get_by_label("Their name").fill("Pat Head")
    page.get_by_label("Their organisation").fill("Hill Primary School")
    page.get_by_label("Their email address").fill("office@school.example.test")
    page.get_by_label("Why did they get in touch?").fill(
        "Lily has come to school hungry three days running."
    )
    page.get_by_role("radio", name="The family agreed to the information being shared").check()
    page.get_by_role("button", name="Save and decide what happens next").click()

    page.wait_for_url(re.compile(r"/staff/front-door/\d+/decide/$"))
    expect(page.get_by_text("Contact about Lily Okafor recorded")).to_be_visible()
    expect(page.get_by_text("Lily has come to school hungry three days running.")).to_be_visible()
    check_page(page, phone=True)

    page.get_by_role("radio", name="Child and family assessment").check()
    page.get_by_label("Why?", exact=True).fill("We need to understand what is happening at home.")
    page.get_by_label("Which team will work with the family?").select_option(label="Team A")
    page.get_by_label("Worker", exact=True).select_option(
        label=f"{worker.full_name}, Social worker"
    )
    page.get_by_label("Primary need").select_option(label="Abuse or neglect")
    expect(page.get_by_role("radio", name="Yes")).to_be_checked()
    page.get_by_role("button", name="Record the decision").click()

    # The officer cannot open the case, so they come back to the front door.
    page.wait_for_url(re.compile(r"/staff/front-door/$"))
    case = Case.objects.get(child=child)
    expect(
        page.get_by_text(f"Decision recorded: Child and family assessment. Case {case.reference}")
    ).to_be_visible()
    check_page(page)

    desk = new_context().new_page()
    staff_sign_in(desk, worker)
    desk.get_by_role("link", name="Lily Okafor", exact=True).click()
    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/$"))
    desk.get_by_role("navigation", name="Case sections").get_by_role("link", name="Journey").click()
    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/journey/$"))
    due = desk.get_by_role("table", name="What is due")
    expect(due.get_by_role("row").filter(has_text="Child and family assessment")).to_have_count(1)
    check_page(desk, phone=True)

    desk.get_by_role("link", name="Finish the assessment").click()
    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/journey/assessments/\d+/complete/$"))
    check_page(desk)
    today = timezone.localdate()
    finished = desk.get_by_role("group", name="When was it finished?")
    finished.get_by_label("Day").fill(str(today.day))
    finished.get_by_label("Month").fill(str(today.month))
    finished.get_by_label("Year").fill(str(today.year))
    desk.get_by_role("checkbox", name="Neglect", exact=True).check()
    desk.get_by_role("checkbox", name="No factors identified").check()
    desk.get_by_role("radio", name="Child in need plan").check()
    desk.get_by_label("What the family said").fill("Mum wants help with the mornings.")
    desk.get_by_role("button", name="Save the assessment").click()

    summary = desk.locator(".govuk-error-summary")
    expect(summary).to_contain_text("cannot be chosen with other factors")
    expect(desk.get_by_label("What the family said")).to_have_value(
        "Mum wants help with the mornings."
    )
    check_page(desk, phone=True)
    desk.get_by_role("checkbox", name="No factors identified").uncheck()
    desk.get_by_role("button", name="Save the assessment").click()

    desk.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/journey/$"))
    expect(desk.get_by_text("Assessment saved")).to_be_visible()
    expect(desk.get_by_text("Waiting for a team manager")).to_be_visible()
    check_page(desk)
