"""Staff administrators: add staff and reset an authenticator. Interface only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside.accounts.forms import AuthenticatorResetForm, StaffInviteForm
from alongside.accounts.models import Role
from alongside.accounts.selectors import staff_accounts
from alongside.accounts.services import staff_invitation_send, staff_invite, totp_device_reset
from alongside.staff.decorators import role_required


def _add_errors(form: StaffInviteForm | AuthenticatorResetForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@require_GET
@role_required(Role.ADMIN)
def staff_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/admin/staff_list.html", {"people": staff_accounts()[:500]})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def staff_new(request: HttpRequest) -> HttpResponse:
    form = StaffInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, _ = staff_invite(
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                team=data["team"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{user.full_name} has been sent a set-up link")
            return redirect("accounts:staff-list")
    return render(request, "accounts/admin/staff_new.html", {"form": form})


@require_POST
@role_required(Role.ADMIN)
def set_up_link_send(request: HttpRequest, user_id: int) -> HttpResponse:
    """Send someone without an authenticator a new one-time set-up link."""
    person = staff_accounts().filter(pk=user_id).first()
    if person is None or getattr(person, "authenticator_set_up", False):
        raise Http404("No such member of staff waiting to set up")
    try:
        staff_invitation_send(user=person, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, f"{person.full_name} has been sent a new set-up link")
    return redirect("accounts:staff-list")


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def authenticator_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    person = staff_accounts().filter(pk=user_id).first()
    if person is None or not getattr(person, "authenticator_set_up", False):
        raise Http404("No such authenticator")
    form = AuthenticatorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp_device_reset(
                user=person,
                by=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"{person.full_name}'s authenticator is reset. They have been emailed a "
                "one-time link to set up a new one.",
            )
            return redirect("accounts:staff-list")
    return render(
        request, "accounts/admin/authenticator_reset.html", {"form": form, "person": person}
    )
