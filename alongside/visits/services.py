"""Every change to a visit goes through these functions.

Each one checks, writes, puts the change on the case's chronology in the same
transaction, and tells the family at once (stored now, sent after commit):

- ``visit_plan``: a new visit; the family is told when, where, who, why, what to
  bring and who they may bring. A time on a day the family did not say suits
  them needs a reason.
- ``visit_reschedule``: a new time or place, with who asked and why; the move is
  kept (``VisitMove``) so short-notice moves count like cancellations do.
- ``visit_cancel``: who cancelled (the worker, the family, something else), why,
  and when they told us; the notice is worked out from that.
- ``visit_record_outcome``: on time, late (how late, why, whose lateness) or
  nobody in. A visit that happened goes on the chronology as kind "visit" (the
  statutory visit clocks count those); a call or a meeting as its own kind.
  Refused while the worker has not acknowledged the handover pack for the case.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.chronology.models import Audience, AuthorKind, Entry, Kind
from alongside.messaging.services import message_send
from alongside.people.codes import Weekday
from alongside.policy import CASEWORK_ROLES
from alongside.visits import words
from alongside.visits.models import Outcome, Side, Visit, VisitKind, VisitMove
from alongside.visits.selectors import family_days, visit_recipients
from alongside.workforce.selectors import handover_pending

if TYPE_CHECKING:
    from alongside.accounts.models import User
    from alongside.cases.models import Case

FUTURE_GRACE = datetime.timedelta(minutes=5)
LONGEST_VISIT = datetime.timedelta(hours=12)
WEEKDAYS = list(Weekday)  # Monday first, as datetime.weekday() counts
DAY_NAMES = dict(Weekday.choices)

_CHRONOLOGY_KIND = {
    VisitKind.HOME_VISIT: Kind.VISIT,
    VisitKind.OFFICE: Kind.VISIT,
    VisitKind.CALL: Kind.PHONE_CALL,
    VisitKind.MEETING: Kind.MEETING,
}


def _entry(
    *, visit: Visit, by: User, kind: Kind, title: str, text: str, at: datetime.datetime
) -> Entry:
    """The change on the case's chronology: recorded once, seen by the family."""
    return Entry.objects.create(
        case=visit.case,
        kind=kind,
        occurred_at=at,
        author_kind=AuthorKind.STAFF,
        author_user=by,
        audience=Audience.FAMILY,
        title=title[:150],
        text=text,
        created_by=by,
        updated_by=by,
    )


def _tell_family(visit: Visit, *, purpose: str, subject: str, body: str) -> None:
    """Each parent and each family member who can see the case, on their own channel."""
    for who in visit_recipients(visit.case):
        message_send(
            channel=who.channel,
            to_address=who.address,
            to_user=who.user,
            purpose=purpose,
            subject=subject,
            body=words.greeting(who.name, body),
        )


def outside_family_days(case: Case, starts_at: datetime.datetime) -> tuple[bool, list[str]]:
    """Whether the time is on a day the family did not say suits them, and the days they gave."""
    days = family_days(case)
    if not days:
        return False, []
    day = WEEKDAYS[timezone.localtime(starts_at).weekday()]
    names = [DAY_NAMES[d] for d in WEEKDAYS if d in days]
    return day not in days, names


def _check_time(
    *,
    case: Case,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    clash_reason: str,
    errors: dict[str, str],
) -> bool:
    if starts_at < timezone.now() - FUTURE_GRACE:
        errors["starts_at"] = "The visit must be in the future"
    if ends_at <= starts_at:
        errors["ends_at"] = "The visit must end after it starts"
    elif ends_at - starts_at > LONGEST_VISIT:
        errors["ends_at"] = "A visit can last 12 hours at most"
    if not place.strip():
        errors["place"] = "Enter where the visit will be"
    outside, days = outside_family_days(case, starts_at)
    if outside and not clash_reason.strip():
        errors["availability_clash_reason"] = (
            f"The family said these days suit them: {', '.join(days)}. "
            "Say why the visit cannot be on one of those days"
        )
    return outside


