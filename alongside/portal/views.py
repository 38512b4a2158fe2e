"""The family portal: what is recorded about your family, in plain words."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alongside import policy
from alongside.audit.models import AccessAction
from alongside.cases.selectors import case_for_user
from alongside.chronology.selectors import chronology_for
from alongside.portal.decorators import family_required


@require_GET
@family_required
def home(request: HttpRequest) -> HttpResponse:
    cases = (
        policy.cases_visible_to(request.user)
        .select_related("child", "worker", "team")
        .order_by("child__first_names")
    )
    return render(request, "portal/home.html", {"cases": cases})


@require_GET
@family_required
def case_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case, access = case_for_user(
        request.user, case_id, action=AccessAction.VIEW_CHRONOLOGY, path=request.path
    )
    page = Paginator(chronology_for(request.user, case, access), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/case_record.html", {"case": case, "page": page})
