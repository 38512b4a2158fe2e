"""Reading the chronology, always through the policy."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from alongside import policy
from alongside.cases.models import Case
from alongside.chronology.models import (
    Attachment,
    CorrectionRequest,
    CorrectionStatus,
    Entry,
    EntryComment,
)


def chronology_for(
    user: Any, case: Case, access: policy.CaseAccess, *, kind: str = "", text: str = ""
) -> QuerySet[Entry]:
    """The entries this user may read on the case, newest first, each with what travels with it."""
    return _readable(user, case, access, kind=kind, text=text).prefetch_related(
        *(prefetch for _, prefetch in _travelling())
    )


def chronology_page(
    user: Any,
    case: Case,
    access: policy.CaseAccess,
    number: Any,
    *,
    per_page: int,
    kind: str = "",
    text: str = "",
) -> Page[Entry]:
    """One page of ``chronology_for``, reading attachments, comments and correction requests
    only for the entries that have any (most have none, and the page then reads no more)."""
    travelling = _travelling()
    entries = _readable(user, case, access, kind=kind, text=text).annotate(
        **{
            flag: Exists(prefetch.queryset.filter(entry=OuterRef("pk")))  # type: ignore[union-attr]
            for flag, prefetch in travelling
        }
    )
    page = Paginator(entries, per_page).get_page(number)
    rows = list(page.object_list)
    for flag, prefetch in travelling:
        having = [entry for entry in rows if getattr(entry, flag)]
        for entry in rows:
            if not getattr(entry, flag):
                setattr(entry, prefetch.to_attr, [])  # type: ignore[arg-type]
        if having:
            prefetch_related_objects(having, prefetch)
    page.object_list = rows
    return page


def _readable(
    user: Any, case: Case, access: policy.CaseAccess, *, kind: str, text: str
) -> QuerySet[Entry]:
    entries = policy.entries_visible_to(user, case, access)
    if kind:
        entries = entries.filter(kind=kind)
    if text.strip():
        entries = entries.annotate(search=SearchVector("title", "text", config="english")).filter(
            search=SearchQuery(text.strip(), config="english", search_type="websearch")
        )
    return entries.select_related("author_user", "author_person").order_by("-occurred_at", "-id")


def _travelling() -> list[tuple[str, Prefetch[Any]]]:
    """What is read with each entry: its attachments, comments and correction requests, each
    named by the flag that says an entry has any."""
    attachments = Prefetch(
        "attachments",
        queryset=Attachment.objects.filter(archived_at__isnull=True),
        to_attr="attachment_list",
    )
    comments, corrections = family_voice_prefetches()
    return [
        ("has_attachments", attachments),
        ("has_comments", comments),
        ("has_corrections", corrections),
    ]


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


# --- The family's voice: comments and correction requests beside each entry --------------------


def family_voice_prefetches() -> list[Prefetch[Any]]:
    """Comments and correction requests travel with every entry, to whoever may read the entry.

    Two queries for a whole page of entries, as lists on each entry (``comment_list``,
    ``correction_list``). A declined request is the family's disagreement: it stays beside
    the entry for everyone who reads it.
    """
    return [
        Prefetch(
            "comments",
            queryset=EntryComment.objects.filter(archived_at__isnull=True)
            .select_related("author_person")
            .order_by("created_at", "id"),
            to_attr="comment_list",
        ),
        Prefetch(
            "corrections",
            queryset=CorrectionRequest.objects.select_related(
                "raised_by_person", "decided_by"
            ).order_by("raised_at", "id"),
            to_attr="correction_list",
        ),
    ]


def _writable_cases(user: Any) -> QuerySet[Case]:
    """Cases this member of staff may change: their team's or managed teams', never break-glass."""
    if not getattr(user, "is_staff_member", False):
        return Case.objects.none()
    team_ids = set(policy.managed_team_ids(user))
    if user.team_id is not None and user.role in policy.CASEWORK_ROLES:
        team_ids.add(user.team_id)
    return policy.cases_visible_to(user).filter(team_id__in=team_ids)


def corrections_to_answer(user: Any) -> QuerySet[CorrectionRequest]:
    """Open correction requests on the cases this member of staff may change, soonest due first."""
    return (
        CorrectionRequest.objects.filter(
            status=CorrectionStatus.OPEN,
            entry__case__in=_writable_cases(user).values("pk"),
            entry__archived_at__isnull=True,
        )
        .select_related(
            "entry", "entry__case", "entry__case__child", "entry__case__worker", "raised_by_person"
        )
        .order_by("due_on", "raised_at", "id")
    )


def correction_for_case(case: Case, correction_id: int) -> CorrectionRequest:
    correction = (
        CorrectionRequest.objects.filter(
            pk=correction_id, entry__case=case, entry__archived_at__isnull=True
        )
        .select_related("entry", "entry__author_user", "raised_by_person", "decided_by")
        .first()
    )
    if correction is None:
        raise Http404("No such request")
    return correction


def corrections_for_family(
    user: Any,
    cases: Iterable[tuple[Case, policy.CaseAccess]],
    *,
    answered_since: datetime.date | None = None,
) -> list[CorrectionRequest]:
    """A family member's own requests on entries they can still read: waiting or lately answered."""
    since = answered_since or timezone.localdate() - datetime.timedelta(days=30)
    readable = policy.entries_visible_among(user, cases).values("pk")
    return list(
        CorrectionRequest.objects.filter(entry__in=readable, raised_by=user)
        .filter(Q(status=CorrectionStatus.OPEN) | Q(decided_at__date__gte=since))
        .select_related("entry")
        .order_by("due_on", "id")
    )
