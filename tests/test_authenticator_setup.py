"""Staff set up their own authenticator: invited, choose a password, scan, confirm, and only then in."""

from __future__ import annotations

import base64
import datetime
import re
import time

import pyotp
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import ProgrammingError, transaction
from django.db.models import ProtectedError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.models import AuthenticatorReset, Role, StaffInvitation, Team, User
from alongside.accounts.services import (
    totp_device_create,
    totp_device_pending,
    totp_device_reset,
)
from alongside.messaging.models import Message
from tests.conftest import staff_client, totp_now
from tests.factories import PASSWORD, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kettle lantern harbour meadow"


@pytest.fixture
def admin(db):
    return UserFactory(role=Role.ADMIN, team=None, email="admin@example.test")


def _invite(admin, **overrides) -> tuple[User, str]:
    team = Team.objects.filter(code="riverside").first() or TeamFactory(
        name="Riverside", code="riverside"
    )
    options = {
        "email": "Robin.Example@example.test",
        "name": "Robin Example",
        "role": "social_worker",
        "team": team.code,
        "by": admin.email,
    }
    options.update(overrides)
    call_command("staff_invite", *[f"--{key}={value}" for key, value in options.items()])
    user = User.objects.get(email=options["email"].lower())
    message = Message.objects.filter(to_user=user, purpose="staff_invitation").latest("id")
    link = re.search(r"http://\S+/set-up/\S+/", message.body)[0]
    return user, link.split("8000", 1)[1]


def _secret(response) -> str:
    text = re.search(r'id="authenticator-key">([A-Z2-7 ]+)<', response.content.decode())[1]
    return text.replace(" ", "")


def _set_up_to_authenticator(client: Client, path: str):
    response = client.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/sign-in/authenticator/"
    return client.get("/sign-in/authenticator/")


def test_an_invited_member_of_staff_sets_up_a_password_and_an_authenticator(admin):
    user, path = _invite(admin)
    assert user.role == Role.SOCIAL_WORKER and user.team.code == "riverside"
    assert not user.has_usable_password()
    assert not TOTPDevice.objects.filter(user=user).exists()
    client = Client()

    # The link shows whose it is; passwords that do not match keep the page with a clear error.
    page = client.get(path)
    assert page.status_code == 200 and "Welcome, Robin Example" in page.content.decode()
    mismatch = client.post(path, {"password": NEW_PASSWORD, "password_again": "something else"})
    assert mismatch.status_code == 200
    assert "The two passwords are not the same" in mismatch.content.decode()
    short = client.post(path, {"password": "short", "password_again": "short"})
    assert short.status_code == 200 and "at least 12 characters" in short.content.decode()

    setup = _set_up_to_authenticator(client, path)
    body = setup.content.decode()
    assert setup.status_code == 200 and "Set up your authenticator app" in body
    secret = _secret(setup)
    assert re.search(r'id="authenticator-key">([A-Z2-7]{4} ){7}[A-Z2-7]{4}<', body)
    # The QR code is drawn in the page, with a text alternative, and nothing is fetched.
    svg = re.search(r"<svg [^>]*>.*?</svg>", body, re.S)[0]
    assert 'role="img"' in svg and "<title" in svg and user.email in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    # Reloading shows the same secret: the app may already have it.
    assert _secret(client.get("/sign-in/authenticator/")) == secret

    # Password accepted but no confirmed authenticator: no staff page, no API.
    assert client.get("/staff/").status_code == 302
    assert client.get("/api/cases").status_code == 401

    wrong = client.post("/sign-in/authenticator/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert _secret(wrong) == secret
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/staff/").status_code == 302

    # After a wrong code the next try waits a moment (throttling), then the right code works.
    time.sleep(1.1)
    right = client.post("/sign-in/authenticator/", {"code": pyotp.TOTP(secret).now()})
    assert right.status_code == 302 and right["Location"] == "/staff/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/").status_code == 200

    # The link worked once.
    again = Client().get(path)
    assert again.status_code == 404 and "does not work" in again.content.decode()


def test_next_time_they_sign_in_with_password_and_a_code(admin):
    user, path = _invite(admin)
    client = Client()
    secret = _secret(_set_up_to_authenticator(client, path))
    totp = pyotp.TOTP(secret)
    confirm = client.post("/sign-in/authenticator/", {"code": totp.at(time.time() - 30)})
    assert confirm["Location"] == "/staff/"
    later = Client()
    response = later.post("/sign-in/", {"email": user.email, "password": NEW_PASSWORD})
    assert response["Location"] == "/sign-in/code/"
    assert later.post("/sign-in/code/", {"code": totp.now()})["Location"] == "/staff/"


