from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def family_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in family members, young people and their supporters; anyone else signs in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not getattr(request.user, "is_portal_user", False):
            return redirect("accounts:family-sign-in")
        return view(request, *args, **kwargs)

    return wrapper
