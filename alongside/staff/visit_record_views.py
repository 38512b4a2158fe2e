"""Record a visit on one screen, from the child's record or from a planned visit.

Everything the record knows is filled in: the planned visit awaiting its outcome
(the one that started most recently), the child's network to tick, and the next
visit from the child protection plan's frequency or four weeks on. Saving goes
through ``visits.services.visit_record``, all or nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.models import User
from alongside.cases.models import Case
from alongside.cases.selectors import case_for_user
from alongside.plans.selectors import family_members
from alongside.staff.decorators import staff_required
from alongside.staff.views import _apply_errors
from alongside.staff.visit_record_forms import FIELD_FOR, Defaults, VisitRecordForm
from alongside.visits import services
from alongside.visits.selectors import (
    family_days,
    next_visit_after,
    protection_plan_visit_every,
    visits_awaiting_outcome,
)

UNPLANNED_MINUTES = 60


def _defaults(case: Case, user: User, wanted: str) -> Defaults:
    """What the record knows: which visit, who could be seen, when the next visit falls."""
    awaiting = visits_awaiting_outcome(case)
    chosen = next((v for v in awaiting if str(v.pk) == wanted), awaiting[0] if awaiting else None)
    every = protection_plan_visit_every(case)
    child = case.child
    if chosen is not None:
        after, minutes, place, worker = (
            chosen.starts_at,
            chosen.duration_minutes,
            chosen.place,
            chosen.worker,
        )
    else:
        after = timezone.localtime().replace(minute=0, second=0, microsecond=0)
        minutes, worker = UNPLANNED_MINUTES, user
        lines = [*child.address.splitlines(), child.postcode]
        place = ", ".join(line.strip() for line in lines if line.strip())
    return Defaults(
        awaiting=awaiting,
        chosen=chosen,
        members=family_members(case),
        worker=worker,
        next_starts_at=next_visit_after(
            after, every_working_days=every, family_days=family_days(case)
        ),
        next_minutes=minutes,
        place=place,
    )


def _renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({FIELD_FOR.get(k, k): v for k, v in error.error_dict.items()})


def _done(form: VisitRecordForm) -> str:
    data = form.cleaned_data
    told = " The family has been told about the next visit." if data.get("plan_next") else ""
    return f"Visit recorded on the chronology.{told}"


@require_http_methods(["GET", "POST"])
@staff_required
def visit_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case, _ = case_for_user(request.user, case_id, write=True, path=request.path)
    wanted = request.POST.get("visit") or request.GET.get("visit", "")
    defaults = _defaults(case, request.user, wanted)  # type: ignore[arg-type]
    form = VisitRecordForm(
        request.POST or None,
        case=case,
        user=request.user,
        defaults=defaults,  # type: ignore[arg-type]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(case=case, by=request.user, **form.values())  # type: ignore[arg-type]
        except ValidationError as error:
            _apply_errors(form, _renamed(error))
        else:
            messages.success(request, _done(form))
            return redirect("staff:case", case_id=case.pk)
    return render(request, "staff/visits/record.html", {"case": case, "form": form})
