"""Visits in a real browser: the worker plans one, the family sees it; every page passes axe."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from alongside.accounts.models import Role
from alongside.people.models import Relationship
from alongside.visits.models import Visit
from alongside.visits.services import visit_plan
from tests.e2e.conftest import check_page, staff_sign_in
from tests.factories import CaseFactory, FamilyUserFactory, TeamFactory, UserFactory, grant_family

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PURPOSE = "To meet Sam and talk about how the new school is going."


def sign_in_family(context: BrowserContext, user: Any, base_url: str) -> None:
    """A family session made by Django's test client, handed to the browser as its cookie."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def a_family() -> dict[str, Any]:
    """A child's case in Team A, a parent who said weekdays suit them, and a visit last week."""
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Jo Marsh")
    manager = UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Priya Shah")
    case = CaseFactory(team=team, worker=worker)
    parent = FamilyUserFactory()
    grant_family(case, parent)
    parent.person.contact_days = ["mon", "tue", "wed", "thu", "fri"]
    parent.person.contact_times = "After 10am"
    parent.person.save()
    Relationship.objects.create(
        from_person=parent.person,
        to_person=case.child,
        kind="parent",
        parental_responsibility=True,
    )
    soon = timezone.now() + datetime.timedelta(days=1)
    last_week = visit_plan(
        case=case,
        worker=worker,
        kind="home_visit",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=1),
        place="4 Canal Street",
        purpose_for_family="To see how the week has gone.",
        availability_clash_reason="Set up for the test",
        by=worker,
    )
    past = timezone.now() - datetime.timedelta(days=6)
    Visit.objects.filter(pk=last_week.pk).update(
        starts_at=past, ends_at=past + datetime.timedelta(hours=1)
    )
    return {"worker": worker, "manager": manager, "case": case, "parent": parent}


def next_wednesday() -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=7)
    return day + datetime.timedelta(days=(2 - day.weekday()) % 7)


def test_worker_plans_a_visit_and_the_family_sees_it(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    made = a_family()
    case, worker = made["case"], made["worker"]

    page = new_context().new_page()
    staff_sign_in(page, worker)
    page.goto(f"/staff/cases/{case.pk}/visits/")
    expect(page.get_by_role("heading", level=2, name="Visits", exact=True)).to_be_visible()
    check_page(page, phone=True)

    # Plan a visit: a mistake first, then the real thing.
    page.get_by_role("button", name="Plan a visit").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/visits/new/$"))
    expect(page.get_by_text("After 10am")).to_be_visible()
    check_page(page, phone=True)
    page.get_by_role("button", name="Plan the visit and tell the family").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say why you are meeting, in words the family can read")
    check_page(page)

    day = next_wednesday()
    when = page.get_by_role("group", name="Date")
    when.get_by_label("Day").fill(str(day.day))
    when.get_by_label("Month").fill(str(day.month))
    when.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("14:30")
    page.get_by_label("How long").select_option(label="1 hour")
    page.get_by_label("Where", exact=True).fill("Hill Family Centre, 2 Hill Road")
    page.get_by_label("Why are you meeting?").fill(PURPOSE)
    page.get_by_label("What should they bring?").fill("Sam's reading book")
    page.get_by_role("button", name="Plan the visit and tell the family").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/visits/$"))
    expect(page.get_by_text("Visit planned. The family has been told.")).to_be_visible()
    coming = page.locator(".govuk-summary-card", has_text=PURPOSE)
    expect(coming).to_contain_text("Hill Family Centre, 2 Hill Road")
    expect(coming).to_contain_text("2:30pm to 3:30pm")
    check_page(page, phone=True)

    # Record what happened at last week's visit: one form.
    page.get_by_role("link", name=re.compile("^Record what happened")).click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/visits/\d+/outcome/$"))
    check_page(page)
    page.get_by_role("radio", name="It happened, but started late").check()
    page.get_by_label("If it was late: how many minutes late?").fill("15")
    page.get_by_role("radio", name="The worker (or someone else at the council)").check()
    page.get_by_label("If it was late: why?").fill("My earlier visit ran over.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/visits/$"))
    expect(page.get_by_role("table", name="What happened at earlier visits")).to_contain_text(
        "15 minutes late"
    )
    check_page(page)

    # The move and cancel forms.
    coming.get_by_role("link", name=re.compile("^Move")).click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/visits/\d+/move/$"))
    check_page(page, phone=True)
    page.goto(f"/staff/cases/{case.pk}/visits/")
    page.locator(".govuk-summary-card", has_text=PURPOSE).get_by_role(
        "link", name=re.compile("^Cancel")
    ).click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/visits/\d+/cancel/$"))
    check_page(page, phone=True)

    # The worker's own figures, then the manager's team.
    page.goto("/staff/reliability/")
    expect(page.get_by_role("table", name="Your visits, by who caused it")).to_be_visible()
    check_page(page, phone=True)

    office = new_context().new_page()
    staff_sign_in(office, made["manager"])
    office.goto("/staff/reliability/")
    team = office.get_by_role("table", name="Team A")
    expect(team.get_by_role("row").filter(has_text="Jo Marsh")).to_have_count(1)
    expect(team.get_by_role("row").filter(has_text="Team total")).to_have_count(1)
    check_page(office, phone=True)

    # The family sees the new visit in plain words, and the figures both ways.
    family = new_context()
    sign_in_family(family, made["parent"], live_server.url)
    portal = family.new_page()
    portal.goto(f"/portal/children/{case.pk}/visits/")
    card = portal.locator(".govuk-summary-card", has_text=PURPOSE)
    expect(card).to_contain_text("Hill Family Centre, 2 Hill Road")
    expect(card).to_contain_text("Jo Marsh")
    expect(card).to_contain_text("Sam's reading book")
    expect(card).to_contain_text("You can have someone with you for support")
    figures = portal.get_by_role("table", name="Your family's visits")
    expect(figures.get_by_role("row").filter(has_text="Late")).to_contain_text("1")
    check_page(portal, phone=True)
