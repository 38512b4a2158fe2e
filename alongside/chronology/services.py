"""Every change to the chronology goes through these functions.

History: database triggers (django-pghistory) keep every earlier version of an
entry, with the user and the reason set here as context, so nothing can change
an entry without leaving a trace, raw SQL included.
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from alongside.chronology.models import (
    Attachment,
    Audience,
    AuthorKind,
    Entry,
    Kind,
    Status,
    WithheldReason,
)

if TYPE_CHECKING:
    from alongside.accounts.models import User
    from alongside.cases.models import Case


def _check(
    *,
    audience: str,
    withheld_reason: str,
    title: str,
    text: str,
    occurred_at: datetime.datetime,
    draft: bool = False,
) -> None:
    errors: dict[str, str] = {}
    if audience not in Audience.values:
        errors["audience"] = "Choose who can read this entry"
    elif audience != Audience.FAMILY and withheld_reason not in WithheldReason.values:
        errors["withheld_reason"] = "Choose why the family cannot read this entry"
    if not draft:
        if not title.strip():
            errors["title"] = "Enter a short title"
        if not text.strip():
            errors["text"] = "Enter what happened"
    if occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["occurred_at"] = "The date and time cannot be in the future"
    if errors:
        raise ValidationError(errors)


def attachment_check(upload: UploadedFile) -> str:
    """The file's extension, if its type and size are allowed."""
    allowed: dict[str, str] = settings.ATTACHMENT_CONTENT_TYPES
    extension = allowed.get(upload.content_type or "")
    if extension is None or Path(upload.name or "").suffix.lower() not in set(allowed.values()):
        raise ValidationError(
            {"attachment": "The file must be a PDF, Word document, JPG, PNG or text file"}
        )
    if (upload.size or 0) > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError({"attachment": f"The file must be smaller than {limit}MB"})
    return extension


@transaction.atomic
def entry_create(
    *,
    case: Case,
    by: User,
    kind: Kind,
    occurred_at: datetime.datetime,
    title: str,
    text: str,
    audience: Audience = Audience.FAMILY,
    withheld_reason: str = "",
    attachments: list[UploadedFile] | None = None,
    draft: Entry | None = None,
) -> Entry:
    """Publish a staff entry. A draft the author kept is published in place."""
    if audience == Audience.FAMILY:
        withheld_reason = ""
    _check(
        audience=audience,
        withheld_reason=withheld_reason,
        title=title,
        text=text,
        occurred_at=occurred_at,
    )
    for upload in attachments or []:
        attachment_check(upload)
    fields = {
        "kind": kind,
        "occurred_at": occurred_at,
        "title": title.strip(),
        "text": text.strip(),
        "audience": audience,
        "withheld_reason": withheld_reason,
        "status": Status.PUBLISHED,
        "updated_by": by,
        "updated_at": timezone.now(),
    }
    if draft is not None:
        if (
            draft.author_user_id != by.id
            or draft.status != Status.DRAFT
            or draft.case_id != case.id
        ):
            raise ValidationError("This draft is not yours to publish")
        with pghistory.context(reason="Draft published"):
            for name, value in fields.items():
                setattr(draft, name, value)
            draft.save()
        entry = draft
    else:
        entry = Entry.objects.create(
            case=case, author_kind=AuthorKind.STAFF, author_user=by, created_by=by, **fields
        )
    for upload in attachments or []:
        _attach(entry=entry, upload=upload, by=by)
    return entry


def _attach(*, entry: Entry, upload: UploadedFile, by: User) -> Attachment:
    extension = attachment_check(upload)
    attachment = Attachment(
        entry=entry,
        stored_name=f"{secrets.token_hex(16)}{extension}",
        original_name=Path(upload.name or "file").name[:200],
        content_type=upload.content_type or "",
        size=upload.size or 0,
        created_by=by,
        updated_by=by,
    )
    attachment.file.save(attachment.stored_name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def entry_draft_save(
    *,
    case: Case,
    by: User,
    draft: Entry | None,
    kind: str,
    title: str,
    text: str,
    audience: str = Audience.FAMILY,
    withheld_reason: str = "",
    occurred_at: datetime.datetime | None = None,
) -> Entry:
    """Keep what the worker has typed so far. Called as they type; safe to call often."""
    if kind not in Kind.values:
        kind = Kind.NOTE
    if audience not in Audience.values:
        audience = Audience.FAMILY
    if audience == Audience.FAMILY or withheld_reason not in WithheldReason.values:
        # A draft stays visible only to its author; the reason is asked for on publishing.
        audience, withheld_reason = Audience.FAMILY, ""
    fields = {
        "kind": kind,
        "title": title[:150],
        "text": text,
        "audience": audience,
        "withheld_reason": withheld_reason,
        "occurred_at": occurred_at or timezone.now(),
        "updated_by": by,
        "updated_at": timezone.now(),
    }
    if draft is None:
        return Entry.objects.create(
            case=case,
            author_kind=AuthorKind.STAFF,
            author_user=by,
            created_by=by,
            status=Status.DRAFT,
            **fields,
        )
    if draft.author_user_id != by.id or draft.status != Status.DRAFT or draft.case_id != case.id:
        raise ValidationError("This draft is not yours")
    with pghistory.context(reason="Draft saved"):
        for name, value in fields.items():
            setattr(draft, name, value)
        draft.save()
    return draft


@transaction.atomic
def entry_update(
    *,
    entry: Entry,
    by: User,
    reason: str,
    title: str,
    text: str,
    audience: str,
    withheld_reason: str = "",
) -> Entry:
    """Correct a published entry. The earlier version is kept with who, when and why."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why you are changing this entry"})
    if audience == Audience.FAMILY:
        withheld_reason = ""
    _check(
        audience=audience,
        withheld_reason=withheld_reason,
        title=title,
        text=text,
        occurred_at=entry.occurred_at,
    )
    with pghistory.context(reason=reason.strip()):
        entry.title = title.strip()
        entry.text = text.strip()
        entry.audience = audience
        entry.withheld_reason = withheld_reason
        entry.updated_by = by
        entry.updated_at = timezone.now()
        entry.save()
    return entry


@transaction.atomic
def entry_archive(*, entry: Entry, by: User, reason: str) -> Entry:
    """Take an entry off the chronology. It is kept, never deleted."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why you are removing this entry"})
    with pghistory.context(reason=reason.strip()):
        entry.archived_at = timezone.now()
        entry.archive_reason = reason.strip()[:200]
        entry.updated_by = by
        entry.save(update_fields=["archived_at", "archive_reason", "updated_by", "updated_at"])
    return entry


def entry_history(entry: Entry) -> list[dict[str, object]]:
    """Every recorded version of an entry, newest first, with who changed it and why."""
    events = entry.events.select_related("pgh_context").order_by("-pgh_created_at", "-pgh_id")  # type: ignore[attr-defined]
    history = []
    for event in events:
        context = event.pgh_context.metadata if event.pgh_context_id else {}
        history.append(
            {
                "at": event.pgh_created_at,
                "label": "Written" if event.pgh_label == "insert" else "Changed",
                "title": event.title,
                "text": event.text,
                "audience": event.audience,
                "reason": context.get("reason", ""),
                "user_id": context.get("user"),
            }
        )
    return history
