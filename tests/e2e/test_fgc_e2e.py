"""A family group conference in a real browser: the worker refers, the coordinator invites
from the network diagram, records the day and private family time and the family's plan;
the worker agrees the plan and its steps appear as commitments; the parent reads about it
in the portal. axe on every page."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from alongside.accounts.models import Role
from alongside.people.models import Relationship
from tests.e2e.conftest import check_page, staff_sign_in
from tests.e2e.test_visits_e2e import sign_in_family
from tests.factories import (
    CaseFactory,
    FamilyUserFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
    grant_family,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _date(page: Page, group: str, day: datetime.date) -> None:
    when = page.get_by_role("group", name=group)
    when.get_by_label("Day").fill(str(day.day))
    when.get_by_label("Month").fill(str(day.month))
    when.get_by_label("Year").fill(str(day.year))


def test_a_family_group_conference_from_referral_to_a_plan_whose_actions_are_commitments(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Jo Marsh")
    UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Priya Shah")
    coordinator = UserFactory(team=None, role=Role.FGC_COORDINATOR, full_name="Rae Holt")
    case = CaseFactory(team=team, worker=worker)
    child = case.child
    parent = FamilyUserFactory(person__first_names="Dana", person__last_name="Lowe")
    grant_family(case, parent)
    grandmother = PersonFactory(first_names="Nell", last_name="Lowe", date_of_birth=None)
    Relationship.objects.create(
        from_person=parent.person, to_person=child, kind="parent", parental_responsibility=True
    )
    Relationship.objects.create(from_person=grandmother, to_person=child, kind="grandparent")
    Relationship.objects.create(from_person=grandmother, to_person=parent.person, kind="parent")

    # The worker refers the child to a coordinator.
    page = new_context().new_page()
    staff_sign_in(page, worker)
    page.goto(f"/staff/cases/{case.pk}/")
    page.get_by_role("link", name="Family group conferences").click()
    expect(page.get_by_text("Nothing recorded")).to_be_visible()
    check_page(page, phone=True)
    page.get_by_role("button", name="Refer to a coordinator").click()
    check_page(page)
    page.get_by_role("button", name="Send the referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a coordinator")
    check_page(page)
    page.get_by_label("Which coordinator?").select_option(label="Rae Holt")
    page.get_by_label("What is the family asked to plan for?").fill(
        "How can the family make sure the children get to school every day?"
    )
    page.get_by_label("What are you worried about?").fill("Many days of school missed this term.")
    page.get_by_role("button", name="Send the referral").click()
    page.wait_for_url(re.compile(r"/family-group-conferences/\d+/$"))
    expect(page.get_by_text("Referred to the coordinator")).to_be_visible()
    fgc_url = page.url

    # The coordinator finds the referral and prepares the day from the network.
    desk = new_context().new_page()
    staff_sign_in(desk, coordinator)
    desk.get_by_role("link", name="Family group conferences").click()
    check_page(desk)
    desk.get_by_role("link", name=child.display_name).click()
    diagram = desk.get_by_role("img", name=f"Diagram of {child.display_name}'s family network")
    expect(diagram).to_be_visible()
    network = desk.get_by_role("table", name=re.compile("family network as a list"))
    expect(network.get_by_role("row", name=re.compile("^Nell Lowe"))).to_contain_text("Not invited")
    check_page(desk, phone=True)

    desk.get_by_role("button", name="Agree the date and place").click()
    _date(desk, "Date", timezone.localdate() + datetime.timedelta(days=7))
    desk.get_by_label("Start time").fill("10:00")
    desk.get_by_label("Where", exact=True).fill("Oak Community Hall")
    check_page(desk)
    desk.get_by_role("button", name="Save the date").click()
    desk.wait_for_url(fgc_url)

    for name in ("Nell Lowe (grandparent)", "Dana Lowe (parent)"):
        desk.get_by_role("button", name="Invite someone").click()
        check_page(desk)
        desk.get_by_role("radio", name="Family network").check()
        desk.get_by_label("Who from the network?").select_option(label=name)
        desk.get_by_role("button", name="Invite", exact=True).click()
        desk.wait_for_url(fgc_url)
    expect(network.get_by_role("row", name=re.compile("^Nell Lowe"))).to_contain_text(
        "Invited Family network"
    )
    desk.get_by_role("button", name="Send the invitation letters (2 not sent)").click()
    expect(desk.get_by_text("Letters sent: 2.")).to_be_visible()

    desk.get_by_role("button", name="Record a preparation meeting").click()
    desk.get_by_label("Who did you meet?").select_option(label="Nell Lowe (grandparent)")
    _date(desk, "When?", timezone.localdate())
    desk.get_by_label("What did you agree for the day?").fill("Nell would like her sister there.")
    check_page(desk)
    desk.get_by_role("button", name="Save").click()
    desk.wait_for_url(fgc_url)

    # The day, with private family time.
    desk.get_by_role("button", name="Record the day").click()
    _date(desk, "When was it held?", timezone.localdate())
    desk.get_by_label("Nell Lowe").check()
    desk.get_by_label("Dana Lowe").check()
    desk.get_by_label("Private family time started at").fill("10:30")
    desk.get_by_label("Private family time ended at").fill("11:45")
    desk.get_by_role("button", name="Save").click()
    expect(desk.locator(".govuk-error-summary")).to_contain_text("confirm that every professional")
    expect(desk.get_by_label("Private family time started at")).to_have_value("10:30")
    check_page(desk)
    desk.get_by_label(re.compile("Every professional, the coordinator too")).check()
    desk.get_by_role("button", name="Save").click()
    desk.wait_for_url(fgc_url)
    expect(desk.get_by_text("10:30 to 11:45. Every professional left the room.")).to_be_visible()

    # The family chose to share their plan.
    desk.get_by_role("button", name="The family shared their plan").click()
    desk.get_by_label("The family chose to share their plan with us").check()
    desk.get_by_label("The plan in the family's words (optional)").fill(
        "We will share the school run between us."
    )
    check_page(desk)
    desk.get_by_role("button", name="Save").click()
    due = timezone.localdate() + datetime.timedelta(days=14)
    for what, who in (
        ("Walk the children to school on Mondays", "Nell Lowe (grandparent)"),
        ("Arrange a bus pass", "Jo Marsh (social worker)"),
    ):
        desk.get_by_role("button", name="Add a step").click()
        desk.get_by_label("What will be done?").fill(what)
        desk.get_by_label("Who will do it?").select_option(label=who)
        _date(desk, "By when?", due)
        check_page(desk)
        desk.get_by_role("button", name="Add the step").click()
        desk.wait_for_url(fgc_url)
    steps = desk.get_by_role("table", name="Steps of the family's plan")
    expect(steps).to_contain_text("Walk the children to school on Mondays")
    expect(
        desk.get_by_text("The social worker agrees the plan into the case plan.")
    ).to_be_visible()
    check_page(desk, phone=True)

    # The worker agrees the plan: each step is a commitment.
    page.goto(fgc_url)
    check_page(page)
    page.get_by_role("button", name="Agree the plan and add it to the case plan").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/commitments/$"))
    expect(page.get_by_text("Walk the children to school on Mondays").first).to_be_visible()
    expect(page.get_by_text("Arrange a bus pass").first).to_be_visible()
    check_page(page, phone=True)

    # The parent reads what a family group conference is, and sees the plan's steps.
    family = new_context()
    sign_in_family(family, parent, live_server.url)
    portal = family.new_page()
    portal.goto(f"/portal/children/{case.pk}/meetings/")
    portal.get_by_role("link", name=re.compile("for the family group conference")).first.click()
    expect(portal.get_by_role("heading", name="What is a family group conference?")).to_be_visible()
    expect(portal.get_by_text("No workers stay in the room.").first).to_be_visible()
    expect(portal.get_by_text(re.compile("^Dear Dana"))).to_be_visible()
    check_page(portal, phone=True)
    portal.get_by_role("link", name="your plan").click()
    expect(portal.get_by_text("Walk the children to school on Mondays").first).to_be_visible()
    check_page(portal, phone=True)
