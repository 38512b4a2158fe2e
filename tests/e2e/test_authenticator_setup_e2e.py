"""A new member of staff sets up their sign-in in the browser: password, authenticator, first page."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pyotp
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from alongside.accounts.models import Role, User
from alongside.messaging.models import Message
from tests.e2e.conftest import TOTP_STEP, check_page, staff_sign_in
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


def test_new_staff_member_sets_up_their_sign_in(new_context: Callable[[], BrowserContext]) -> None:
    admin = UserFactory(role=Role.ADMIN, team=None)
    TeamFactory(name="Riverside")
    admin_page = new_context().new_page()
    staff_sign_in(admin_page, admin, phone=True)

    # The administrator adds Robin; a wrong address keeps what was typed.
    admin_page.get_by_role("link", name="Staff accounts").click()
    expect(admin_page.get_by_role("heading", level=1)).to_have_text("Staff accounts")
    check_page(admin_page, phone=True)
    admin_page.get_by_role("button", name="Add a member of staff").click()
    check_page(admin_page, phone=True)
    admin_page.get_by_label("Full name").fill("Robin Example")
    admin_page.get_by_label("Work email address").fill("robin.example")
    admin_page.get_by_label("Social worker", exact=True).check()
    admin_page.get_by_label("Team", exact=True).select_option(label="Riverside")
    admin_page.get_by_role("button", name="Send the set-up link").click()
    expect(admin_page.get_by_role("alert").first).to_contain_text("Enter an email address")
    expect(admin_page.get_by_label("Full name")).to_have_value("Robin Example")
    check_page(admin_page, phone=True)
    admin_page.get_by_label("Work email address").fill("robin.example@example.test")
    admin_page.get_by_role("button", name="Send the set-up link").click()
    expect(admin_page.get_by_text("Robin Example has been sent a set-up link")).to_be_visible()
    user = User.objects.get(email="robin.example@example.test")
    body = Message.objects.filter(to_user=user, purpose="staff_invitation").get().body
    link = re.search(r"/set-up/\S+/", body)[0]

    page = new_context().new_page()
    page.goto(link)
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

    # Robin loses the phone: the administrator resets the authenticator, with a reason.
    admin_page.reload()
    admin_page.get_by_role("link", name="Reset Robin Example's authenticator").click()
    check_page(admin_page, phone=True)
    admin_page.get_by_label("Why are you resetting it?").fill("Lost work phone")
    admin_page.get_by_role("button", name="Reset the authenticator").click()
    expect(admin_page.get_by_text("Robin Example's authenticator is reset")).to_be_visible()
    check_page(admin_page, phone=True)

    # Robin's next page asks them to sign in; the password alone cannot set up a new
    # authenticator: the email sent with the reset has a one-time link that does.
    page.reload()
    page.wait_for_url(re.compile(r"/sign-in/"))
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/sign-in/authenticator/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set up your authenticator from your email link"
    )
    check_page(page, phone=True)
    body = Message.objects.filter(to_user=user, purpose="authenticator_reset").get().body
    page.goto(re.search(r"/set-up/\S+/", body)[0])
    page.get_by_label("Choose a password").fill(PASSWORD + " again")
    page.get_by_label("Type the password again").fill(PASSWORD + " again")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/sign-in/authenticator/$"))
    _set_up_authenticator(page)
