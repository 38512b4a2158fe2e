"""Sessions end after 30 minutes idle and 12 hours in all; a form posted too late keeps what was typed."""

from __future__ import annotations

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.middleware import SESSION_STARTED
from alongside.chronology.models import Entry
from tests.conftest import staff_client, totp_now
from tests.factories import PASSWORD
from tests.test_staff_views import _entry_post

pytestmark = pytest.mark.django_db


def _session(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _idle_for(client: Client, minutes: float) -> None:
    """As if the last request was `minutes` ago: move the session's expiry back by as much."""
    expiry = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.filter(pk=_session(client).pk).update(
        expire_date=expiry - datetime.timedelta(minutes=minutes)
    )


def _signed_in_for(client: Client, hours: float) -> None:
    """As if the person signed in `hours` ago."""
    store = client.session
    store[SESSION_STARTED] = time.time() - hours * 3600
    store.save()


def _sign_in(client: Client, user, location: str) -> str:
    """Sign in again in this browser from the sign-in page it was sent to; where it lands."""
    response = client.post(location, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    TOTPDevice.objects.filter(user=user).update(last_t=-1)
    response = client.post("/sign-in/code/", {"code": totp_now()})
    assert response.status_code == 302
    return response["Location"]


def test_the_limits_are_30_minutes_idle_and_12_hours():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_RENEW_AFTER == 60
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60


def test_each_request_restarts_the_idle_clock(cast):
    client = staff_client(cast["worker"])
    _idle_for(client, 29)
    response = client.get("/staff/")
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    left = _session(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=29, seconds=50) < left <= datetime.timedelta(minutes=30)


def test_a_session_renewed_within_the_minute_is_not_written_again(cast):
    client = staff_client(cast["worker"])
    _idle_for(client, 0.5)
    before = _session(client).expire_date
    response = client.get("/staff/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert _session(client).expire_date == before
    # A minute and more after the last renewal, the next request renews it.
    _idle_for(client, 1.1)
    response = client.get("/staff/")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    left = _session(client).expire_date - timezone.now()
    assert left > datetime.timedelta(minutes=29, seconds=50)


def test_thirty_minutes_idle_signs_out(cast):
    client = staff_client(cast["worker"])
    _idle_for(client, 30.1)
    response = client.get(f"/staff/cases/{cast['case'].pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next=/staff/cases/{cast['case'].pk}/"
    assert client.get("/api/cases").status_code == 401


def test_twelve_hours_after_sign_in_signs_out_however_busy(cast):
    client = staff_client(cast["worker"])
    _signed_in_for(client, 11.9)
    assert client.get("/staff/").status_code == 200
    _signed_in_for(client, 12.01)
    old_key = _session(client).pk
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    # The server session is gone, not just the cookie.
    assert not Session.objects.filter(pk=old_key).exists()
    assert client.get("/staff/").status_code == 302


def test_the_family_portal_has_the_same_limits(cast):
    from tests.test_family_sign_in_and_portal import request_code

    client = Client()
    code = request_code(client, cast["parent"].email)
    assert client.post("/portal/sign-in/code/", {"code": code})["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    _signed_in_for(client, 12.01)
    assert client.get("/portal/").status_code == 302
    code = request_code(client, cast["parent"].email)
    client.post("/portal/sign-in/code/", {"code": code})
    _idle_for(client, 31)
    assert client.get("/portal/").status_code == 302


@pytest.mark.parametrize("how", ["idle", "absolute"])
def test_an_entry_posted_after_the_session_ended_keeps_what_was_typed(cast, how):
    worker = cast["worker"]
    client = staff_client(worker)
    form_page = f"/staff/cases/{cast['case'].pk}/entries/new/"
    assert client.get(form_page).status_code == 200
    if how == "idle":
        _idle_for(client, 45)
    else:
        _signed_in_for(client, 12.5)
    typed = _entry_post(
        title="Visit to the Example family", text="Jo said the new school is <kind> to her."
    )

    response = client.post(form_page, typed)

    assert response.status_code == 302 and response["Location"] == f"/sign-in/?next={form_page}"
    assert not Entry.objects.filter(title=typed["title"]).exists()
    assert _sign_in(client, worker, response["Location"]) == form_page
    page = client.get(form_page).content.decode()
    assert "You were signed out before this was saved" in page
    assert 'value="Visit to the Example family"' in page
    assert "Jo said the new school is &lt;kind&gt; to her." in page
    # Given back once: saving it now works, and a reload shows an empty form.
    assert "Visit to the Example family" not in client.get(form_page).content.decode()
    assert client.post(form_page, typed).status_code == 302
    assert Entry.objects.get(title=typed["title"]).author_user == worker


def test_what_was_typed_is_never_shown_to_someone_else_signing_in(cast):
    worker, colleague = cast["worker"], cast["colleague"]
    client = staff_client(worker)
    form_page = f"/staff/cases/{cast['case'].pk}/entries/new/"
    _idle_for(client, 45)
    response = client.post(form_page, _entry_post(title="Private words"))
    assert response.status_code == 302
    assert _sign_in(client, colleague, response["Location"]) == form_page
    assert "Private words" not in client.get(form_page).content.decode()


def test_nothing_is_kept_after_signing_out_on_purpose(cast):
    worker = cast["worker"]
    client = staff_client(worker)
    form_page = f"/staff/cases/{cast['case'].pk}/entries/new/"
    client.post("/sign-out/")
    response = client.post(form_page, _entry_post(title="After signing out"))
    assert response.status_code == 302
    _sign_in(client, worker, response["Location"])
    assert "After signing out" not in client.get(form_page).content.decode()
