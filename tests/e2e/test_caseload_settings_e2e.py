"""End to end: a staff administrator weighs case types, adds one and stops using one.

axe checks every page on the way.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from alongside.accounts.models import Role
from alongside.cases.models import CaseType
from tests.e2e.conftest import check_page, staff_sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_an_administrator_changes_the_case_types(page: Page) -> None:
    admin = UserFactory(team=None, role=Role.ADMIN, full_name="Ada Admin")
    staff_sign_in(page, admin)
    page.goto("/staff/caseload-weights/")
    check_page(page, phone=True)

    court = page.get_by_label("Care proceedings in court")
    court.fill("1.5")
    page.get_by_label("Why are you changing them?").fill("Court work takes more of the week")
    page.get_by_role("button", name="Save the weights and limits").click()
    page.wait_for_url(re.compile(r"/staff/caseload-weights/$"))
    expect(page.get_by_text("Care proceedings in court: 1 to 1.5 more")).to_be_visible()
    check_page(page)
    assert CaseType.objects.get(code="care-proceedings").weight == Decimal("1.5")

    page.get_by_role("link", name="Add a case type").click()
    page.wait_for_url(re.compile(r"/case-types/new/$"))
    check_page(page, phone=True)
    page.get_by_label("Name of the case type").fill("Young carer")
    page.get_by_label("Extra weight").fill("0.5")
    page.get_by_role("button", name="Add the case type").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why this case type is needed")
    expect(page.get_by_label("Name of the case type")).to_have_value("Young carer")
    check_page(page)
    page.get_by_label("Why is this case type needed?").fill("Agreed at the practice board")
    page.get_by_role("button", name="Add the case type").click()
    page.wait_for_url(re.compile(r"/staff/caseload-weights/$"))
    expect(page.get_by_text("Added the case type Young carer")).to_be_visible()

    page.get_by_role("link", name="Stop using Private fostering").click()
    page.wait_for_url(re.compile(r"/stop/$"))
    check_page(page, phone=True)
    page.get_by_label("Why is Private fostering no longer needed?").fill(
        "The council's private fostering team holds these cases"
    )
    page.get_by_role("button", name="Stop using this case type").click()
    page.wait_for_url(re.compile(r"/staff/caseload-weights/$"))
    expect(page.get_by_text("Private fostering is no longer used")).to_be_visible()
    check_page(page)
    assert not CaseType.objects.get(code="private-fostering").is_active
