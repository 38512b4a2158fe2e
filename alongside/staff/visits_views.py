"""Staff pages for visits: a case's visits, planning, moving, cancelling and recording them,
and the reliability figures for a worker or a manager's teams.

Case pages load the case through ``case_for_user`` like every case page: another
team's case is 404, and read-only access (break-glass) is 403 on every form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from alongside.accounts.models import Role
from alongside.cases.models import Case
from alongside.cases.selectors import case_for_user
from alongside.fgc.selectors import fgc_rate_for_teams
from alongside.meetings.selectors import report_figures_for_teams
from alongside.staff.decorators import role_required, staff_required
from alongside.staff.form_page import form_page
from alongside.staff.sent import remember_sent
from alongside.staff.visits_forms import (
    FIELD_FOR,
    PeriodForm,
    VisitCancelForm,
    VisitMoveForm,
    VisitOutcomeForm,
    VisitPlanForm,
)
from alongside.visits import services, words
from alongside.visits.models import Visit
from alongside.visits.reliability import SIDE_LABELS
from alongside.visits.selectors import (
    default_period,
    family_contact_times,
    reliability_for_case,
    reliability_for_teams,
    reliability_for_worker,
    team_ids_for,
    visit_for_case,
    visits_for_case,
)

DAY_NAMES = dict(services.DAY_NAMES)


def _renamed(error: ValidationError) -> ValidationError:
    """A service's error keyed by its argument, re-keyed to the form field that feeds it."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({FIELD_FOR.get(k, k): v for k, v in error.error_dict.items()})


def _family_said(case: Case) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Who said which days and times suit them, and every day any of them gave."""
    said = family_contact_times(case)
    days = {d for _, stated, _ in said for d in stated}
    day_names = [DAY_NAMES[d] for d in DAY_NAMES if d in days]
    rows = [(name, ", ".join(DAY_NAMES[d] for d in DAY_NAMES if d in s), t) for name, s, t in said]
    return rows, day_names


def _planned_visit(case: Case, visit_id: int) -> Visit:
    visit = visit_for_case(case, visit_id)
    if visit is None or not visit.is_planned:
        raise Http404("No such planned visit")
    return visit


def _form_page(
    request: HttpRequest,
    case: Case,
    form: Any,
    save: Callable[[dict[str, Any]], object],
    *,
    title: str,
    button: str,
    done: str,
    extra: dict[str, Any] | None = None,
    told: Callable[[Visit], str] | None = None,
) -> HttpResponse:
    """One visit form: the service on a valid post, else the page with what was typed.

    ``told`` gives what the family is sent about the saved visit, shown on the next page."""

    def success(saved: object) -> HttpResponse:
        if told is not None and isinstance(saved, Visit):
            remember_sent(request, told(saved))
        return redirect("staff:visits", case_id=case.pk)

    return form_page(
        request,
        form,
        save,
        done=done,
        success=success,
        template="staff/visits/form.html",
        context={"case": case, "title": title, "button": button, **(extra or {})},
        errors=_renamed,
    )


@require_GET
@staff_required
def visits(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    now = timezone.now()
    all_visits = visits_for_case(case)
    start, end = default_period()
    context = {
        "case": case,
        "access": access,
        "tab": "visits",
        "coming": [v for v in reversed(all_visits) if v.is_planned and v.starts_at >= now],
        "to_record": [v for v in all_visits if v.is_planned and v.starts_at < now],
        "past": [v for v in all_visits if not v.is_planned],
        "figures": reliability_for_case(case, period_start=start, period_end=end),
        "family_said": _family_said(case)[0],
    }
    return render(request, "staff/visits/list.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def visit_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    said, days = _family_said(case)
    form = VisitPlanForm(request.POST or None, case=case, user=request.user, days=days)
    return _form_page(
        request,
        case,
        form,
        lambda data: services.visit_plan(case=case, by=request.user, **data),
        title="Plan a visit",
        button="Plan the visit and tell the family",
        done="Visit planned. The family has been told.",
        extra={"family_said": said},
        told=words.planned,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def visit_move(request: HttpRequest, case_id: int, visit_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    visit = _planned_visit(case, visit_id)
    said, days = _family_said(case)
    form = VisitMoveForm(request.POST or None, visit=visit, days=days)
    return _form_page(
        request,
        case,
        form,
        lambda data: services.visit_reschedule(visit=visit, by=request.user, **data),
        title="Move the visit",
        button="Move the visit and tell the family",
        done="Visit moved. The family has been told.",
        extra={"visit": visit, "family_said": said},
        told=lambda moved: words.moved(moved, moved.moves.latest("pk")),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def visit_cancel(request: HttpRequest, case_id: int, visit_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    visit = _planned_visit(case, visit_id)
    return _form_page(
        request,
        case,
        VisitCancelForm(request.POST or None),
        lambda data: services.visit_cancel(visit=visit, by=request.user, **data),
        title="Cancel the visit",
        button="Cancel the visit and tell the family",
        done="Visit cancelled. The family has been told.",
        extra={"visit": visit},
        told=words.cancelled,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def visit_outcome(request: HttpRequest, case_id: int, visit_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    visit = _planned_visit(case, visit_id)
    return _form_page(
        request,
        case,
        VisitOutcomeForm(request.POST or None),
        lambda data: services.visit_record_outcome(visit=visit, by=request.user, **data),
        title="Record what happened",
        button="Save",
        done="Visit recorded on the chronology.",
        extra={"visit": visit},
    )


@require_GET
@role_required(Role.SOCIAL_WORKER, Role.FAMILY_SUPPORT_WORKER, Role.TEAM_MANAGER)
def reliability(request: HttpRequest) -> HttpResponse:
    """Managers: every worker in their teams and the team totals. Workers: their own."""
    user = request.user
    form = PeriodForm(request.GET or None, default=default_period())
    start, end = form.period()
    context: dict[str, Any] = {
        "form": form,
        "period_start": start,
        "period_end": end,
        "labels": SIDE_LABELS,
    }
    if user.role == Role.TEAM_MANAGER:  # type: ignore[union-attr]
        context["teams"] = reliability_for_teams(
            team_ids_for(user), period_start=start, period_end=end
        )
        context["fgc_rate"] = fgc_rate_for_teams(team_ids_for(user), viewer=user)
        context["report_figures"] = report_figures_for_teams(
            team_ids_for(user), period_start=start, period_end=end, viewer=user
        )
    else:
        context["mine"] = reliability_for_worker(user, period_start=start, period_end=end)  # type: ignore[arg-type]
    return render(request, "staff/visits/reliability.html", context)
