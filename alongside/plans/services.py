"""Every change to a commitment goes through these functions.

The same rules hold whoever made the promise, a professional or a family
member: an owner, a due date, done or not, and why. Each function checks its
rules, writes the change (database triggers keep every earlier version, with
the reason set here) and writes it onto the case's one chronology in the same
transaction, so the family's record shows what was promised, kept, missed,
cancelled and handed on. A commitment is never reopened or deleted: doing it
again is a new commitment.

Overdue is not a status. It is worked out whenever it is shown (open and past
its due date), and only a person decides that a promise was missed.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.chronology.models import Audience, AuthorKind, Entry, Kind, Status, WithheldReason
from alongside.plans.models import (
    Commitment,
    CommitmentAudience,
    CommitmentStatus,
    OwnerKind,
    SourceKind,
)
from alongside.plans.selectors import family_members

if TYPE_CHECKING:
    from alongside.accounts.models import User
    from alongside.cases.models import Case
    from alongside.journey.models import ChildInNeedPlan, ChildProtectionPlan, EarlyHelpEpisode
    from alongside.meetings.models import Meeting
    from alongside.people.models import Person

SOURCE_FROM_ENTRY = {
    Kind.VISIT: SourceKind.VISIT,
    Kind.PHONE_CALL: SourceKind.CALL_BACK,
    Kind.DOCUMENT: SourceKind.DOCUMENT,
    Kind.REFERRAL: SourceKind.REFERRAL,
    Kind.MEETING: SourceKind.PLAN_ACTION,
    Kind.DECISION: SourceKind.PLAN_ACTION,
}
EARLIEST_DUE_DAYS = 366
LATEST_DUE_DAYS = 2 * 366


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _owner(commitment: Commitment) -> str:
    role = commitment.owner_role
    return f"{commitment.owner_name} ({role.lower()})" if role else commitment.owner_name


def _note(*, commitment: Commitment, by: User, title: str, text: str) -> Entry:
    """Write a change onto the chronology, kept from the family only if the promise is."""
    return Entry.objects.create(
        case=commitment.case,
        kind=Kind.NOTE,
        occurred_at=timezone.now(),
        author_kind=AuthorKind.STAFF,
        author_user=by,
        audience=commitment.audience,
        withheld_reason=commitment.withheld_reason,
        title=title[:150],
        text=text,
        created_by=by,
        updated_by=by,
    )


def _check_audience(audience: str, withheld_reason: str) -> tuple[str, str]:
    if audience == CommitmentAudience.FAMILY:
        return CommitmentAudience.FAMILY, ""
    if audience != CommitmentAudience.PROFESSIONALS:
        raise ValidationError({"audience": "Choose who can see this"})
    if withheld_reason not in WithheldReason.values:
        raise ValidationError({"withheld_reason": "Choose why the family cannot see this"})
    return CommitmentAudience.PROFESSIONALS, withheld_reason


def _check_owner(case: Case, owner_user: User | None, owner_person: Person | None) -> OwnerKind:
    if (owner_user is None) == (owner_person is None):
        raise ValidationError(
            {"owner": "Choose who will do it: one professional or one family member"}
        )
    if owner_user is not None:
        if not (owner_user.is_active and owner_user.is_staff_member):
            raise ValidationError({"owner": "Choose a member of staff who is working now"})
        return OwnerKind.STAFF
    assert owner_person is not None
    if owner_person.pk not in {m.person.pk for m in family_members(case)}:
        raise ValidationError({"owner": "Choose someone from the child's network"})
    return OwnerKind.FAMILY


def _check_links(
    case: Case,
    entry: Entry | None,
    cin_plan: ChildInNeedPlan | None,
    cp_plan: ChildProtectionPlan | None,
    early_help: EarlyHelpEpisode | None,
    meeting: Meeting | None = None,
) -> None:
    if entry is not None and (entry.case_id != case.pk or entry.archived_at is not None):
        raise ValidationError({"entry": "That entry is not on this case"})
    if meeting is not None and meeting.case_id != case.pk:
        raise ValidationError({"meeting": "That meeting is not on this case"})
    if sum(plan is not None for plan in (cin_plan, cp_plan, early_help)) > 1:
        raise ValidationError({"plan": "Choose one plan"})
    plan_case_ids = [
        cin_plan.referral.case_id if cin_plan else None,
        cp_plan.referral.case_id if cp_plan else None,
        early_help.case_id if early_help else None,
    ]
    if any(found is not None and found != case.pk for found in plan_case_ids):
        raise ValidationError({"plan": "That plan is not on this case"})


def _check_due(due_on: datetime.date) -> None:
    today = timezone.localdate()
    if due_on < today - datetime.timedelta(days=EARLIEST_DUE_DAYS):
        raise ValidationError({"due_on": "Check the date: it is more than a year ago"})
    if due_on > today + datetime.timedelta(days=LATEST_DUE_DAYS):
        raise ValidationError({"due_on": "Check the date: it is more than 2 years away"})


@transaction.atomic
def commitment_create(
    *,
    case: Case,
    title: str,
    due_on: datetime.date,
    by: User,
    source: str = SourceKind.OTHER,
    owner_user: User | None = None,
    owner_person: Person | None = None,
    detail: str = "",
    entry: Entry | None = None,
    cin_plan: ChildInNeedPlan | None = None,
    cp_plan: ChildProtectionPlan | None = None,
    early_help: EarlyHelpEpisode | None = None,
    audience: str = CommitmentAudience.FAMILY,
    withheld_reason: str = "",
    meeting: Meeting | None = None,
) -> Commitment:
    """Record what someone, professional or family, has said they will do and by when.

    A promise made at a meeting is linked to it, and its source is the meeting.
    """
    if meeting is not None and source == SourceKind.OTHER:
        source = SourceKind.MEETING
    if case.closed_on is not None:
        raise ValidationError("This case is closed: nothing new can be added to its plan")
    if not title.strip():
        raise ValidationError({"title": "Enter what will be done"})
    if source not in SourceKind.values:
        raise ValidationError({"source": "Choose where this came from"})
    owner_kind = _check_owner(case, owner_user, owner_person)
    _check_due(due_on)
    _check_links(case, entry, cin_plan, cp_plan, early_help, meeting)
    audience, withheld_reason = _check_audience(audience, withheld_reason)
    commitment = Commitment.objects.create(
        case=case,
        title=title.strip()[:150],
        detail=detail.strip(),
        owner_kind=owner_kind,
        owner_user=owner_user,
        owner_person=owner_person,
        due_on=due_on,
        source=source,
        entry=entry,
        cin_plan=cin_plan,
        cp_plan=cp_plan,
        early_help=early_help,
        meeting=meeting,
        audience=audience,
        withheld_reason=withheld_reason,
        created_by=by,
        updated_by=by,
    )
    text = f"{_owner(commitment)} will do this by {_day(due_on)}."
    if commitment.detail:
        text += f"\n\n{commitment.detail}"
    _note(commitment=commitment, by=by, title=f"Added to the plan: {commitment.title}", text=text)
    return commitment


@transaction.atomic
def commitment_create_from_entry(
    *,
    entry: Entry,
    by: User,
    due_on: datetime.date,
    owner_user: User | None = None,
    owner_person: Person | None = None,
    title: str = "",
    detail: str = "",
    source: str | None = None,
    cin_plan: ChildInNeedPlan | None = None,
    cp_plan: ChildProtectionPlan | None = None,
    early_help: EarlyHelpEpisode | None = None,
    audience: str | None = None,
    withheld_reason: str | None = None,
) -> Commitment:
    """One step from a chronology entry: its title, kind and who may see it carry across."""
    if entry.status != Status.PUBLISHED or entry.archived_at is not None:
        raise ValidationError("Only a published entry on the chronology can start a commitment")
    if audience is None:
        audience = (
            CommitmentAudience.FAMILY
            if entry.audience == Audience.FAMILY
            else CommitmentAudience.PROFESSIONALS
        )
        withheld_reason = entry.withheld_reason
    return commitment_create(
        case=entry.case,
        title=title or entry.title,
        due_on=due_on,
        by=by,
        source=source or SOURCE_FROM_ENTRY.get(Kind(entry.kind), SourceKind.OTHER),
        owner_user=owner_user,
        owner_person=owner_person,
        detail=detail,
        entry=entry,
        cin_plan=cin_plan,
        cp_plan=cp_plan,
        early_help=early_help,
        audience=audience,
        withheld_reason=withheld_reason or "",
    )


def _locked_open(commitment: Commitment) -> Commitment:
    """The commitment, locked for this change, if it is still open."""
    locked = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("case", "owner_user", "owner_person")
        .get(pk=commitment.pk)
    )
    if locked.status != CommitmentStatus.OPEN:
        raise ValidationError(
            f"This is already {locked.get_status_display().lower()}. "
            "To do it again, add a new commitment."
        )
    return locked


def _finish(
    commitment: Commitment,
    *,
    by: User,
    status: CommitmentStatus,
    reason: str,
    done_on: datetime.date | None = None,
) -> Commitment:
    commitment.status = status
    commitment.status_reason = reason
    commitment.completed_on = done_on
    commitment.updated_by = by
    commitment.updated_at = timezone.now()
    commitment.save(
        update_fields=["status", "status_reason", "completed_on", "updated_by", "updated_at"]
    )
    return commitment


@transaction.atomic
def commitment_complete(
    *, commitment: Commitment, by: User, done_on: datetime.date | None = None
) -> Commitment:
    """Done: on the day given (today if none). Lateness stays on the record of whoever owned it."""
    day = done_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"done_on": "The date it was done cannot be in the future"})
    locked = _locked_open(commitment)
    with pghistory.context(reason="Done"):
        _finish(locked, by=by, status=CommitmentStatus.DONE, reason="", done_on=day)
    text = f"{_owner(locked)} did this on {_day(day)}."
    if locked.days_late:
        late = "1 day" if locked.days_late == 1 else f"{locked.days_late} days"
        text += f" It was due on {_day(locked.due_on)}, so it was {late} late."
    _note(commitment=locked, by=by, title=f"Done: {locked.title}", text=text)
    return locked


def _required_reason(reason: str, message: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": message})
    return reason.strip()


@transaction.atomic
def commitment_miss(*, commitment: Commitment, by: User, reason: str) -> Commitment:
    """Not done, and why: a person's judgement, never a sweep. Recorded against its owner."""
    why = _required_reason(reason, "Say why it was not done")
    locked = _locked_open(commitment)
    with pghistory.context(reason=why):
        _finish(locked, by=by, status=CommitmentStatus.MISSED, reason=why)
    text = f"{_owner(locked)} did not do this. It was due on {_day(locked.due_on)}.\n\nWhy: {why}"
    _note(commitment=locked, by=by, title=f"Not done: {locked.title}", text=text)
    return locked


