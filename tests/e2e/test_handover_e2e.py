"""End to end: a change of worker, from the manager's allocation to the family's portal.

A manager gives a case to a new worker; the new worker reads the handover pack;
the family is introduced to their new worker and asks for a different one; the
manager answers. axe checks every page on the way.
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
from playwright.sync_api import BrowserContext, expect

from alongside.accounts.models import Role
from alongside.chronology.models import Kind
from alongside.messaging.models import Message
from alongside.people.models import Relationship
from alongside.plans.models import Commitment
from alongside.plans.services import commitment_create
from alongside.workforce.models import HandoverPack, WorkerChangeRequest
from tests.e2e.conftest import check_page, staff_sign_in
from tests.factories import (
    CaseFactory,
    EntryFactory,
    FamilyUserFactory,
    TeamFactory,
    UserFactory,
    grant_family,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def a_family() -> dict[str, Any]:
    """A child's case in Team A with its worker, a second worker, a manager and a parent."""
    team = TeamFactory(name="Team A")
    old = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Rosa Old")
    new = UserFactory(
        team=team,
        role=Role.SOCIAL_WORKER,
        full_name="Nadia New",
        gender="woman",
        contact_phone="01632 960123",
    )
    manager = UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Maya Manager")
    case = CaseFactory(team=team, worker=old)
    parent = FamilyUserFactory()
    grant_family(case, parent)
    Relationship.objects.create(
        from_person=parent.person,
        to_person=case.child,
        kind="parent",
        parental_responsibility=True,
    )
    person = parent.person
    person.preferred_worker_gender = "woman"
    person.save()
    EntryFactory(
        case=case,
        author_user=old,
        kind=Kind.FAMILY_ACCOUNT,
        title="In mum's words",
        text="We need help with the mornings before school.",
    )
    commitment_create(
        case=case,
        title="Ask the school about breakfast club",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
        by=old,
        owner_user=old,
    )
    return {
        "team": team,
        "old": old,
        "new": new,
        "manager": manager,
        "case": case,
        "parent": parent,
    }


def family_page(new_context: Callable[[], BrowserContext], live_server: Any, user: Any):
    """A browser signed in as a family member (the code sign-in has its own journey test)."""
    client = Client()
    client.force_login(user)
    context = new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def test_a_change_of_worker_hands_over_the_story_and_introduces_the_new_worker(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    made = a_family()
    case, new, manager = made["case"], made["new"], made["manager"]
    child = case.child.display_name

    # The manager records that the case is in court, then sees the caseloads and gives
    # the case to Nadia.
    office = new_context().new_page()
    staff_sign_in(office, manager)
    office.goto(f"/staff/cases/{case.pk}/")
    office.get_by_role("link", name="Change case types").click()
    office.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/case-types/$"))
    check_page(office, phone=True)
    office.get_by_role("checkbox", name="Care proceedings in court").check()
    office.get_by_role("button", name="Save the case types").click()
    expect(office.locator(".govuk-error-summary")).to_contain_text("Say why")
    expect(office.get_by_role("checkbox", name="Care proceedings in court")).to_be_checked()
    check_page(office)
    office.get_by_label("Why are the case types changing?").fill("Care order applied for")
    office.get_by_role("button", name="Save the case types").click()
    office.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/$"))
    expect(
        office.get_by_text("Case types changed: added care proceedings in court")
    ).to_be_visible()
    office.goto("/staff/team/caseloads/")
    expect(office.get_by_role("table", name="Weighted caseload of each worker")).to_contain_text(
        "Nadia New"
    )
    expect(
        office.get_by_role("table", name="Open cases in your teams, those without a worker first")
    ).to_contain_text("Care proceedings in court")
    check_page(office, phone=True)
    office.get_by_role("link", name=f"Change worker for {child}").click()
    office.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/allocate/$"))
    expect(office.get_by_text("would like a worker who is a woman")).to_be_visible()
    expect(office.get_by_text("2 weighted units")).to_be_visible()
    check_page(office, phone=True)
    office.get_by_role("radio", name="Nadia New, Social worker").check()
    office.get_by_label("Why this worker?").fill("Rosa is moving to the fostering team")
    office.get_by_label("Standing arrangements the new worker must keep (optional)").fill(
        "Dad sees the children every Saturday at the family centre."
    )
    office.get_by_role("button", name="Allocate").click()
    office.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/handover/$"))
    expect(office.get_by_text(f"{child}'s worker is Nadia New")).to_be_visible()
    expect(office.get_by_text("Nadia New has not read this handover yet")).to_be_visible()
    check_page(office, phone=True)

    pack = HandoverPack.objects.get(case=case)
    assert pack.from_worker == made["old"] and pack.to_worker == new
    assert Commitment.objects.get().owner_user == new

    # Nadia reads the handover before her first visit.
    worker = new_context().new_page()
    staff_sign_in(worker, new)
    worker.goto(f"/staff/cases/{case.pk}/handover/")
    expect(worker.get_by_text("We need help with the mornings before school.")).to_be_visible()
    expect(worker.get_by_text("Dad sees the children every Saturday")).to_be_visible()
    expect(worker.get_by_role("cell", name="Ask the school about breakfast club")).to_be_visible()
    check_page(worker, phone=True)
    worker.get_by_role("button", name="I have read the handover").click()
    worker.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/handover/$"))
    expect(worker.get_by_text("Nadia New read this handover on")).to_be_visible()
    check_page(worker)
    worker.goto(f"/staff/cases/{case.pk}/worker-change/")
    check_page(worker, phone=True)

    # The family was introduced to Nadia: a message, and the portal.
    message = Message.objects.get(purpose="worker_introduction", to_address=made["parent"].email)
    assert "Nadia New" in message.body and "01632 960123" in message.body
    family = family_page(new_context, live_server, made["parent"])
    family.goto(f"/portal/children/{case.pk}/worker/")
    expect(family.get_by_role("heading", level=1)).to_have_text(f"{child}'s worker")
    expect(family.get_by_text("Nadia New has read what you told us before.")).to_be_visible()
    expect(family.get_by_text(f"{child} has had 2 workers in the last 12 months.")).to_be_visible()
    check_page(family, phone=True)

    # The family asks for a different worker; the manager answers within the clock.
    family.get_by_label("Why would you like a different worker? (you do not have to say)").fill(
        "We would like someone who can come after 3pm."
    )
    family.get_by_role("button", name="Ask for a different worker").click()
    family.wait_for_url(re.compile(rf"/portal/children/{case.pk}/worker/$"))
    expect(family.get_by_text("We have your request.")).to_be_visible()
    check_page(family, phone=True)

    office.goto("/staff/team/change-requests/")
    check_page(office, phone=True)
    office.get_by_role("link", name=f"Answer the request for {child}").click()
    office.wait_for_url(re.compile(r"/staff/team/change-requests/\d+/$"))
    check_page(office, phone=True)
    office.get_by_role("button", name="Send the answer").click()
    expect(office.locator(".govuk-error-summary")).to_be_visible()
    check_page(office)
    office.get_by_role("radio", name="No, the worker stays").check()
    office.get_by_label("Explain your answer").fill(
        "Nadia can visit after 3pm on Mondays and Wednesdays."
    )
    office.get_by_role("button", name="Send the answer").click()
    office.wait_for_url(re.compile(r"/staff/team/change-requests/$"))
    check_page(office)
    assert WorkerChangeRequest.objects.get().decision == "declined"

    family.reload()
    expect(
        family.get_by_text("Nadia can visit after 3pm on Mondays and Wednesdays.")
    ).to_be_visible()
    check_page(family, phone=True)