def _plan_errors(*, case: Case, worker: User, kind: str, purpose: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not case.is_open:
        errors["case"] = "This case is closed"
    if kind not in VisitKind.values:
        errors["kind"] = "Choose what kind of visit this is"
    if not (worker.is_active and worker.role in CASEWORK_ROLES):
        errors["worker"] = "Choose a worker who visits families"
    if not purpose.strip():
        errors["purpose_for_family"] = "Say why you are meeting, in words the family can read"
    return errors


@transaction.atomic
def visit_plan(
    *,
    case: Case,
    worker: User,
    kind: VisitKind | str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    purpose_for_family: str,
    by: User,
    what_to_bring: str = "",
    who_they_may_bring: str = "",
    availability_clash_reason: str = "",
) -> Visit:
    errors = _plan_errors(case=case, worker=worker, kind=kind, purpose=purpose_for_family)
    outside = _check_time(
        case=case,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        clash_reason=availability_clash_reason,
        errors=errors,
    )
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        case=case,
        worker=worker,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        purpose_for_family=purpose_for_family.strip(),
        what_to_bring=what_to_bring.strip(),
        who_they_may_bring=who_they_may_bring.strip(),
        outside_family_days=outside,
        availability_clash_reason=availability_clash_reason.strip() if outside else "",
        created_by=by,
        updated_by=by,
    )
    _entry(
        visit=visit,
        by=by,
        kind=Kind.NOTE,
        title=f"{visit.get_kind_display()} planned for {words.when_short(visit.starts_at)}",
        text=words.planned_note(visit),
        at=timezone.now(),
    )
    _tell_family(
        visit,
        purpose="visit_planned",
        subject=words.planned_subject(visit),
        body=words.planned(visit),
    )
    return visit


def _still_planned(visit: Visit) -> None:
    if not visit.is_planned:
        raise ValidationError(f"This visit is already recorded as {visit.get_outcome_display()}")


def _move(
    visit: Visit,
    *,
    to: tuple[datetime.datetime, datetime.datetime, str],
    asked_by: Side | str,
    reason: str,
    clash_reason: str,
    by: User,
    at: datetime.datetime,
) -> VisitMove:
    """Keep the move (who asked, why, from when), then put the visit at its new time."""
    starts_at, ends_at, place = to
    move = VisitMove.objects.create(
        visit=visit,
        moved_at=at,
        moved_by=by,
        asked_by=asked_by,
        reason=reason,
        from_starts_at=visit.starts_at,
        to_starts_at=starts_at,
        from_place=visit.place,
        to_place=place,
    )
    with pghistory.context(reason=f"Moved: {reason}"[:200]):
        visit.starts_at, visit.ends_at, visit.place = starts_at, ends_at, place
        visit.outside_family_days = bool(clash_reason)
        visit.availability_clash_reason = clash_reason
        visit.updated_by = by
        visit.updated_at = at
        visit.save()
    return move


@transaction.atomic
def visit_reschedule(
    *,
    visit: Visit,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    by_whom: Side | str,
    reason: str,
    by: User,
    place: str | None = None,
    availability_clash_reason: str = "",
) -> Visit:
    """Move a planned visit. The earlier time is kept in the move and the visit's history."""
    visit = (
        Visit.objects.select_for_update().select_related("case__child", "worker").get(pk=visit.pk)
    )
    _still_planned(visit)
    errors: dict[str, str] = {}
    if by_whom not in Side.values:
        errors["by_whom"] = "Choose who asked to move the visit"
    if not reason.strip():
        errors["reason"] = "Say why the visit is moving"
    new_place = visit.place if place is None else place
    outside = _check_time(
        case=visit.case,
        starts_at=starts_at,
        ends_at=ends_at,
        place=new_place,
        clash_reason=availability_clash_reason,
        errors=errors,
    )
    unchanged = (starts_at, ends_at, new_place.strip()) == (
        visit.starts_at,
        visit.ends_at,
        visit.place,
    )
    if unchanged:
        errors["starts_at"] = "Choose a new time or a new place"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    move = _move(
        visit,
        to=(starts_at, ends_at, new_place.strip()),
        asked_by=by_whom,
        reason=reason.strip(),
        clash_reason=availability_clash_reason.strip() if outside else "",
        by=by,
        at=now,
    )
    _entry(
        visit=visit,
        by=by,
        kind=Kind.NOTE,
        title=f"{visit.get_kind_display()} moved to {words.when_short(visit.starts_at)}",
        text=words.moved_note(visit, move),
        at=now,
    )
    _tell_family(
        visit,
        purpose="visit_moved",
        subject=words.moved_subject(visit),
        body=words.moved(visit, move),
    )
    return visit


