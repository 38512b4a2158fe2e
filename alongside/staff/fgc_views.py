"""Staff pages for family group conferences: the worker refers and records each child's
offer; the coordinator prepares the network, arranges the day, records it and the family's
plan; the worker agrees the plan into the case plan.

Every page loads the case through ``case_for_user``. Changing a conference's own records
is for the case team or its coordinator (``policy.can_change_fgc``); referring, recording
the offer and agreeing the plan need write access to the case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside import policy
from alongside.accounts.models import Role
from alongside.cases.models import Case
from alongside.cases.selectors import case_for_user
from alongside.fgc import services
from alongside.fgc.models import FamilyGroupConference, PlanAction
from alongside.fgc.selectors import (
    family_network,
    fgc_for_case,
    fgc_record,
    fgcs_for_case,
    fgcs_for_coordinator,
)
from alongside.meetings import services as meeting_services
from alongside.staff.decorators import role_required, staff_required
from alongside.staff.fgc_forms import (
    ActionForm,
    ArrangeForm,
    HeldForm,
    InviteForm,
    OfferForm,
    PreparationForm,
    ReasonForm,
    ReferForm,
    ShareForm,
)
from alongside.staff.form_page import form_page
from alongside.staff.views import _apply_errors


def _load(
    request: HttpRequest, case_id: int, fgc_id: int, *, change: bool = False
) -> tuple[Case, policy.CaseAccess, FamilyGroupConference]:
    case, access = case_for_user(request.user, case_id, path=request.path)
    fgc = fgc_for_case(case, fgc_id)
    if change and not policy.can_change_fgc(request.user, fgc, access):
        raise PermissionDenied("You can read this family group conference but not change it")
    return case, access, fgc


def _form_page(
    request: HttpRequest,
    case: Case,
    form: Any,
    save: Callable[[dict[str, Any]], object],
    *,
    title: str,
    button: str,
    done: str,
    fgc: FamilyGroupConference | None = None,
) -> HttpResponse:

    def success(saved: object) -> HttpResponse:
        found = saved if fgc is None and isinstance(saved, FamilyGroupConference) else fgc
        if found is None:
            return redirect("staff:fgcs", case_id=case.pk)
        return redirect("staff:fgc", case_id=case.pk, fgc_id=found.pk)

    return form_page(
        request,
        form,
        save,
        done=done,
        success=success,
        template="staff/fgc/form.html",
        context={"case": case, "title": title, "button": button, "fgc": fgc},
    )


@require_GET
@role_required(Role.FGC_COORDINATOR)
def mine(request: HttpRequest) -> HttpResponse:
    """A coordinator's referrals still open."""
    context = {"fgcs": fgcs_for_coordinator(request.user)}
    return render(request, "staff/fgc/mine.html", context)


