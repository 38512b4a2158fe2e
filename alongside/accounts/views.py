"""Sign-in pages: staff with password and authenticator; families with a one-time code."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from alongside.accounts.forms import (
    FamilyCodeForm,
    FamilyStartForm,
    PasswordSetForm,
    SignInForm,
    TotpForm,
)
from alongside.accounts.middleware import (
    LAST_STAFF_COOKIE,
    LAST_STAFF_SALT,
    SESSION_STARTED,
    UNSENT,
)
from alongside.accounts.models import User
from alongside.accounts.services import (
    family_user_find,
    login_code_check,
    login_code_issue,
    staff_invitation_find,
    staff_password_set,
    totp_device_confirm,
    totp_device_confirmed,
    totp_device_pending,
    totp_qr_svg,
    totp_secret_text,
)
from alongside.messaging.models import Channel

PENDING_STAFF = "pending_staff_user"
PENDING_FAMILY = "pending_family_user"
MFA_AT = "mfa_at"
NEXT_PAGE = "staff_next_page"
# Set when a one-time set-up link was used in this browser: only then may an
# authenticator be set up, so a password alone never enrols a new device.
SET_UP_FROM_LINK = "authenticator_set_up_from_link"


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
            _remember_next(request)
            if totp_device_confirmed(user) is None:
                return redirect("accounts:authenticator-setup")
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
    device = totp_device_confirmed(user)
    if device is None:
        return redirect("accounts:authenticator-setup")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            return _staff_signed_in(request, user, device)
        form.add_error("code", "That code is not right or has run out: try the newest one")
    return render(request, "accounts/sign_in_code.html", {"form": form})


@require_http_methods(["GET", "POST"])
def authenticator_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in, or after a reset: the password is right and there is no authenticator yet.

    The new secret counts only once a code from it has been typed back.
    """
    user = _pending_user(request, PENDING_STAFF)
    if user is None:
        return redirect("accounts:sign-in")
    if totp_device_confirmed(user) is not None:
        return redirect("accounts:sign-in-code")
    if request.session.get(SET_UP_FROM_LINK) != user.pk:
        return render(request, "accounts/authenticator_needs_link.html", status=403)
    device = totp_device_pending(user=user)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error(
                "code", "Too many codes that were not right: wait a minute, then try again"
            )
        elif totp_device_confirm(device=device, code=form.cleaned_data["code"]):
            device.refresh_from_db()
            messages.success(request, "Your authenticator app is set up")
            return _staff_signed_in(request, user, device)
        else:
            form.add_error(
                "code",
                "That code is not right. Check the app shows Alongside with your email address, "
                "then enter the 6 digits it shows now",
            )
    context = {
        "form": form,
        "secret": totp_secret_text(device),
        "qr": mark_safe(  # noqa: S308 - built by totp_qr_svg from the QR matrix, label escaped
            totp_qr_svg(
                device,
                label=f"QR code to add Alongside for {user.email} to your authenticator app",
            )
        ),
        "email": user.email,
    }
    return render(request, "accounts/authenticator_setup.html", context)


@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest, token: str) -> HttpResponse:
    """A new member of staff's one-time link: choose a password, then set up the authenticator."""
    invitation = staff_invitation_find(token)
    if invitation is None:
        return render(request, "accounts/set_up_expired.html", status=404)
    form = PasswordSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = staff_password_set(invitation=invitation, password=form.cleaned_data["password"])
        except ValidationError as error:
            for message in error.message_dict.get("password", []):
                form.add_error("password", message)
        else:
            request.session.cycle_key()
            request.session[PENDING_STAFF] = user.pk
            request.session[SET_UP_FROM_LINK] = user.pk
            return redirect("accounts:authenticator-setup")
    return render(
        request, "accounts/set_up.html", {"form": form, "invited": invitation.user.full_name}
    )


def _remember_next(request: HttpRequest) -> None:
    """Where to go after the second factor: a page on this site only."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[NEXT_PAGE] = target


def _staff_signed_in(request: HttpRequest, user: User, device: TOTPDevice) -> HttpResponse:
    """Password and a confirmed authenticator's code: now signed in, and where to go next."""
    target = request.session.get(NEXT_PAGE) or reverse("staff:my-work")
    for key in (PENDING_STAFF, NEXT_PAGE, SET_UP_FROM_LINK):
        request.session.pop(key, None)
    kept = request.session.get(UNSENT)
    if kept and str(kept.get("user")) != str(user.pk):
        del request.session[UNSENT]  # typed by someone else in this browser: never shown
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    request.session[SESSION_STARTED] = time.time()
    request.session[MFA_AT] = time.time()
    response = redirect(target)
    response.set_signed_cookie(
        LAST_STAFF_COOKIE,
        str(user.pk),
        salt=LAST_STAFF_SALT,
        max_age=settings.SESSION_ABSOLUTE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    was_family = getattr(request.user, "is_portal_user", False)
    logout(request)
    response = redirect("accounts:family-sign-in" if was_family else "accounts:sign-in")
    response.delete_cookie(LAST_STAFF_COOKIE, samesite="Lax")
    return response


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