def test_an_unconfirmed_authenticator_never_counts(cast):
    worker = User.objects.create_user(
        "new.worker@example.test",
        PASSWORD,
        full_name="Sam New",
        role=Role.SOCIAL_WORKER,
        team=cast["team_a"],
    )
    pending = totp_device_pending(user=worker)
    client = Client()
    response = client.post("/sign-in/", {"email": worker.email, "password": PASSWORD})
    assert response["Location"] == "/sign-in/authenticator/"
    # With a password alone, no authenticator can be set up (that needs a set-up link).
    assert client.get("/sign-in/authenticator/").status_code == 403
    # The code page will not take a code from the unconfirmed secret.
    assert client.get("/sign-in/code/")["Location"] == "/sign-in/authenticator/"
    code = pyotp.TOTP(_b32(pending)).now()
    assert client.post("/sign-in/code/", {"code": code})["Location"] == "/sign-in/authenticator/"
    assert client.get(f"/staff/cases/{cast['case'].pk}/").status_code == 302
    assert client.get(f"/api/cases/{cast['case'].pk}").status_code == 401


def _b32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def test_a_reset_authenticator_is_kept_disabled_and_cannot_sign_in(cast, admin):
    worker = cast["worker"]
    signed_in = staff_client(worker)
    assert signed_in.get("/staff/").status_code == 200
    old = TOTPDevice.objects.get(user=worker)

    call_command(
        "authenticator_reset",
        f"--email={worker.email}",
        f"--by={admin.email}",
        "--reason=Lost phone",
    )

    old.refresh_from_db()  # kept, never deleted
    assert not old.confirmed
    reset = AuthenticatorReset.objects.get(device=old)
    assert (reset.user, reset.reset_by, reset.reason) == (worker, admin, "Lost phone")
    told = Message.objects.filter(to_user=worker, purpose="authenticator_reset").get()
    assert admin.full_name in told.body
    # The session signed in with it ends at the next request.
    response = signed_in.get("/staff/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert "_auth_user_id" not in signed_in.session  # signed out, not just unverified

    # The old authenticator's codes no longer sign in, and the password alone cannot set up
    # a new one: that needs the one-time link sent with the reset.
    client = Client()
    response = client.post("/sign-in/", {"email": worker.email, "password": PASSWORD})
    assert response["Location"] == "/sign-in/authenticator/"
    assert client.post("/sign-in/code/", {"code": totp_now()})["Location"] == (
        "/sign-in/authenticator/"
    )
    refused = client.get("/sign-in/authenticator/")
    assert refused.status_code == 403
    assert "Set up your authenticator from your email link" in refused.content.decode()
    assert 'id="authenticator-key"' not in refused.content.decode()
    assert client.post("/sign-in/authenticator/", {"code": "123456"}).status_code == 403
    assert TOTPDevice.objects.filter(user=worker).count() == 1
    path = re.search(r"/set-up/\S+/", told.body)[0]
    setup = _set_up_to_authenticator(client, path)
    secret = _secret(setup)
    assert secret != _b32(old)
    assert client.post("/sign-in/authenticator/", {"code": totp_now()}).status_code == 200
    time.sleep(1.1)  # a wrong code makes the next try wait a moment
    assert client.post("/sign-in/authenticator/", {"code": pyotp.TOTP(secret).now()})[
        "Location"
    ] == ("/staff/")
    assert TOTPDevice.objects.filter(user=worker).count() == 2

    # Neither the device nor the record of its reset can be removed or changed.
    with pytest.raises(ProtectedError):
        old.delete()
    with pytest.raises(ProgrammingError, match="Cannot update"), transaction.atomic():
        AuthenticatorReset.objects.filter(pk=reset.pk).update(reason="")


def test_only_an_administrator_resets_and_always_with_a_reason(cast, admin):
    with pytest.raises(ValidationError) as not_admin:
        totp_device_reset(user=cast["worker"], by=cast["manager"], reason="Lost phone")
    assert "administrator" in str(not_admin.value)
    with pytest.raises(ValidationError) as no_reason:
        totp_device_reset(user=cast["worker"], by=admin, reason="  ")
    assert "Say why" in str(no_reason.value)
    with pytest.raises(CommandError, match="Say why"):
        call_command(
            "authenticator_reset",
            f"--email={cast['worker'].email}",
            f"--by={admin.email}",
            "--reason= ",
        )
    assert not AuthenticatorReset.objects.exists()
    assert TOTPDevice.objects.get(user=cast["worker"]).confirmed


def test_inviting_needs_an_administrator_and_a_new_address(cast, admin):
    with pytest.raises(CommandError, match="Only a staff administrator"):
        _invite(cast["manager"])
    with pytest.raises(CommandError, match="already signs in"):
        _invite(admin, email=cast["worker"].email)
    assert not StaffInvitation.objects.exists()


def test_a_new_link_replaces_the_old_one_and_links_run_out(admin):
    user, first = _invite(admin)
    call_command("staff_invite", f"--email={user.email}", f"--by={admin.email}", "--again")
    assert Client().get(first).status_code == 404
    second = Message.objects.filter(to_user=user, purpose="staff_invitation").latest("id")
    path = re.search(r"/set-up/\S+/", second.body)[0]
    assert Client().get(path).status_code == 200
    StaffInvitation.objects.filter(user=user, used_at__isnull=True).update(
        expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert Client().get(path).status_code == 404


def test_a_ready_made_authenticator_only_in_demo_mode(cast, settings):
    settings.DEMO_MODE = False
    with pytest.raises(ValueError, match="demo mode"):
        totp_device_create(user=cast["worker"])


def test_an_administrator_adds_staff_and_resets_an_authenticator_on_screen(cast, admin):
    client = staff_client(admin)
    listing = client.get("/staff/accounts/").content.decode()
    assert cast["worker"].full_name in listing and "Set up" in listing

    typed = {"full_name": "Alex Sample", "email": "not an address", "role": "social_worker"}
    bad = client.post("/staff/accounts/new/", {**typed, "team": cast["team_a"].pk})
    assert bad.status_code == 200
    assert "Enter an email address" in bad.content.decode()
    assert 'value="Alex Sample"' in bad.content.decode()
    typed["email"] = "alex.sample@example.test"
    response = client.post("/staff/accounts/new/", {**typed, "team": cast["team_a"].pk})
    assert response.status_code == 302
    alex = User.objects.get(email="alex.sample@example.test")
    assert alex.team == cast["team_a"] and alex.role == Role.SOCIAL_WORKER
    assert Message.objects.filter(to_user=alex, purpose="staff_invitation").exists()
    assert "Not set up yet" in client.get("/staff/accounts/").content.decode()

    worker = cast["worker"]
    form = f"/staff/accounts/{worker.pk}/reset-authenticator/"
    no_reason = client.post(form, {"reason": ""})
    assert no_reason.status_code == 200 and "Say why" in no_reason.content.decode()
    assert client.post(form, {"reason": "New work phone"}).status_code == 302
    reset = AuthenticatorReset.objects.get(user=worker)
    assert (reset.reset_by, reset.reason) == (admin, "New work phone")
    # Nothing left to reset now; and nobody but an administrator reaches these pages.
    assert client.get(form).status_code == 404
    manager = staff_client(cast["manager"])
    assert manager.get("/staff/accounts/").status_code == 404
    assert (
        manager.post(
            f"/staff/accounts/{cast['colleague'].pk}/reset-authenticator/", {"reason": "x"}
        ).status_code
        == 404
    )


def test_an_administrator_sends_a_new_set_up_link_on_screen(cast, admin):
    user, first = _invite(admin)
    client = staff_client(admin)
    listing = client.get("/staff/accounts/").content.decode()
    assert f"/staff/accounts/{user.pk}/send-link/" in listing
    # Only to someone still waiting to set up, and only by POST from an administrator.
    assert f"/staff/accounts/{cast['worker'].pk}/send-link/" not in listing
    assert client.post(f"/staff/accounts/{cast['worker'].pk}/send-link/").status_code == 404
    assert client.get(f"/staff/accounts/{user.pk}/send-link/").status_code == 405
    assert (
        staff_client(cast["manager"]).post(f"/staff/accounts/{user.pk}/send-link/").status_code
        == 404
    )
    response = client.post(f"/staff/accounts/{user.pk}/send-link/", follow=True)
    assert f"{user.full_name} has been sent a new set-up link" in response.content.decode()
    assert Client().get(first).status_code == 404
    newest = Message.objects.filter(to_user=user, purpose="staff_invitation").latest("id")
    assert Client().get(re.search(r"/set-up/\S+/", newest.body)[0]).status_code == 200
