"""The plan both ways in a real browser: a professional's late promise is shown to everyone.

The worker's overdue page, the manager's overdue page and the family's plan page
all show the same overdue promise the same way; every page is checked with axe,
and the family's page at phone width too.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from alongside.accounts.models import Role
from alongside.people.models import Relationship
from alongside.plans.services import commitment_create
from tests.e2e.conftest import check_page, staff_sign_in
from tests.factories import CaseFactory, FamilyUserFactory, TeamFactory, UserFactory, grant_family

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LATE = "Send the conference report"
TASK = "Book the GP appointment"


def a_plan() -> dict[str, Any]:
    """A child's case in Team A with a late promise by the worker and a task for the parent."""
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Jo Marsh")
    manager = UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Priya Shah")
    case = CaseFactory(team=team, worker=worker)
    parent = FamilyUserFactory()
    grant_family(case, parent)
    Relationship.objects.create(from_person=parent.person, to_person=case.child, kind="parent")
    today = timezone.localdate()
    late = commitment_create(
        case=case,
        title=LATE,
        due_on=today - datetime.timedelta(days=4),
        by=worker,
        owner_user=worker,
        source="document",
    )
    commitment_create(
        case=case,
        title=TASK,
        due_on=today + datetime.timedelta(days=5),
        by=worker,
        owner_person=parent.person,
        source="plan_action",
    )
    return {"worker": worker, "manager": manager, "case": case, "parent": parent, "late": late}


def sign_in_family(context: BrowserContext, user: Any, base_url: str) -> None:
    """A family session made by Django's test client, handed to the browser as its cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def overdue_row(page: Page, caption: str):
    table = page.get_by_role("table", name=caption)
    return table.get_by_role("row").filter(has_text=LATE)


def test_a_late_professional_promise_shows_for_the_worker_the_manager_and_the_family(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    made = a_plan()
    case, worker, parent = made["case"], made["worker"], made["parent"]
    child = case.child.display_name

    # The worker: their overdue list, the plan both ways, the promise, and adding a family task.
    page = new_context().new_page()
    staff_sign_in(page, worker)
    page.goto("/staff/commitments/overdue/")
    expect(page.get_by_role("heading", level=1, name="Overdue commitments")).to_be_visible()
    row = overdue_row(page, "Yours and your families'")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Jo Marsh")
    expect(row).to_contain_text("4 days late")
    expect(row.locator(".govuk-tag--red")).to_have_text("Overdue")
    expect(page.get_by_role("table", name="Your teams")).to_have_count(0)
    check_page(page, phone=True)

    row.get_by_role("link", name=child).click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/commitments/$"))
    card = page.locator(".govuk-summary-card", has_text=LATE)
    expect(card.locator(".govuk-tag--red")).to_have_text("Overdue")
    expect(page.locator(".govuk-summary-card", has_text=TASK)).to_contain_text("parent")
    check_page(page, phone=True)

    card.get_by_role("link", name=re.compile("Record what happened")).click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/commitments/{made['late'].pk}/$"))
    expect(page.get_by_role("heading", level=1, name=LATE)).to_be_visible()
    check_page(page)

    page.goto(f"/staff/cases/{case.pk}/commitments/")
    page.get_by_role("link", name="Add a commitment").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/commitments/new/$"))
    check_page(page)
    page.get_by_role("button", name="Add to the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what will be done")
    check_page(page)
    page.get_by_label("What will be done?").fill("Go to the stay and play group")
    page.get_by_label("Who will do it?").select_option(
        label=f"{parent.person.display_name}, parent"
    )
    due = timezone.localdate() + datetime.timedelta(days=14)
    when = page.get_by_role("group", name="When will it be done by?")
    when.get_by_label("Day").fill(str(due.day))
    when.get_by_label("Month").fill(str(due.month))
    when.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add to the plan").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/commitments/$"))
    expect(page.get_by_text("Added to the plan: Go to the stay and play group")).to_be_visible()
    check_page(page)

    # The manager: the team's overdue list has the same promise, shown the same way.
    office = new_context().new_page()
    staff_sign_in(office, made["manager"])
    office.goto("/staff/commitments/overdue/")
    team_row = overdue_row(office, "Your teams")
    expect(team_row).to_have_count(1)
    expect(team_row).to_contain_text("Jo Marsh")
    expect(team_row.locator(".govuk-tag--red")).to_have_text("Overdue")
    check_page(office, phone=True)

    # The family: the plan page shows the worker's promise as late, just as a family task would be.
    context = new_context()
    sign_in_family(context, parent, live_server.url)
    family = context.new_page()
    family.goto(f"/portal/children/{case.pk}/plan/")
    expect(family.get_by_role("heading", level=1)).to_have_text(f"{child}'s plan")
    item = family.locator(".govuk-summary-card", has_text=LATE)
    expect(item).to_contain_text("Jo Marsh, social worker")
    expect(item.locator(".govuk-tag--red")).to_have_text("Late")
    expect(family.locator(".govuk-summary-card", has_text=TASK)).to_contain_text("To do")
    expect(family.locator(".govuk-summary-card", has_text="stay and play")).to_be_visible()
    check_page(family, phone=True)