@transaction.atomic
def commitment_cancel(*, commitment: Commitment, by: User, reason: str) -> Commitment:
    """No longer needed or agreed, and why."""
    why = _required_reason(reason, "Say why it is cancelled")
    locked = _locked_open(commitment)
    with pghistory.context(reason=why):
        _finish(locked, by=by, status=CommitmentStatus.CANCELLED, reason=why)
    text = (
        f"{_owner(locked)} was going to do this by {_day(locked.due_on)}. "
        f"It has been cancelled.\n\nWhy: {why}"
    )
    _note(commitment=locked, by=by, title=f"Cancelled: {locked.title}", text=text)
    return locked


@transaction.atomic
def commitments_transfer(
    *, case: Case, from_user: User, to_user: User, by: User, reason: str
) -> int:
    """Handover: every open promise the worker made on this case moves to the new worker.

    Nothing is dropped and nothing is rewritten: each promise keeps its due date
    and its history (the earlier owner is kept in its recorded versions), and the
    move is written onto the chronology. Returns how many moved.
    """
    why = _required_reason(reason, "Say why the promises are moving")
    if from_user.pk == to_user.pk:
        raise ValidationError({"to_user": "Choose a different worker"})
    if not (to_user.is_active and to_user.is_staff_member):
        raise ValidationError({"to_user": "Choose a member of staff who is working now"})
    moving = list(
        Commitment.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(case=case, owner_kind=OwnerKind.STAFF, owner_user=from_user)
        .filter(status=CommitmentStatus.OPEN)
        .order_by("due_on", "id")
    )
    if not moving:
        return 0
    now = timezone.now()
    with pghistory.context(reason=why):
        Commitment.objects.filter(pk__in=[c.pk for c in moving]).update(
            owner_user=to_user, updated_by=by, updated_at=now
        )
    groups: dict[tuple[str, str], list[Commitment]] = {}
    for commitment in moving:
        groups.setdefault((commitment.audience, commitment.withheld_reason), []).append(commitment)
    for group in groups.values():
        listed = "\n".join(f"- {c.title} (by {_day(c.due_on)})" for c in group)
        text = (
            f"{to_user.full_name} has taken on what {from_user.full_name} said they would do:"
            f"\n{listed}\n\nWhy: {why}"
        )
        _note(commitment=group[0], by=by, title="Promises passed to a new worker", text=text)
    return len(moving)