@require_GET
@staff_required
def fgcs(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    context = {
        "case": case,
        "access": access,
        "tab": "fgc",
        "fgcs": fgcs_for_case(case),
        "record": fgc_record(case),
    }
    return render(request, "staff/fgc/list.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def refer(request: HttpRequest, case_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    return _form_page(
        request,
        case,
        ReferForm(request.POST or None),
        lambda data: services.fgc_refer(case=case, by=request.user, **data),
        title="Refer to a family group conference coordinator",
        button="Send the referral",
        done="Referred. The coordinator can now open this case.",
    )


@require_http_methods(["GET", "POST"])
@staff_required
def offer(request: HttpRequest, case_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    return _form_page(
        request,
        case,
        OfferForm(request.POST or None),
        lambda data: services.offer_record(case=case, by=request.user, **data),
        title="Record the family group conference offer",
        button="Save",
        done="Offer recorded.",
    )


@require_GET
@staff_required
def fgc(request: HttpRequest, case_id: int, fgc_id: int) -> HttpResponse:
    case, access, found = _load(request, case_id, fgc_id)
    context = {
        "case": case,
        "access": access,
        "tab": "fgc",
        "fgc": found,
        "can_change": policy.can_change_fgc(request.user, found, access),
        "network": family_network(found),
        "unsent": [
            i
            for i in (found.meeting.invitations.all() if found.meeting else [])
            if not i.letter_sent_at
        ],
    }
    return render(request, "staff/fgc/fgc.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def arrange(request: HttpRequest, case_id: int, fgc_id: int) -> HttpResponse:
    case, _, found = _load(request, case_id, fgc_id, change=True)
    return _form_page(
        request,
        case,
        ArrangeForm(request.POST or None),
        lambda data: services.fgc_arrange(fgc=found, by=request.user, **data),
        title="Agree the date and place",
        button="Save the date",
        done="Date saved. Now invite the family network.",
        fgc=found,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def invite(request: HttpRequest, case_id: int, fgc_id: int) -> HttpResponse:
    case, _, found = _load(request, case_id, fgc_id, change=True)
    return _form_page(
        request,
        case,
        InviteForm(request.POST or None, fgc=found),
        lambda data: services.fgc_invite(fgc=found, by=request.user, **data),
        title="Invite someone",
        button="Invite",
        done="Invited. Send the letters when everyone is invited.",
        fgc=found,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def prepare(request: HttpRequest, case_id: int, fgc_id: int) -> HttpResponse:
    case, _, found = _load(request, case_id, fgc_id, change=True)
    return _form_page(
        request,
        case,
        PreparationForm(request.POST or None, fgc=found),
        lambda data: services.preparation_record(fgc=found, by=request.user, **data),
        title="Record a preparation meeting",
        button="Save",
        done="Preparation recorded.",
        fgc=found,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def held(request: HttpRequest, case_id: int, fgc_id: int) -> HttpResponse:
    case, _, found = _load(request, case_id, fgc_id, change=True)
    return _form_page(
        request,
        case,
        HeldForm(request.POST or None, fgc=found),
        lambda data: services.fgc_held(fgc=found, by=request.user, **data),
        title="Record the day",
        button="Save",
        done="The day is recorded. Write down the plan if the family chose to share it.",
        fgc=found,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def share(request: HttpRequest, case_id: int, fgc_id: int) -> HttpResponse:
    case, _, found = _load(request, case_id, fgc_id, change=True)
    initial = {"words": found.plan_words, "family_chose": found.plan_shared_on is not None}
    return _form_page(
        request,
        case,
        ShareForm(request.POST or None, initial=initial),
        lambda data: services.plan_share(fgc=found, by=request.user, **data),
        title="The family's plan",
        button="Save",
        done="Saved. Add each step of the plan.",
        fgc=found,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def action_new(request: HttpRequest, case_id: int, fgc_id: int) -> HttpResponse:
    case, _, found = _load(request, case_id, fgc_id, change=True)
    return _form_page(
        request,
        case,
        ActionForm(request.POST or None, fgc=found),
        lambda data: services.action_add(fgc=found, by=request.user, **data),
        title="Add a step of the family's plan",
        button="Add the step",
        done="Step added.",
        fgc=found,
    )


@require_POST
@staff_required
def action_remove(request: HttpRequest, case_id: int, fgc_id: int, action_id: int) -> HttpResponse:
    case, _, found = _load(request, case_id, fgc_id, change=True)
    action = PlanAction.objects.filter(fgc=found, pk=action_id).first()
    form = ReasonForm(request.POST)
    if action is None or not form.is_valid():
        messages.error(request, "Say why the step is taken off.")
    else:
        try:
            services.action_remove(action=action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Step taken off the plan.")
    return redirect("staff:fgc", case_id=case.pk, fgc_id=found.pk)


@require_POST
@staff_required
def letters(request: HttpRequest, case_id: int, fgc_id: int) -> HttpResponse:
    """Send the plain-words invitation letter to everyone invited and not yet written to."""
    case, _, found = _load(request, case_id, fgc_id, change=True)
    if found.meeting is None:
        messages.error(request, "Agree the date and place first.")
    else:
        sent = meeting_services.letters_send(meeting=found.meeting, by=request.user)
        messages.success(request, f"Letters sent: {len(sent)}.")
    return redirect("staff:fgc", case_id=case.pk, fgc_id=found.pk)


@require_POST
@staff_required
def adopt(request: HttpRequest, case_id: int, fgc_id: int) -> HttpResponse:
    """The council agrees the family's plan: only staff who may change the case."""
    case, access, found = _load(request, case_id, fgc_id)
    if not access.can_write:
        raise PermissionDenied("Only the case's team can agree the plan into the case plan")
    try:
        made = services.plan_adopt(fgc=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff:fgc", case_id=case.pk, fgc_id=found.pk)
    messages.success(request, f"The family's plan is part of the plan: {len(made)} steps added.")
    return redirect("staff:commitments", case_id=case.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def close(request: HttpRequest, case_id: int, fgc_id: int) -> HttpResponse:
    case, access, found = _load(request, case_id, fgc_id, change=True)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.fgc_close(fgc=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Closed.")
            if access.basis == policy.Basis.COORDINATOR:
                return redirect("staff:fgc-mine")
            return redirect("staff:fgcs", case_id=case.pk)
    context = {"case": case, "form": form, "fgc": found}
    context |= {"title": "Close this family group conference", "button": "Close it"}
    return render(request, "staff/fgc/form.html", context)
