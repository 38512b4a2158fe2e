"""Meetings in a real browser: a review conference planned, the parent invited, the report
drafted, edited and shared; the parent reads it in the portal. axe on every page."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from alongside.accounts.models import Role
from alongside.journey.models import Conference, Referral
from alongside.people.models import Relationship
from tests.e2e.conftest import check_page, staff_sign_in
from tests.e2e.test_visits_e2e import sign_in_family
from tests.factories import CaseFactory, FamilyUserFactory, TeamFactory, UserFactory, grant_family

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_worker_prepares_a_review_conference_and_the_parent_reads_the_report(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Jo Marsh")
    UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Priya Shah")
    case = CaseFactory(team=team, worker=worker)
    parent = FamilyUserFactory()
    grant_family(case, parent)
    Relationship.objects.create(
        from_person=parent.person, to_person=case.child, kind="parent", parental_responsibility=True
    )
    referral = Referral.objects.create(case=case, referral_date=case.referral_date, source="1A")
    day = timezone.localdate() + datetime.timedelta(days=21)
    Conference.objects.create(referral=referral, kind="review", scheduled_for=day)

    page = new_context().new_page()
    staff_sign_in(page, worker)
    page.goto(f"/staff/cases/{case.pk}/meetings/")
    check_page(page, phone=True)
    page.get_by_role("button", name="Plan a meeting").click()
    check_page(page)
    page.get_by_role("radio", name="Review child protection conference").check()
    page.get_by_label("Which conference on the journey is it?").select_option(index=1)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Where", exact=True).fill("Hill Family Centre, 2 Hill Road")
    page.get_by_role("button", name="Plan the meeting").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/meetings/\d+/$"))
    check_page(page)

    page.get_by_role("button", name="Invite someone").click()
    check_page(page)
    page.get_by_role("radio", name="Family member").check()
    page.get_by_label("Which family member?").select_option(index=1)
    page.get_by_role("button", name="Add to the invitations").click()
    page.get_by_role("button", name="Check and send the letters").click()
    expect(page.get_by_text("Reading score: grade")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Send the letters").click()

    page.get_by_role("button", name="Draft the report").click()
    check_page(page)
    page.get_by_role("button", name="Draft the report from the record").click()
    check_page(page)
    text = page.get_by_label("The family's copy")
    text.fill(
        text.input_value().replace(
            "[Write what you think now, and why. Use plain words.]", "Things are going better."
        )
    )
    page.get_by_role("button", name="Save the report").click()
    page.get_by_role("button", name="Share the report with everyone invited").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/meetings/\d+/$"))
    table = page.get_by_role("table", name="Who is invited")
    expect(table).to_contain_text(parent.person.display_name)
    expect(table).not_to_contain_text("Not yet")
    check_page(page, phone=True)

    family = new_context()
    sign_in_family(family, parent, live_server.url)
    portal = family.new_page()
    portal.goto(f"/portal/children/{case.pk}/meetings/")
    expect(portal.get_by_text("Review child protection conference").first).to_be_visible()
    check_page(portal, phone=True)
    portal.get_by_role("link", name=re.compile("^Read the letter and report")).click()
    expect(portal.get_by_text("Things are going better.")).to_be_visible()
    expect(portal.get_by_text("Complaining will not count against you.")).to_be_visible()
    check_page(portal, phone=True)
