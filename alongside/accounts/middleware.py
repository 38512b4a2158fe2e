"""Session limits: 30 minutes idle (the cookie age) and 12 hours at most in all.

Each signed-in request restarts the idle clock; the session row and cookie are
written back only when their expiry is a minute old or more (``accounts.sessions``).

A staff session also ends at once when the authenticator it was signed in with is
reset. A form posted just after a session ended is kept (see ``unsent_form``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, QueryDict

SESSION_STARTED = "alongside_signed_in_at"
# Who last signed in as staff in this browser (a signed user id, no more), so a form
# posted after their session ended is given back only to them.
LAST_STAFF_COOKIE = "alongside_last_staff"
LAST_STAFF_SALT = "alongside.accounts.last-staff"
UNSENT = "alongside_unsent_form"
# Fields never kept: the CSRF token belongs to the old page, and files cannot be kept.
_NOT_KEPT = {"csrfmiddlewaretoken"}
# More typed text than this is not kept in a session row (a long note is a draft already).
_MOST_KEPT = 200_000


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            _renew_when_due(request)
            started = request.session.get(SESSION_STARTED)
            # A staff session is verified by an authenticator at sign-in; django-otp drops the
            # device from it once that authenticator is reset, and the session ends here.
            unverified_staff = (
                getattr(request.user, "is_staff_member", False)
                and getattr(request.user, "otp_device", None) is None
            )
            if unverified_staff:
                logout(request)
            elif started is None:
                request.session[SESSION_STARTED] = time.time()
            elif time.time() - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
        if (
            request.method == "POST"
            and not request.user.is_authenticated
            and request.path.startswith("/staff/")
            and not request.headers.get("HX-Request")
        ):
            _keep_unsent_form(request)
        return self.get_response(request)


def _renew_when_due(request: HttpRequest) -> None:
    """Restart the idle clock: write the session back if its last renewal was a minute ago."""
    session = request.session
    due = getattr(session, "due_for_renewal", None)
    if due is None or due():
        session.modified = True


def _keep_unsent_form(request: HttpRequest) -> None:
    """A staff form posted after the session ended: keep what was typed for after sign-in."""
    owner = request.get_signed_cookie(LAST_STAFF_COOKIE, default=None, salt=LAST_STAFF_SALT)
    if owner is None:
        return
    data = {key: request.POST.getlist(key) for key in request.POST if key not in _NOT_KEPT}
    if sum(len(value) for values in data.values() for value in values) > _MOST_KEPT:
        return
    request.session[UNSENT] = {"path": request.path, "user": owner, "data": data}


def unsent_form(request: HttpRequest) -> QueryDict | None:
    """What this signed-in person typed into this page's form before their session ended.

    Given once, to the person who typed it, on the page it was posted to; else None.
    """
    kept: dict[str, Any] | None = request.session.get(UNSENT)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[UNSENT]
    if str(kept.get("user")) != str(request.user.pk):
        return None
    data = QueryDict(mutable=True)
    for key, values in kept.get("data", {}).items():
        data.setlist(key, values)
    return data
