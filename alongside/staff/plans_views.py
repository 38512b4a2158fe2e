"""Staff pages for the plan both ways: professionals' and families' commitments alike.

Every case page loads the case through ``case_for_user``: another team's case is
404; read-only access (break-glass) can look but gets 403 on any change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from alongside.audit.models import AccessAction
from alongside.cases.models import Case
from alongside.cases.selectors import case_for_user
from alongside.chronology.models import Audience, Kind
from alongside.chronology.selectors import entry_for
from alongside.plans import services
from alongside.plans.models import Commitment, CommitmentAudience, CommitmentStatus, SourceKind
from alongside.plans.selectors import (
    commitment_for_case,
    commitment_history,
    commitments_for_case,
    family_members,
    open_plans,
    overdue_for_team,
    overdue_for_worker,
    staff_for_case,
)
from alongside.policy import managed_team_ids
from alongside.staff.decorators import staff_required
from alongside.staff.plans_forms import CommitmentForm, OutcomeForm
from alongside.staff.views import _apply_errors


def _relations(case: Case, commitments: list[Commitment]) -> None:
    """What each family owner is to the child, for the cards (one query for the network)."""
    relation = {m.person.pk: m.relation for m in family_members(case)}
    for commitment in commitments:
        commitment.relation = relation.get(commitment.owner_person_id or 0, "")


@require_GET
@staff_required
def commitments(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    items = list(commitments_for_case(case))
    _relations(case, items)
    context = {
        "case": case,
        "access": access,
        "tab": "plan",
        "professionals": [c for c in items if c.is_professional],
        "family": [c for c in items if not c.is_professional],
    }
    return render(request, "staff/plans/commitments.html", context)


def _form(request: HttpRequest, case: Case, initial: dict[str, Any]) -> CommitmentForm:
    staff = list(staff_for_case(case))
    if any(user.pk == request.user.pk for user in staff):
        initial.setdefault("owner", f"user-{request.user.pk}")
    return CommitmentForm(
        request.POST or None,
        initial=initial,
        staff=staff,
        family=family_members(case),
        plans=open_plans(case),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def commitment_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    form = _form(request, case, {})
    if request.method == "POST" and form.is_valid():
        try:
            made = services.commitment_create(case=case, by=request.user, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Added to the plan: {made.title}")
            return redirect("staff:commitments", case_id=case.pk)
    return render(request, "staff/plans/commitment_new.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
@staff_required
def commitment_from_entry(request: HttpRequest, case_id: int, entry_id: int) -> HttpResponse:
    """One step from a chronology entry: its title, kind and audience come across."""
    case, access = case_for_user(request.user, case_id, write=True, path=request.path)
    entry = entry_for(request.user, case, access, entry_id)
    withheld = entry.audience != Audience.FAMILY or entry.private_from_family
    initial = {
        "title": entry.title,
        "source": services.SOURCE_FROM_ENTRY.get(Kind(entry.kind), SourceKind.OTHER),
        "audience": CommitmentAudience.PROFESSIONALS if withheld else CommitmentAudience.FAMILY,
        "withheld_reason": entry.withheld_reason,
    }
    form = _form(request, case, initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.commitment_create_from_entry(
                entry=entry, by=request.user, **form.values()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Added to the plan: {made.title}")
            return redirect("staff:commitments", case_id=case.pk)
    context = {"case": case, "form": form, "entry": entry}
    return render(request, "staff/plans/commitment_new.html", context)


def _record_outcome(commitment: Commitment, by: Any, data: dict[str, Any]) -> Commitment:
    outcome = data["outcome"]
    if outcome == CommitmentStatus.DONE:
        return services.commitment_complete(commitment=commitment, by=by, done_on=data["done_on"])
    if outcome == CommitmentStatus.MISSED:
        return services.commitment_miss(commitment=commitment, by=by, reason=data["reason"])
    return services.commitment_cancel(commitment=commitment, by=by, reason=data["reason"])


@require_http_methods(["GET", "POST"])
@staff_required
def commitment_detail(request: HttpRequest, case_id: int, commitment_id: int) -> HttpResponse:
    """One commitment, its history, and (while it is open) what happened to it."""
    writing = request.method == "POST"
    case, access = case_for_user(
        request.user,
        case_id,
        write=writing,
        action=AccessAction.VIEW_RECORD,
        path=request.path,
    )
    commitment = commitment_for_case(case, commitment_id)
    is_open = commitment.status == CommitmentStatus.OPEN
    form = OutcomeForm(request.POST or None) if is_open and access.can_write else None
    if writing and form is not None and form.is_valid():
        try:
            done = _record_outcome(commitment, request.user, form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{done.title}: {done.get_status_display().lower()}")
            return redirect("staff:commitments", case_id=case.pk)
    if writing and form is None:
        messages.info(
            request, "This has already been recorded. Add a new commitment to do it again."
        )
        return redirect("staff:commitment", case_id=case.pk, commitment_id=commitment.pk)
    context = {
        "case": case,
        "access": access,
        "commitment": commitment,
        "form": form,
        "history": commitment_history(commitment),
    }
    return render(request, "staff/plans/commitment_detail.html", context)


@require_GET
@staff_required
def overdue(request: HttpRequest) -> HttpResponse:
    """The signed-in worker's overdue commitments, and for a manager their teams' as well."""
    team_ids = managed_team_ids(request.user)
    context = {
        "mine": list(overdue_for_worker(request.user)),
        "is_manager": bool(team_ids),
        "team": list(overdue_for_team(team_ids, viewer=request.user)) if team_ids else [],
    }
    return render(request, "staff/plans/overdue.html", context)
