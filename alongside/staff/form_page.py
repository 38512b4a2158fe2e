"""The one shape of a staff form page.

On a valid POST the service runs; a ValidationError it raises goes onto the form, so
the page comes back with the message next to the field and everything typed kept; on
success a banner is set and ``success(saved)`` says where to go next. Each area
(visits, meetings, family group conferences) wraps this with its own template and
redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alongside.staff.views import _apply_errors


def form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], object],
    *,
    done: str,
    success: Callable[[object], HttpResponse],
    template: str,
    context: dict[str, Any],
    errors: Callable[[ValidationError], ValidationError] = lambda error: error,
    hold: bool = False,
) -> HttpResponse:
    """``hold`` shows the page again without saving (for a "check" button)."""
    if request.method == "POST" and not hold and form.is_valid():
        try:
            saved = save(form.values() if hasattr(form, "values") else dict(form.cleaned_data))
        except ValidationError as error:
            _apply_errors(form, errors(error))
        else:
            messages.success(request, done)
            return success(saved)
    return render(request, template, {"form": form, **context})
