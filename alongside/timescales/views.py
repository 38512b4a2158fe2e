from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alongside.staff.decorators import staff_required
from alongside.timescales.selectors import rules_for_listing


@require_GET
@staff_required
def rules(request: HttpRequest) -> HttpResponse:
    """Every timescale the system tracks, with what starts and meets it and its source."""
    return render(request, "timescales/rules.html", {"rules": list(rules_for_listing())})
