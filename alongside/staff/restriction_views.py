"""Restricting a case to named staff: a page for managers of the case's team only.

Anyone else gets 404, as for any case page they may not use. Each change has a reason
and the history keeps who, when and why.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from alongside.cases.models import Case, RestrictedAccess
from alongside.cases.restriction import (
    case_restriction_lift,
    case_restriction_start,
    may_manage_restriction,
    restricted_access_add,
    restricted_access_remove,
    restricted_list,
)
from alongside.cases.selectors import case_for_user
from alongside.staff.decorators import staff_required
from alongside.staff.network_forms import ListAddForm, ReasonForm, RestrictForm
from alongside.staff.views import _apply_errors


def _managed_case(request: HttpRequest, case_id: int) -> tuple[Case, object]:
    case = Case.objects.filter(pk=case_id).first()
    if case is None or not may_manage_restriction(request.user, case):  # type: ignore[arg-type]
        raise Http404("No such case")
    return case_for_user(request.user, case_id, write=request.method == "POST", path=request.path)


def _here(case: Case) -> str:
    return reverse("staff:case-restriction", kwargs={"case_id": case.pk})


@require_http_methods(["GET", "POST"])
@staff_required
def case_restriction(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _managed_case(request, case_id)
    restrict_form = add_form = None
    listed = restricted_list(case) if case.is_restricted else []
    if not case.is_restricted:
        restrict_form = RestrictForm(
            request.POST if request.method == "POST" else None,
            team_id=case.team_id,
            me=request.user,
        )
        if request.method == "POST" and restrict_form.is_valid():
            try:
                case_restriction_start(
                    case=case,
                    reason=restrict_form.cleaned_data["reason"],
                    allowed=restrict_form.allowed_users(),
                    by=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                _apply_errors(restrict_form, error)
            else:
                messages.success(request, "This case is restricted to the people listed")
                return redirect(_here(case))
    else:
        add_form = ListAddForm(
            request.POST if request.method == "POST" else None, exclude={g.user_id for g in listed}
        )
        if request.method == "POST" and add_form.is_valid():
            try:
                restricted_access_add(
                    case=case,
                    user=add_form.chosen(),
                    reason=add_form.cleaned_data["reason"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                _apply_errors(add_form, error)
            else:
                messages.success(request, f"{add_form.chosen().full_name} can now see this case")
                return redirect(_here(case))
    context = {
        "case": case,
        "access": access,
        "form": restrict_form or add_form,
        "listed": listed,
    }
    return render(request, "staff/network/restriction.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def restriction_remove(request: HttpRequest, case_id: int, grant_id: int) -> HttpResponse:
    case, access = _managed_case(request, case_id)
    grant = get_object_or_404(
        RestrictedAccess.objects.select_related("user"),
        pk=grant_id,
        case=case,
        revoked_at__isnull=True,
    )
    form = ReasonForm(request.POST if request.method == "POST" else None)
    form.fields["reason"].label = f"Why should {grant.user.full_name} no longer see it?"
    if request.method == "POST" and form.is_valid():
        try:
            restricted_access_remove(
                grant=grant,
                reason=form.cleaned_data["reason"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{grant.user.full_name} can no longer see this case")
            return redirect(_here(case))
    context = {"case": case, "access": access, "form": form, "grant": grant}
    return render(request, "staff/network/restriction_remove.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def restriction_lift(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = _managed_case(request, case_id)
    if not case.is_restricted:
        return redirect(_here(case))
    form = ReasonForm(request.POST if request.method == "POST" else None)
    form.fields["reason"].label = "Why is the restriction being lifted?"
    if request.method == "POST" and form.is_valid():
        try:
            case_restriction_lift(
                case=case,
                reason=form.cleaned_data["reason"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "The restriction is lifted. The team can see this case.")
            return redirect(_here(case))
    context = {"case": case, "access": access, "form": form}
    return render(request, "staff/network/restriction_lift.html", context)
