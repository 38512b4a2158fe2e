"""The JSON API. Every route loads records through the same policy as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.security import SessionAuth

from alongside.audit.models import AccessAction
from alongside.cases.selectors import case_for_user, cases_for_user
from alongside.chronology.selectors import chronology_for


class SignedIn(SessionAuth):
    """A signed-in family member, or staff who have passed their second factor."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        if getattr(user, "is_family", False):
            return user
        if getattr(user, "is_staff_member", False) and request.user.is_verified():  # type: ignore[union-attr]
            return user
        return None


api = NinjaAPI(title="Alongside API", version="1", auth=SignedIn(), urls_namespace="api")


class CaseOut(Schema):
    id: int
    reference: str
    child_name: str
    stage: str
    worker: str | None
    team: str | None


class EntryOut(Schema):
    id: int
    kind: str
    occurred_at: datetime.datetime
    title: str
    text: str
    audience: str
    author: str


@api.get("/cases", response=list[CaseOut])
def list_cases(request: HttpRequest) -> list[dict[str, Any]]:
    cases = cases_for_user(request.auth, action=AccessAction.API, path=request.path)
    return [_case_out(case) for case in cases]


@api.get("/cases/{case_id}", response=CaseOut)
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case, _ = case_for_user(request.auth, case_id, action=AccessAction.API, path=request.path)
    return _case_out(case)


@api.get("/cases/{case_id}/entries", response=list[EntryOut])
def list_entries(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    case, access = case_for_user(request.auth, case_id, action=AccessAction.API, path=request.path)
    entries = chronology_for(request.auth, case, access)[:500]
    return [
        {
            "id": e.pk,
            "kind": e.kind,
            "occurred_at": e.occurred_at,
            "title": e.title,
            "text": e.text,
            "audience": e.audience,
            "author": e.author_display,
        }
        for e in entries
    ]


def _case_out(case: Any) -> dict[str, Any]:
    return {
        "id": case.pk,
        "reference": case.reference,
        "child_name": case.child.display_name,
        "stage": case.stage,
        "worker": case.worker.full_name if case.worker else None,
        "team": case.team.name if case.team else None,
    }
