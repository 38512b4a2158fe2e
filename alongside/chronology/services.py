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
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import Role, User
from alongside.chronology.models import (
    Attachment,
    Audience,
    AuthorKind,
    CorrectionRequest,
    CorrectionStatus,
    Entry,
    EntryComment,
    Kind,
    Status,
    WithheldReason,
)
from alongside.messaging.models import Channel
from alongside.messaging.services import message_send
from alongside.people.selectors import contact_route
from alongside.timescales.calendar import add_working_days
from alongside.workforce.selectors import handover_pending

if TYPE_CHECKING:
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


def _handover_check(*, case: Case, by: User, kind: str) -> None:
    """A visit is recorded only once its worker has read the handover pack, as in visits."""
    if kind == Kind.VISIT and handover_pending(case=case, worker=by):
        raise ValidationError(
            {
                "kind": "You have not yet read and acknowledged the handover pack for this "
                "case. Read it before you record a visit."
            }
        )


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
    agency: str = "",
) -> Entry:
    """Publish a staff entry. A draft the author kept is published in place.

    ``agency`` names a partner agency (a school, the health visitor) whose account this
    is: the entry's author is then that agency, and the staff member stays as the
    person who recorded it (``author_user`` and ``created_by``)."""
    if audience == Audience.FAMILY:
        withheld_reason = ""
    _check(
        audience=audience,
        withheld_reason=withheld_reason,
        title=title,
        text=text,
        occurred_at=occurred_at,
    )
    _handover_check(case=case, by=by, kind=kind)
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
        "author_kind": AuthorKind.AGENCY if agency.strip() else AuthorKind.STAFF,
        "author_agency": agency.strip()[:100],
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
        entry = Entry.objects.create(case=case, author_user=by, created_by=by, **fields)
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


# --- The family's voice: their own account, comments and corrections ----------------------------

CORRECTION_WORKING_DAYS = 10
FAMILY_TEXT_MAX = 5000
FAMILY_ACCOUNT_TITLE = "In our words"


def _family_access(*, case: Case, by: User) -> int:
    """Only a family member with a current grant may add to the record; supporters only read.

    Gives the family member's person id, the author of what they add.
    """
    person_id = by.person_id
    if person_id is None or not policy.case_access(by, case).is_family:
        raise ValidationError("Only the family can add to this record")
    return person_id


def _family_entry(*, entry: Entry, by: User) -> int:
    person_id = _family_access(case=entry.case, by=by)
    access = policy.case_access(by, entry.case)
    if not policy.can_read_entry(by, entry, access):
        raise ValidationError("You cannot see this entry")
    return person_id


@transaction.atomic
def entry_family_account_add(
    *,
    case: Case,
    by: User,
    text: str,
    title: str = "",
    occurred_on: datetime.date | None = None,
    private_from_family: bool = False,
) -> Entry:
    """The family's own account ("in our words"), on the chronology beside the workers' entries.

    Everyone who reads the record reads it: it is published and family-visible. A young
    person may keep it private from their parents and carers (policy rule 11).
    """
    person_id = _family_access(case=case, by=by)
    if private_from_family and by.role != Role.YOUNG_PERSON:
        raise ValidationError("Only a young person can keep what they write from their family")
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "Write what you want to say"
    elif len(text) > FAMILY_TEXT_MAX:
        errors["text"] = f"Write {FAMILY_TEXT_MAX} letters or fewer"
    if len(title.strip()) > 150:
        errors["title"] = "Make the title shorter"
    today = timezone.localdate()
    if occurred_on is not None and occurred_on > today:
        errors["occurred_on"] = "The date cannot be in the future"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    occurred_at = now
    if occurred_on is not None and occurred_on != today:
        occurred_at = timezone.make_aware(datetime.datetime.combine(occurred_on, datetime.time(12)))
    return Entry.objects.create(
        case=case,
        kind=Kind.FAMILY_ACCOUNT,
        occurred_at=occurred_at,
        author_kind=AuthorKind.FAMILY,
        author_person_id=person_id,
        audience=Audience.FAMILY,
        title=title.strip() or FAMILY_ACCOUNT_TITLE,
        text=text.strip(),
        status=Status.PUBLISHED,
        private_from_family=private_from_family,
        created_by=by,
        updated_by=by,
    )


@transaction.atomic
def entry_comment_add(*, entry: Entry, by: User, text: str) -> EntryComment:
    """A family member's comment on an entry they can read."""
    person_id = _family_entry(entry=entry, by=by)
    if not text.strip():
        raise ValidationError({"text": "Write your comment"})
    if len(text) > FAMILY_TEXT_MAX:
        raise ValidationError({"text": f"Write {FAMILY_TEXT_MAX} letters or fewer"})
    return EntryComment.objects.create(
        entry=entry,
        author_user=by,
        author_person_id=person_id,
        text=text.strip(),
        created_by=by,
        updated_by=by,
    )


def correction_due_on(raised_on: datetime.date) -> datetime.date:
    """The worker answers a family's correction request within 10 working days."""
    return add_working_days(raised_on, CORRECTION_WORKING_DAYS)


