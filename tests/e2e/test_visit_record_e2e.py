"""A routine home visit recorded on one screen from the child's record, in a real browser.

The worker starts on the child's record, records the visit (who was seen, seen alone,
the note, two things agreed, the next visit as suggested), lands back on the record,
and the chronology shows one entry for it. The parent then sees the next visit and
what was agreed in the portal. axe runs on every page at desktop and phone width.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from alongside.accounts.models import Role
from alongside.people.models import Relationship
from alongside.visits.models import Visit
from alongside.visits.services import visit_plan
from tests.e2e.conftest import check_page, staff_sign_in
from tests.e2e.test_visits_e2e import sign_in_family
from tests.factories import CaseFactory, FamilyUserFactory, TeamFactory, UserFactory, grant_family

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOTE = (
    "We sat in the kitchen after school. Home has felt calmer and bedtime is easier. "
    "We talked about the rent letter and what would help."
)


def a_family_with_a_visit_to_record() -> dict[str, Any]:
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Jo Marsh")
    case = CaseFactory(team=team, worker=worker)
    case.child.first_names, case.child.preferred_name = "Samuel", "Sam"
    case.child.save()
    parent = FamilyUserFactory()
    grant_family(case, parent)
    parent.person.first_names, parent.person.last_name = "Aisha", "Khan"
    parent.person.save()
    Relationship.objects.create(
        from_person=parent.person, to_person=case.child, kind="parent", parental_responsibility=True
    )
    soon = timezone.now() + datetime.timedelta(days=1)
    visit = visit_plan(
        case=case,
        worker=worker,
        kind="home_visit",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=1),
        place="4 Canal Street",
        purpose_for_family="To see how the week has gone.",
        by=worker,
    )
    started = timezone.now() - datetime.timedelta(hours=3)
    Visit.objects.filter(pk=visit.pk).update(
        starts_at=started, ends_at=started + datetime.timedelta(hours=1)
    )
    return {"worker": worker, "case": case, "parent": parent}


def test_a_worker_records_a_home_visit_on_one_screen_and_the_family_sees_it(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    made = a_family_with_a_visit_to_record()
    case = made["case"]

    page = new_context().new_page()
    staff_sign_in(page, made["worker"])
    page.goto(f"/staff/cases/{case.pk}/")
    page.get_by_role("button", name="Record a visit").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/visits/record/$"))
    expect(page.get_by_role("radio", name=re.compile("4 Canal Street"))).to_be_checked()
    child = case.child.display_name
    expect(page.get_by_role("checkbox", name=child, exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Plan the next visit")).to_be_checked()
    check_page(page, phone=True)

    # Forgetting whether Sam was seen alone: told clearly, nothing typed is lost.
    page.get_by_role("checkbox", name="Aisha Khan (parent)").check()
    page.get_by_label("What did you talk about?").fill(NOTE)
    page.get_by_label("What was agreed (1)").fill("Phone the housing officer")
    page.get_by_label("Whose job (1)").select_option(label="Aisha Khan (parent)")
    page.get_by_label("What was agreed (2)").fill("Send the food bank referral")
    page.get_by_role("button", name="Save the visit").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"Say whether {child} was seen alone")
    expect(page.get_by_label("What did you talk about?")).to_have_value(NOTE)
    expect(page.get_by_label("What was agreed (1)")).to_have_value("Phone the housing officer")
    expect(page.get_by_role("checkbox", name="Aisha Khan (parent)")).to_be_checked()
    check_page(page, phone=True)

    page.get_by_role("group", name=f"Was {child} seen alone?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save the visit").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/$"))
    expect(page.get_by_text("Visit recorded on the chronology.")).to_be_visible()
    check_page(page)

    page.goto(f"/staff/cases/{case.pk}/chronology/")
    expect(page.get_by_text("Home visit with Jo Marsh").first).to_be_visible()
    check_page(page)

    family = new_context()
    sign_in_family(family, made["parent"], live_server.url)
    portal = family.new_page()
    portal.goto(f"/portal/children/{case.pk}/visits/")
    card = portal.locator(".govuk-summary-card", has_text="look at what we agreed")
    expect(card).to_contain_text("4 Canal Street")
    expect(card).to_contain_text("Jo Marsh")
    check_page(portal, phone=True)
    portal.goto(f"/portal/children/{case.pk}/plan/")
    expect(portal.get_by_text("Phone the housing officer").first).to_be_visible()
    expect(portal.get_by_text("Send the food bank referral").first).to_be_visible()
    check_page(portal, phone=True)
