"""Sign-in pages: staff with password and authenticator; families with a one-time code."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from alongside.accounts.forms import FamilyCodeForm, FamilyStartForm, SignInForm, TotpForm
from alongside.accounts.middleware import SESSION_STARTED
from alongside.accounts.models import User
from alongside.accounts.services import family_user_find, login_code_check, login_code_issue
from alongside.messaging.models import Channel

PENDING_STAFF = "pending_staff_user"
PENDING_FAMILY = "pending_family_user"
MFA_AT = "mfa_at"


def _pending_user(request: HttpRequest, key: str) -> User | None:
    user_id = request.session.get(key)
    if not isinstance(user_id, int):
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            email=form.cleaned_data["email"].lower(),
            password=form.cleaned_data["password"],
        )
        if user is not None and getattr(user, "is_staff_member", False):
            request.session.cycle_key()
            request.session[PENDING_STAFF] = user.pk
            return redirect("accounts:sign-in-code")
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        form.add_error(None, "The email address or password is not right")
    return render(request, "accounts/sign_in.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request, PENDING_STAFF)
    if user is None:
        return redirect("accounts:sign-in")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            del request.session[PENDING_STAFF]
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)
            request.session[SESSION_STARTED] = time.time()
            request.session[MFA_AT] = time.time()
            return redirect(request.GET.get("next") or "staff:my-work")
        form.add_error("code", "That code is not right or has run out: try the newest one")
    return render(request, "accounts/sign_in_code.html", {"form": form})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    was_family = getattr(request.user, "is_portal_user", False)
    logout(request)
    return redirect("accounts:family-sign-in" if was_family else "accounts:sign-in")


@require_http_methods(["GET", "POST"])
def family_sign_in(request: HttpRequest) -> HttpResponse:
    form = FamilyStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        user = family_user_find(identifier)
        request.session.cycle_key()
        request.session[PENDING_FAMILY] = user.pk if user else None
        if user is not None:
            channel = Channel.EMAIL if "@" in identifier else Channel.SMS
            login_code_issue(user=user, channel=channel)
        # The same answer whether or not we know the address, so nobody can test for accounts.
        return redirect("accounts:family-sign-in-code")
    return render(request, "accounts/family_sign_in.html", {"form": form})


@require_http_methods(["GET", "POST"])
def family_sign_in_code(request: HttpRequest) -> HttpResponse:
    if PENDING_FAMILY not in request.session:
        return redirect("accounts:family-sign-in")
    form = FamilyCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _pending_user(request, PENDING_FAMILY)
        if user is not None and login_code_check(user=user, code=form.cleaned_data["code"]):
            del request.session[PENDING_FAMILY]
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_STARTED] = time.time()
            return redirect("portal:home")
        form.add_error(
            "code", "That code is not right or has run out. Check it, or ask for a new one."
        )
    return render(
        request,
        "accounts/family_sign_in_code.html",
        {"form": form, "restart": reverse("accounts:family-sign-in")},
    )
