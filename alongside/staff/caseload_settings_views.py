"""Caseload weights and limits: staff administrators change them; managers read them.

Interface only: the rules and the history are in
``workforce.services.caseload_settings_update``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from alongside.accounts.models import Role
from alongside.cases.models import CaseType, Stage
from alongside.staff.decorators import role_required
from alongside.staff.form_page import form_page
from alongside.staff.network_forms import ReasonForm
from alongside.staff.views import _apply_errors
from alongside.staff.workforce_forms import CaseTypeAddForm, caseload_settings_form
from alongside.workforce import selectors
from alongside.workforce.services import case_type_add, case_type_retire, caseload_settings_update


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN, Role.TEAM_MANAGER)
def caseload_settings(request: HttpRequest) -> HttpResponse:
    can_change = request.user.role == Role.ADMIN  # type: ignore[union-attr]
    if request.method == "POST" and not can_change:
        raise PermissionDenied("Only a staff administrator can change the weights and limits")
    limits = selectors.caseload_limits()
    stages = [(value, str(label)) for value, label in Stage.choices if value != Stage.CLOSED]
    types = list(selectors.case_types_in_use())
    form_class = caseload_settings_form(stages, [(t.pk, t.name) for t in types])
    initial = {f"weight_{value}": limits.weights.get(value) for value, _ in stages}
    initial.update({f"type_{t.pk}": t.weight for t in types})
    initial.update(
        warning_above=limits.warning_above,
        stop_above=limits.stop_above,
        restricted_extra=limits.restricted_extra,
    )
    form = form_class(request.POST or None, initial=initial) if can_change else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = caseload_settings_update(
                weights={value: data[f"weight_{value}"] for value, _ in stages},
                warning_above=data["warning_above"],
                stop_above=data["stop_above"],
                restricted_extra=data["restricted_extra"],
                reason=data["reason"],
                by=request.user,  # type: ignore[arg-type]
                type_weights={t.pk: data[f"type_{t.pk}"] for t in types},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if changed:
                messages.success(request, "Saved. " + "; ".join(changed) + ".")
            else:
                messages.info(request, "Nothing was changed")
            return redirect("staff:caseload-settings")
    context = {
        "form": form,
        "limits": limits,
        "weights": selectors.weights_for_display(limits),
        "types": types,
    }
    return render(request, "staff/workforce/caseload_settings.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def case_type_new(request: HttpRequest) -> HttpResponse:
    form = CaseTypeAddForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: case_type_add(by=request.user, **data),  # type: ignore[arg-type]
        done=f"Added the case type {' '.join(request.POST.get('name', '').split())}",
        success=lambda _: redirect("staff:caseload-settings"),
        template="staff/workforce/case_type_new.html",
        context={},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def case_type_stop(request: HttpRequest, type_id: int) -> HttpResponse:
    case_type = get_object_or_404(CaseType, pk=type_id, is_active=True)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = f"Why is {case_type.name} no longer needed?"
    return form_page(
        request,
        form,
        lambda data: case_type_retire(
            case_type=case_type,
            reason=data["reason"],
            by=request.user,  # type: ignore[arg-type]
        ),
        done=f"{case_type.name} is no longer used",
        success=lambda _: redirect("staff:caseload-settings"),
        template="staff/workforce/case_type_stop.html",
        context={"case_type": case_type},
    )
