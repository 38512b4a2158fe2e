"""Reading the chronology, always through the policy."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from alongside import policy
from alongside.cases.models import Case
from alongside.chronology.models import Attachment, Entry


def chronology_for(
    user: Any, case: Case, access: policy.CaseAccess, *, kind: str = "", text: str = ""
) -> QuerySet[Entry]:
    entries = policy.entries_visible_to(user, case, access)
    if kind:
        entries = entries.filter(kind=kind)
    if text.strip():
        entries = entries.annotate(search=SearchVector("title", "text", config="english")).filter(
            search=SearchQuery(text.strip(), config="english", search_type="websearch")
        )
    return (
        entries.select_related("author_user", "author_person")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.filter(archived_at__isnull=True))
        )
        .order_by("-occurred_at", "-id")
    )


def entry_for(user: Any, case: Case, access: policy.CaseAccess, entry_id: int) -> Entry:
    entry = chronology_for(user, case, access).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such entry")
    return entry


def draft_for(user: Any, case: Case) -> Entry | None:
    """The worker's latest unfinished entry on this case, if any."""
    return (
        Entry.objects.filter(case=case, author_user=user, status="draft", archived_at__isnull=True)
        .order_by("-updated_at")
        .first()
    )
