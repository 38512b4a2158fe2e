"""Staff pages for caseloads, allocation, handover and change-of-worker requests.

Team pages are for team managers and show only the teams they manage. Case pages
load the case through ``case_for_user`` like every case page: another team's
case is 404; allocating and answering requests are for the case team's managers.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alongside import policy
from alongside.accounts.models import Role
from alongside.cases.models import Case
from alongside.cases.selectors import case_for_user
from alongside.cases.services import case_types_set
from alongside.core.paging import page_of
from alongside.plain.readability import read
from alongside.policy import managed_team_ids
from alongside.staff.decorators import role_required, staff_required
from alongside.staff.sent import remember_sent
from alongside.staff.views import _apply_errors
from alongside.staff.workforce_forms import (
    AllocateForm,
    CaseTypesForm,
    ChangeDecideForm,
    StaffChangeRequestForm,
)
from alongside.workforce import selectors
from alongside.workforce.models import HandoverPack, WorkerChangeRequest
from alongside.workforce.services import (
    handover_acknowledge,
    worker_allocate,
    worker_change_decide,
    worker_change_request,
)


def _managed_case(request: HttpRequest, case_id: int) -> Case:
    """A case this manager answers for: 404 for anyone else, whatever their access."""
    case, access = case_for_user(request.user, case_id, write=True, path=request.path)
    if access.basis != policy.Basis.MANAGER:
        raise Http404("No such case")
    return case


@require_GET
@role_required(Role.TEAM_MANAGER)
def caseloads(request: HttpRequest) -> HttpResponse:
    """Each worker's weighted caseload against the limits, and the teams' cases to allocate."""
    team_ids = managed_team_ids(request.user)
    limits = selectors.caseload_limits()
    loads = selectors.caseloads_for(list(selectors.team_workers(team_ids)), limits)
    visible = policy.cases_visible_to(request.user).values("pk")
    # The teams' open cases that the policy lets this manager open, as one filter on the
    # cases themselves (not "id IN (every visible case)"), so PostgreSQL starts from the
    # teams' cases.
    cases = selectors.team_open_cases(team_ids) & policy.cases_visible_to(request.user)
    page = page_of(cases, request.GET.get("page"), 50, fetch=selectors.open_cases_by_id)
    changes = selectors.team_worker_changes(team_ids, case_ids=[case.pk for case in page])
    types = selectors.case_types_for([case.pk for case in page])
    for case in page:
        case.types = types.get(case.pk, [])
        case.units_text = selectors.units_text(
            limits.weight_of(case.stage, case.is_restricted, [t.pk for t in case.types])
        )
        case.changes = changes.changes_by_case.get(case.pk, 0)
    waiting, overdue = selectors.change_requests_waiting(team_ids, visible)
    context = {
        "loads": loads,
        "limits": limits,
        "weights": selectors.weights_for_display(limits),
        "case_types": selectors.case_types_in_use(),
        "page": page,
        "changes": changes,
        "waiting": waiting,
        "overdue": overdue,
    }
    return render(request, "staff/workforce/caseloads.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def case_types(request: HttpRequest, case_id: int) -> HttpResponse:
    """The worker or a manager says which kinds of work the case involves."""
    case, access = case_for_user(request.user, case_id, write=True, path=request.path)
    if case.closed_on is not None:
        raise Http404("This case is closed")
    current = selectors.case_types_for([case.pk]).get(case.pk, [])
    offered = list(selectors.case_types_in_use())
    offered += [t for t in current if not t.is_active]
    form = CaseTypesForm(
        request.POST or None,
        choices=[(str(t.pk), t.name) for t in offered],
        initial={"case_types": [str(t.pk) for t in current]},
    )
    if request.method == "POST" and form.is_valid():
        chosen = {int(pk) for pk in form.cleaned_data["case_types"]}
        try:
            changed = case_types_set(
                case=case,
                case_types=[t for t in offered if t.pk in chosen],
                reason=form.cleaned_data["reason"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if changed:
                messages.success(request, "Case types changed: " + "; ".join(changed))
            else:
                messages.info(request, "Nothing was changed")
            return redirect("staff:case", case_id=case.pk)
    limits = selectors.caseload_limits()
    context = {
        "case": case,
        "access": access,
        "form": form,
        "offered": offered,
        "case_units": selectors.units_text(
            limits.weight_of(case.stage, case.is_restricted, [t.pk for t in current])
        ),
    }
    return render(request, "staff/workforce/case_types.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.TEAM_MANAGER)
def allocate(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _managed_case(request, case_id)
    if case.closed_on is not None:
        raise Http404("This case is closed")
    workers = selectors.team_workers(managed_team_ids(request.user))
    limits = selectors.caseload_limits()
    others = [w for w in workers if w.pk != case.worker_id]
    matches = selectors.worker_matches(case, others, limits)
    form = AllocateForm(request.POST or None, matches=matches)
    if request.method == "POST" and form.is_valid():
        worker = form.chosen_worker()
        try:
            assert worker.team is not None
            decision = worker_allocate(
                case=case, worker=worker, team=worker.team, by=request.user, **form.values()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{case.child.display_name}'s worker is {worker.full_name}")
            if decision.family_entry is not None:
                remember_sent(request, decision.family_entry.text)
            if hasattr(decision, "handover_pack"):
                return redirect("staff:case-handover", case_id=case.pk)
            return redirect("staff:team-caseloads")
    context = {
        "case": case,
        "form": form,
        "matches": matches,
        "wishes": selectors.worker_preferences(case),
        "case_types": selectors.case_types_for([case.pk]).get(case.pk, []),
        "case_units": selectors.units_text(selectors.case_units(case, limits)),
        "limits": limits,
    }
    return render(request, "staff/workforce/allocate.html", context)


@require_GET
@staff_required
def handover(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    pack = selectors.latest_handover(case)
    context = {
        "case": case,
        "access": access,
        "pack": pack,
        "snapshot": pack.snapshot if pack else {},
        "can_acknowledge": bool(
            pack and not pack.is_acknowledged and pack.to_worker_id == request.user.pk
        ),
        "tab": "handover",
    }
    return render(request, "staff/workforce/handover.html", context)


@require_POST
@staff_required
def handover_read(request: HttpRequest, case_id: int, pack_id: int) -> HttpResponse:
    """The new worker confirms they have read the handover; nobody else can."""
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    pack = get_object_or_404(HandoverPack, pk=pack_id, case=case)
    if pack.to_worker_id != request.user.pk:
        raise PermissionDenied("Only the new worker can confirm they have read the handover")
    try:
        handover_acknowledge(pack=pack, by=request.user)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, "Thank you. The handover is marked as read.")
    return redirect("staff:case-handover", case_id=case.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def change_request_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """A worker records that the family asked for a different worker."""
    case, access = case_for_user(request.user, case_id, write=True, path=request.path)
    form = StaffChangeRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = worker_change_request(
                case=case,
                by=request.user,
                reason=form.cleaned_data["reason"],
                raised_at=form.raised_at(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "raised_at" in error.error_dict:
                error = ValidationError({"raised_on": error.error_dict["raised_at"]})
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Request recorded. A team manager will answer by {change.due_on:%-d %B %Y}",
            )
            return redirect("staff:case", case_id=case.pk)
    context = {"case": case, "access": access, "form": form}
    return render(request, "staff/workforce/change_request_new.html", context)


@require_GET
@role_required(Role.TEAM_MANAGER)
def change_requests(request: HttpRequest) -> HttpResponse:
    """Requests for a different worker on the manager's teams, with the reply clock."""
    team_ids = managed_team_ids(request.user)
    visible = policy.cases_visible_to(request.user).values("pk")
    found = selectors.change_requests_for_teams(team_ids).filter(case__in=visible)
    today = timezone.localdate()
    waiting = list(found.filter(decision=""))
    for change in waiting:
        change.overdue = change.due_on < today
    answered = list(found.exclude(decision="").order_by("-decided_at", "-id")[:50])
    for change in answered:
        change.late = timezone.localdate(change.decided_at) > change.due_on
    context = {"waiting": waiting, "answered": answered, "today": today}
    return render(request, "staff/workforce/change_requests.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.TEAM_MANAGER)
def change_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    change = get_object_or_404(
        WorkerChangeRequest.objects.select_related("raised_by", "worker", "decided_by"),
        pk=request_id,
    )
    case = _managed_case(request, change.case_id)
    form = ChangeDecideForm(request.POST or None) if change.is_open else None
    checking = "check" in request.POST
    typed = request.POST.get("explanation", "")
    if form is not None and request.method == "POST" and not checking and form.is_valid():
        try:
            worker_change_decide(change_request=change, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Answer recorded. The family has been told.")
            return redirect("staff:team-change-requests")
    context = {
        "case": case,
        "change": change,
        "form": form,
        "overdue": change.is_open and change.due_on < timezone.localdate(),
        "reading": read(typed) if form is not None and typed.strip() else None,
    }
    return render(request, "staff/workforce/change_request_decide.html", context)
