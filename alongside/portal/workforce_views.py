"""The family portal: who your worker is, and asking for a different one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside.cases.selectors import case_for_user
from alongside.core.forms import GovukForm
from alongside.portal.decorators import family_required
from alongside.workforce import selectors
from alongside.workforce.services import worker_change_request


class AskForm(GovukForm):
    reason = forms.CharField(
        label="Why would you like a different worker? (you do not have to say)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Asking will not count against you.",
    )


def _add_errors(form: AskForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_http_methods(["GET", "POST"])
@family_required
def worker(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    # The family asks; a supporter the family invited to see everything sees the answers too.
    can_ask = access.is_family
    sees_all = can_ask or getattr(access, "scope", "") == "everything"
    if request.method == "POST" and not can_ask:
        raise PermissionDenied("Only the family can ask for a different worker")
    form = AskForm(request.POST or None) if can_ask else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            change = worker_change_request(
                case=case, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, f"We have your request. A manager will answer by {change.due_on:%-d %B}."
            )
            return redirect("portal:worker", case_id=case.pk)
    decision = selectors.latest_allocation_decision(case) if sees_all else None
    if decision is not None and decision.to_worker_id != case.worker_id:
        decision = None
    pack = selectors.latest_handover(case)
    requests = list(selectors.change_requests_for_case(case)) if sees_all else []
    context = {
        "case": case,
        "form": form,
        "can_ask": can_ask,
        "sees_record": sees_all,
        "decision": decision,
        "introduction": decision.family_entry.text if decision and decision.family_entry else "",
        "story_read": bool(pack and pack.to_worker_id == case.worker_id and pack.is_acknowledged),
        "workers_count": selectors.workers_in_last_12_months(case),
        "waiting": next((r for r in requests if r.is_open), None),
        "answered": [r for r in requests if not r.is_open],
    }
    return render(request, "portal/workforce/worker.html", context)
