"""A new member of staff sets up their sign-in in the browser: password, authenticator, first page."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from alongside.accounts.models import Role
from alongside.accounts.services import staff_invite, totp_device_reset
from tests.e2e.conftest import TOTP_STEP, check_page
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "kettle lantern harbour meadow"


def _code(secret: str) -> str:
    """The code the new authenticator shows now, clear of a 30-second step boundary."""
    if time.time() % TOTP_STEP > TOTP_STEP - 3:
        time.sleep(TOTP_STEP - time.time() % TOTP_STEP + 0.2)
    return pyotp.TOTP(secret).now()


def _set_up_authenticator(page: Page) -> None:
    """On the set-up page: read the key as a person would type it, try a wrong code, then the right one."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name=re.compile("QR code to add Alongside"))).to_be_visible()
    check_page(page, phone=True)
    secret = page.locator("#authenticator-key").inner_text().replace(" ", "")

    page.get_by_label("Code from your authenticator app").fill("123456")
    page.get_by_role("button", name="Confirm and sign in").click()
    expect(page.get_by_role("alert").first).to_contain_text("That code is not right")
    expect(page.get_by_label("Code from your authenticator app")).to_be_visible()
    check_page(page, phone=True)
    assert page.locator("#authenticator-key").inner_text().replace(" ", "") == secret

    time.sleep(1.1)  # a wrong code makes the next try wait a moment
    page.get_by_label("Code from your authenticator app").fill(_code(secret))
    page.get_by_role("button", name="Confirm and sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    expect(page.get_by_text("Your authenticator app is set up")).to_be_visible()
    check_page(page, phone=True)


def test_new_staff_member_sets_up_their_sign_in(page: Page) -> None:
    admin = UserFactory(role=Role.ADMIN, team=None)
    team = TeamFactory(name="Riverside")
    user, link = staff_invite(
        email="robin.example@example.test",
        full_name="Robin Example",
        role=Role.SOCIAL_WORKER,
        team=team,
        by=admin,
    )

    page.goto(link.split("8000", 1)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    check_page(page, phone=True)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill("not the same words")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert").first).to_contain_text("The two passwords are not the same")
    check_page(page, phone=True)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/sign-in/authenticator/$"))
    _set_up_authenticator(page)
    expect(page.get_by_role("heading", level=1, name="My work")).to_be_visible()

    # An administrator resets it (a lost phone): the next page asks them to sign in again,
    # and after their password they set up a new authenticator.
    totp_device_reset(user=user, by=admin, reason="Lost work phone")
    page.reload()
    page.wait_for_url(re.compile(r"/sign-in/"))
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/sign-in/authenticator/$"))
    _set_up_authenticator(page)