def _correction_staff(case: Case) -> list[User]:
    """Who answers: the allocated worker, or the team's managers when there is none."""
    if case.worker_id is not None and case.worker is not None and case.worker.is_active:
        return [case.worker]
    if case.team_id is None:
        return []
    return list(
        User.objects.filter(role=Role.TEAM_MANAGER, is_active=True)
        .filter(Q(managed_teams=case.team_id) | Q(team_id=case.team_id))
        .distinct()
        .order_by("full_name")
    )


@transaction.atomic
def correction_request_raise(
    *, entry: Entry, by: User, what_is_wrong: str, what_it_should_say: str = ""
) -> CorrectionRequest:
    """A family member says an entry is wrong. Their worker is told and must answer in time."""
    person_id = _family_entry(entry=entry, by=by)
    if entry.author_kind == AuthorKind.FAMILY:
        raise ValidationError("Your family wrote this. Add a comment to say more.")
    errors: dict[str, str] = {}
    if not what_is_wrong.strip():
        errors["what_is_wrong"] = "Tell us what is wrong"
    elif len(what_is_wrong) > FAMILY_TEXT_MAX:
        errors["what_is_wrong"] = f"Write {FAMILY_TEXT_MAX} letters or fewer"
    if len(what_it_should_say) > FAMILY_TEXT_MAX:
        errors["what_it_should_say"] = f"Write {FAMILY_TEXT_MAX} letters or fewer"
    if errors:
        raise ValidationError(errors)
    waiting = CorrectionRequest.objects.filter(
        entry=entry, raised_by=by, status=CorrectionStatus.OPEN
    ).first()
    if waiting is not None:
        raise ValidationError(
            f"You have already told us this is wrong. We will answer by {waiting.due_on:%-d %B %Y}."
        )
    now = timezone.now()
    correction = CorrectionRequest.objects.create(
        entry=entry,
        raised_by=by,
        raised_by_person_id=person_id,
        what_is_wrong=what_is_wrong.strip(),
        what_it_should_say=what_it_should_say.strip(),
        raised_at=now,
        due_on=correction_due_on(timezone.localdate(now)),
        created_by=by,
        updated_by=by,
    )
    case = entry.case
    path = reverse("staff:correction", args=[case.pk, correction.pk])
    for member in _correction_staff(case):
        message_send(
            channel=Channel.EMAIL,
            to_address=member.email,
            to_user=member,
            purpose="correction_request",
            subject=f"The family says an entry is wrong ({case.reference})",
            body=(
                f"A family member says the entry '{entry.title}' on case {case.reference} "
                f"is wrong. Answer by {correction.due_on:%-d %B %Y}: accept and change it, "
                f"or explain why not. {path}"
            ),
        )
    return correction


def _answer_check(*, correction: CorrectionRequest, by: User, explanation: str) -> None:
    if not correction.is_open:
        raise ValidationError("This request has already been answered")
    if not policy.case_access(by, correction.entry.case).can_write:
        raise ValidationError("You cannot answer for this case")
    if not explanation.strip():
        raise ValidationError({"explanation": "Explain your answer to the family"})


def _tell_family(correction: CorrectionRequest) -> None:
    member = correction.raised_by
    if not member.is_active:
        return
    route = contact_route(member.person, member)
    if route is None:
        return
    channel, address = route
    message_send(
        channel=channel,
        to_address=address,
        to_user=member,
        purpose="correction_answer",
        subject="We have answered you",
        body=(
            "You told us something we wrote was wrong. We have answered you. "
            "Sign in to Alongside to read what we said."
        ),
    )


def _close(
    *, correction: CorrectionRequest, by: User, status: CorrectionStatus, explanation: str
) -> CorrectionRequest:
    now = timezone.now()
    correction.status = status
    correction.explanation = explanation.strip()
    correction.decided_by = by
    correction.decided_at = now
    correction.updated_by = by
    correction.updated_at = now
    correction.save()
    _tell_family(correction)
    return correction


@transaction.atomic
def correction_request_accept(
    *, correction: CorrectionRequest, by: User, title: str, text: str, explanation: str
) -> CorrectionRequest:
    """The worker agrees and changes the entry. The earlier version is kept by its history."""
    correction = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    _answer_check(correction=correction, by=by, explanation=explanation)
    entry = Entry.objects.select_for_update().get(pk=correction.entry_id)
    if title.strip() == entry.title and text.strip() == entry.text:
        raise ValidationError({"text": "Change the entry, or keep it and explain why"})
    with pghistory.context(correction_request=correction.pk):
        entry_update(
            entry=entry,
            by=by,
            reason=f"Changed because the family asked: {explanation.strip()}",
            title=title,
            text=text,
            audience=entry.audience,
            withheld_reason=entry.withheld_reason,
        )
    return _close(
        correction=correction,
        by=by,
        status=CorrectionStatus.ACCEPTED,
        explanation=explanation,
    )


@transaction.atomic
def correction_request_decline(
    *, correction: CorrectionRequest, by: User, explanation: str
) -> CorrectionRequest:
    """The worker keeps the entry and says why. The family's disagreement stays beside it."""
    correction = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    _answer_check(correction=correction, by=by, explanation=explanation)
    return _close(
        correction=correction,
        by=by,
        status=CorrectionStatus.DECLINED,
        explanation=explanation,
    )
