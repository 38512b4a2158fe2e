"""End to end: the child's network, a family portal sign-in, and restricting the case.

A worker adds a grandmother found by the search and a father nobody had recorded, and
gives the mother a sign-in to the family portal; the mother signs in with the code from
the outbox. A manager restricts the case, and the worker not on the list loses it at once.
axe checks every page on the way, at phone and desktop width.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect

from alongside import policy
from alongside.accounts.models import Role, User
from alongside.cases.models import FamilyAccess
from alongside.messaging.models import Message
from alongside.people.models import Person, Relationship
from tests.e2e.conftest import check_page, staff_sign_in
from tests.e2e.test_portal_e2e import sign_in_with_a_code
from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_worker_builds_the_network_and_a_manager_restricts_the_case(
    new_context: Callable[[], BrowserContext], live_server: Any
) -> None:
    team = TeamFactory(name="Team A")
    worker = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Wes Worker")
    colleague = UserFactory(team=team, role=Role.SOCIAL_WORKER, full_name="Cleo Colleague")
    manager = UserFactory(team=team, role=Role.TEAM_MANAGER, full_name="Maya Manager")
    child = PersonFactory(
        first_names="Sam", last_name="Okafor", date_of_birth=datetime.date(2017, 4, 9)
    )
    case = CaseFactory(team=team, worker=worker, child=child)
    mother = PersonFactory(
        first_names="Rachel",
        last_name="Okafor",
        date_of_birth=datetime.date(1990, 8, 12),
        email="rachel@example.test",
    )
    Relationship.objects.create(
        from_person=mother, to_person=child, kind="parent", parental_responsibility=True
    )
    gran = PersonFactory(
        first_names="Margaret",
        last_name="Whitfield",
        date_of_birth=datetime.date(1958, 1, 30),
    )

    office = new_context().new_page()
    staff_sign_in(office, worker)
    office.goto(f"/staff/cases/{case.pk}/")
    office.get_by_role("link", name="Family and network").click()
    office.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/network/$"))
    expect(
        office.get_by_role("cell", name="Rachel Okafor is parent of Sam Okafor", exact=True)
    ).to_be_visible()
    check_page(office, phone=True)

    # The grandmother is already in the council's records, spelled differently.
    office.get_by_role("link", name="Add someone").click()
    check_page(office, phone=True)
    office.get_by_label("Name").fill("Margret Whitfeld")
    office.get_by_role("button", name="Search").click()
    expect(office.get_by_role("heading", name="Margaret Whitfield")).to_be_visible()
    check_page(office, phone=True)
    office.get_by_role("link", name=re.compile(r"Choose this person.*Margaret Whitfield")).click()
    check_page(office, phone=True)
    office.get_by_role("button", name="Add to the network").click()
    expect(office.get_by_text("Choose how they are related to the child").first).to_be_visible()
    check_page(office, phone=True)
    office.get_by_label("Grandparent of", exact=True).check()
    office.get_by_role(
        "group", name="Do they have parental responsibility for the child?"
    ).get_by_label("No").check()
    office.get_by_role("group", name="Does the child live with them?").get_by_label("No").check()
    office.get_by_role("button", name="Add to the network").click()
    office.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/network/$"))
    expect(
        office.get_by_role(
            "cell", name="Margaret Whitfield is grandparent of Sam Okafor", exact=True
        )
    ).to_be_visible()

    # The father is new: nothing matches, so he is recorded with what was typed.
    office.get_by_role("link", name="Add someone").click()
    office.get_by_label("Name").fill("Tomasz Nowak")
    office.get_by_role("button", name="Search").click()
    check_page(office, phone=True)
    office.get_by_role("link", name="None of these: record a new person").click()
    expect(office.get_by_label("First names")).to_have_value("Tomasz")
    expect(office.get_by_label("Last name")).to_have_value("Nowak")
    check_page(office, phone=True)
    office.get_by_label("Email address (optional)").fill("tomasz@example.test")
    office.get_by_label("First language").fill("Polish")
    office.get_by_role("group", name="Do they need an interpreter?").get_by_label("Yes").check()
    office.get_by_label("Parent of", exact=True).check()
    office.get_by_role(
        "group", name="Do they have parental responsibility for the child?"
    ).get_by_label("Yes").check()
    office.get_by_role("group", name="Does the child live with them?").get_by_label("No").check()
    office.get_by_role("button", name="Record them and add to the network").click()
    office.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/network/$"))
    expect(
        office.get_by_role("cell", name="Tomasz Nowak is parent of Sam Okafor", exact=True)
    ).to_be_visible()
    father = Person.objects.get(last_name="Nowak")
    assert father.interpreter_needed and father.first_language == "Polish"
    assert Relationship.objects.filter(
        from_person=gran, to_person=child, kind="grandparent", ended_on=None
    ).exists()

    # The mother is given a sign-in to the family portal.
    office.get_by_role(
        "link", name=re.compile(r"Give access to the family portal.*Rachel Okafor")
    ).click()
    expect(office.get_by_label("Their email address or mobile number")).to_have_value(
        "rachel@example.test"
    )
    check_page(office, phone=True)
    office.get_by_role("button", name="Give access and send the invitation").click()
    office.wait_for_url(re.compile(rf"/staff/cases/{case.pk}/network/$"))
    expect(office.get_by_role("link", name="Stop portal access for Rachel Okafor")).to_be_visible()
    check_page(office, phone=True)
    account = User.objects.get(person=mother)
    invitation = Message.objects.get(to_user=account, purpose="portal_invite")
    assert "/portal/sign-in/" in invitation.body and "code" in invitation.body

    # The pages for ending a relationship and stopping access, seen and left.
    office.get_by_role(
        "link", name=re.compile(r"End this relationship.*Margaret Whitfield")
    ).click()
    check_page(office, phone=True)
    office.get_by_role("button", name="End this relationship").click()
    expect(office.get_by_text("Say why this relationship has ended").first).to_be_visible()
    check_page(office, phone=True)
    office.get_by_role("link", name="Cancel").click()
    office.get_by_role("link", name="Stop portal access for Rachel Okafor").click()
    check_page(office, phone=True)
    office.get_by_role("link", name="Cancel").click()

    # At the front door, recording the grandmother again shows her record first.
    office.goto("/staff/front-door/new-person/")
    office.get_by_label("First names").fill("Margret")
    office.get_by_label("Last name").fill("Whitfeld")
    office.get_by_role("button", name="Save and record the contact").click()
    expect(office.get_by_role("heading", name="Margaret Whitfield")).to_be_visible()
    expect(office.get_by_label("First names")).to_have_value("Margret")
    check_page(office, phone=True)
    assert not Person.objects.filter(last_name="Whitfeld").exists()

    family = new_context().new_page()
    sign_in_with_a_code(family, account)
    expect(family.get_by_text("Sam Okafor").first).to_be_visible()
    check_page(family, phone=True)
    assert FamilyAccess.objects.filter(case=case, person=mother, revoked_at=None).exists()

    # The manager restricts the case to Cleo; Wes is not on the list.
    desk = new_context().new_page()
    staff_sign_in(desk, manager)
    desk.goto(f"/staff/cases/{case.pk}/network/")
    desk.get_by_role("link", name="Restrict this case").click()
    check_page(desk, phone=True)
    desk.get_by_role("button", name="Restrict this case").click()
    expect(desk.get_by_text("Say why this case is restricted").first).to_be_visible()
    check_page(desk, phone=True)
    desk.get_by_label("Why is this case restricted?").fill("The mother works in this team")
    desk.get_by_label(re.compile(r"^Cleo Colleague")).check()
    desk.get_by_role("button", name="Restrict this case").click()
    expect(desk.get_by_role("heading", name="Who may see this restricted case")).to_be_visible()
    check_page(desk, phone=True)

    desk.get_by_role("link", name=re.compile(r"Take off the list.*Cleo Colleague")).click()
    check_page(desk, phone=True)
    desk.get_by_role("link", name="Cancel").click()
    desk.get_by_role("link", name="Lift the restriction").click()
    check_page(desk, phone=True)

    response = office.goto(f"/staff/cases/{case.pk}/")
    assert response is not None and response.status == 404
    case.refresh_from_db()
    assert case.is_restricted
    assert policy.case_access(colleague, case).can_read
    assert not policy.case_access(worker, case).can_read
