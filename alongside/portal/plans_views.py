"""The family's view of the plan: what everyone said they would do, workers and family alike."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alongside.cases.models import SupporterScope
from alongside.cases.selectors import case_for_user
from alongside.plans.selectors import commitments_visible_to
from alongside.portal.decorators import family_required


@require_GET
@family_required
def plan(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(request.user, case_id, path=request.path)
    items = list(commitments_visible_to(request.user, case, access))
    context = {
        "case": case,
        "workers": [c for c in items if c.is_professional],
        "family": [c for c in items if not c.is_professional],
        "sees_record": access.is_family or access.scope == SupporterScope.EVERYTHING,
    }
    return render(request, "portal/plans/plan.html", context)