@transaction.atomic
def visit_cancel(
    *,
    visit: Visit,
    by_whom: Side | str,
    reason: str,
    by: User,
    cancelled_at: datetime.datetime | None = None,
) -> Visit:
    """Cancel a planned visit. ``cancelled_at`` is when the other side was told (default now)."""
    visit = (
        Visit.objects.select_for_update().select_related("case__child", "worker").get(pk=visit.pk)
    )
    _still_planned(visit)
    errors: dict[str, str] = {}
    if by_whom not in Side.values:
        errors["by_whom"] = "Choose who cancelled the visit"
    if not reason.strip():
        errors["reason"] = "Say why the visit is cancelled"
    now = timezone.now()
    told_at = cancelled_at or now
    if told_at > now + FUTURE_GRACE:
        errors["cancelled_at"] = "When you were told cannot be in the future"
    if errors:
        raise ValidationError(errors)
    with pghistory.context(reason=f"Cancelled: {reason.strip()}"[:200]):
        visit.outcome = Outcome.CANCELLED
        visit.cancelled_by = by_whom
        visit.cancelled_at = told_at
        visit.cancel_reason = reason.strip()
        visit.recorded_at = now
        visit.recorded_by = by
        visit.updated_by = by
        visit.updated_at = now
        visit.save()
    _entry(
        visit=visit,
        by=by,
        kind=Kind.NOTE,
        title=words.cancelled_title(visit),
        text=words.cancelled_note(visit),
        at=now,
    )
    _tell_family(
        visit,
        purpose="visit_cancelled",
        subject=words.cancelled_subject(visit),
        body=words.cancelled(visit),
    )
    return visit


def _outcome_errors(
    *,
    visit: Visit,
    outcome: str,
    late_minutes: int | None,
    late_reason: str,
    late_caused_by: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if outcome not in (Outcome.ON_TIME, Outcome.LATE, Outcome.NO_ACCESS):
        errors["outcome"] = "Choose what happened"
    if visit.starts_at > timezone.now() + FUTURE_GRACE:
        errors["outcome"] = "You can record what happened once the visit has started"
    if outcome == Outcome.LATE:
        if not late_minutes or late_minutes < 1:
            errors["late_minutes"] = "Enter how many minutes late it started"
        elif late_minutes > 24 * 60:
            errors["late_minutes"] = "Enter a number of minutes up to 1440"
        if not late_reason.strip():
            errors["late_reason"] = "Say why it started late"
        if late_caused_by not in Side.values:
            errors["late_caused_by"] = "Choose who was late"
    return errors


@transaction.atomic
def visit_record_outcome(
    *,
    visit: Visit,
    outcome: Outcome | str,
    by: User,
    late_minutes: int | None = None,
    late_reason: str = "",
    late_caused_by: Side | str = "",
    note: str = "",
) -> Visit:
    """What happened: on time, late (how late, why, whose lateness) or nobody in."""
    visit = (
        Visit.objects.select_for_update().select_related("case__child", "worker").get(pk=visit.pk)
    )
    _still_planned(visit)
    if handover_pending(case=visit.case, worker=visit.worker):
        raise ValidationError(
            f"{visit.worker.full_name} has not yet read and acknowledged the handover pack "
            "for this case. They need to do that before this visit is recorded."
        )
    errors = _outcome_errors(
        visit=visit,
        outcome=outcome,
        late_minutes=late_minutes,
        late_reason=late_reason,
        late_caused_by=late_caused_by,
    )
    if errors:
        raise ValidationError(errors)
    is_late = outcome == Outcome.LATE
    now = timezone.now()
    with pghistory.context(reason="What happened recorded"):
        visit.outcome = outcome
        visit.late_minutes = late_minutes if is_late else None
        visit.late_reason = late_reason.strip() if is_late else ""
        visit.late_caused_by = late_caused_by if is_late else ""
        visit.outcome_note = note.strip()
        visit.recorded_at = now
        visit.recorded_by = by
        visit.updated_by = by
        visit.updated_at = now
        visit.save()
    happened = outcome != Outcome.NO_ACCESS
    _entry(
        visit=visit,
        by=by,
        kind=_CHRONOLOGY_KIND[VisitKind(visit.kind)] if happened else Kind.NOTE,
        title=words.outcome_title(visit),
        text=words.outcome_note(visit),
        at=visit.starts_at,
    )
    return visit
