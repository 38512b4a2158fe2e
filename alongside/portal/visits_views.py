"""The family's visits: what is coming, and how reliable everyone has been, in plain words."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alongside.cases.models import SupporterScope
from alongside.cases.selectors import case_for_user
from alongside.portal.decorators import family_required
from alongside.visits import words
from alongside.visits.selectors import (
    default_period,
    reliability_for_case,
    reliability_of_case_workers,
    visits_for_family,
)


@require_GET
@family_required
def visits(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    start, end = default_period()
    context = {
        "case": case,
        "visits": visits_for_family(case),
        "period_start": start,
        "period_end": end,
        "figures": reliability_for_case(case, period_start=start, period_end=end),
        "workers": reliability_of_case_workers(case, period_start=start, period_end=end),
        "nothing_to_bring": words.NOTHING_TO_BRING,
        "who_to_bring": words.DEFAULT_WHO_TO_BRING,
        "sees_record": access.is_family or access.scope == SupporterScope.EVERYTHING,
    }
    return render(request, "portal/visits/visits.html", context)
