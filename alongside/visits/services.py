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
- ``visit_record``: a visit recorded in one go (see its docstring): what happened,
  who was seen, whether the child was seen alone, the note, what was agreed (each
  a commitment) and the next visit, with one chronology entry for the visit.
- ``visit_record_outcome``: on time, late (how late, why, whose lateness) or
  nobody in. A visit that happened goes on the chronology as kind "visit" (the
  statutory visit clocks count those); a call or a meeting as its own kind.
  Refused while the worker has not acknowledged the handover pack for the case.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.chronology.models import Audience, AuthorKind, Entry, Kind, WithheldReason
from alongside.messaging.services import message_send
from alongside.people.codes import Weekday
from alongside.plans.models import SourceKind
from alongside.plans.selectors import family_members
from alongside.plans.services import commitment_create_from_entry
from alongside.policy import CASEWORK_ROLES
from alongside.visits import words
from alongside.visits.models import Outcome, Side, Visit, VisitKind, VisitMove, VisitSeen
from alongside.visits.selectors import family_days, visit_recipients
from alongside.workforce.selectors import handover_pending

if TYPE_CHECKING:
    from alongside.accounts.models import User
    from alongside.cases.models import Case
    from alongside.people.models import Person

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
    *,
    visit: Visit,
    by: User,
    kind: Kind,
    title: str,
    text: str,
    at: datetime.datetime,
    audience: str = Audience.FAMILY,
    withheld_reason: str = "",
) -> Entry:
    """The change on the case's chronology: recorded once, seen by the family unless withheld."""
    return Entry.objects.create(
        case=visit.case,
        kind=kind,
        occurred_at=at,
        author_kind=AuthorKind.STAFF,
        author_user=by,
        audience=audience,
        withheld_reason=withheld_reason,
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


def _save_outcome(
    visit: Visit,
    *,
    outcome: Outcome | str,
    by: User,
    late_minutes: int | None,
    late_reason: str,
    late_caused_by: Side | str,
    note: str,
) -> Visit:
    """Check and write what happened on a locked, still-planned visit (no chronology entry)."""
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
    return visit


def _outcome_kind(visit: Visit) -> Kind:
    if visit.outcome == Outcome.NO_ACCESS:
        return Kind.NOTE
    return _CHRONOLOGY_KIND[VisitKind(visit.kind)]


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
    _save_outcome(
        visit,
        outcome=outcome,
        by=by,
        late_minutes=late_minutes,
        late_reason=late_reason,
        late_caused_by=late_caused_by,
        note=note,
    )
    _entry(
        visit=visit,
        by=by,
        kind=_outcome_kind(visit),
        title=words.outcome_title(visit),
        text=words.outcome_note(visit),
        at=visit.starts_at,
    )
    return visit


@dataclass(frozen=True)
class Agreed:
    """One thing agreed at a visit: what, whose job (a worker or a family member), by when."""

    title: str
    due_on: datetime.date
    owner_user: User | None = None
    owner_person: Person | None = None


@dataclass(frozen=True)
class NextVisit:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    purpose_for_family: str
    availability_clash_reason: str = ""


def _unplanned_visit(*, case: Case, by: User, happened_at: datetime.datetime | None) -> Visit:
    """A visit nobody planned ahead, made so its outcome can be recorded. Never a promise."""
    errors: dict[str, str] = {}
    if not case.is_open:
        errors["case"] = "This case is closed"
    if not (by.is_active and by.role in CASEWORK_ROLES):
        errors["worker"] = "Only a worker who visits families can record a visit"
    if happened_at is None:
        errors["happened_at"] = "Enter when the visit happened"
    elif happened_at > timezone.now() + FUTURE_GRACE:
        errors["happened_at"] = "The visit must have happened already: enter a time in the past"
    if errors:
        raise ValidationError(errors)
    assert happened_at is not None
    child = case.child
    lines = [*child.address.splitlines(), child.postcode]
    place = ", ".join(line.strip() for line in lines if line.strip()) or "The family home"
    return Visit.objects.create(
        case=case,
        worker=by,
        kind=VisitKind.HOME_VISIT,
        starts_at=happened_at,
        ends_at=happened_at + datetime.timedelta(hours=1),
        place=place,
        purpose_for_family=words.UNPLANNED_PURPOSE,
        unplanned=True,
        created_by=by,
        updated_by=by,
    )


def _seen_errors(
    visit: Visit,
    *,
    outcome: str,
    seen: Sequence[Person],
    seen_others: str,
    child_seen_alone: bool | None,
    note: str,
) -> tuple[dict[str, str], dict[int, str]]:
    """Who was seen must come from the child's network; seen alone is asked when the child was."""
    errors: dict[str, str] = {}
    network = {m.person.pk: m for m in family_members(visit.case)}
    if outcome == Outcome.NO_ACCESS:
        if seen or seen_others.strip() or child_seen_alone is not None:
            errors["seen"] = "Nobody was in, so nobody can have been seen"
        return errors, {}
    if not seen and not seen_others.strip():
        errors["seen"] = "Tick who you saw, or say who under someone else"
    if any(person.pk not in network for person in seen):
        errors["seen"] = "Choose people from the child's network"
    child = visit.case.child
    child_seen = any(person.pk == child.pk for person in seen)
    if child_seen and child_seen_alone is None:
        errors["child_seen_alone"] = f"Say whether {child.display_name} was seen alone"
    if not child_seen and child_seen_alone:
        errors["child_seen_alone"] = (
            f"You did not tick {child.display_name} as seen, so they were not seen alone"
        )
    if not note.strip():
        errors["note"] = "Say what you talked about"
    labels = {
        pk: m.person.display_name if pk == child.pk else f"{m.person.display_name} ({m.relation})"
        for pk, m in network.items()
    }
    return errors, labels


def _audience_errors(audience: str, withheld_reason: str) -> dict[str, str]:
    if audience not in Audience.values:
        return {"audience": "Choose who can read this"}
    if audience != Audience.FAMILY and withheld_reason not in WithheldReason.values:
        return {"withheld_reason": "Choose why the family cannot read this"}
    return {}


def _keyed(error: ValidationError, prefix: str) -> ValidationError:
    """A nested service's error, its keys prefixed with the part of the record it came from."""
    if not hasattr(error, "error_dict"):
        return ValidationError({f"{prefix}case": error.messages})
    return ValidationError({f"{prefix}{k}": v for k, v in error.error_dict.items()})


def _plan_next(visit: Visit, next_visit: NextVisit, by: User) -> Visit:
    worker = visit.worker if visit.worker.is_active else by
    try:
        return visit_plan(
            case=visit.case,
            worker=worker,
            kind=visit.kind,
            starts_at=next_visit.starts_at,
            ends_at=next_visit.ends_at,
            place=next_visit.place,
            purpose_for_family=next_visit.purpose_for_family,
            availability_clash_reason=next_visit.availability_clash_reason,
            by=by,
        )
    except ValidationError as error:
        raise _keyed(error, "next_") from error


def _agreed_line(item: Agreed) -> str:
    owner = item.owner_user.full_name if item.owner_user else ""
    if item.owner_person is not None:
        owner = item.owner_person.display_name
    return f"{item.title.strip()} ({owner}, by {item.due_on.day} {item.due_on:%B %Y})"


@transaction.atomic
def visit_record(
    *,
    case: Case,
    by: User,
    visit: Visit | None = None,
    happened_at: datetime.datetime | None = None,
    outcome: Outcome | str = Outcome.ON_TIME,
    late_minutes: int | None = None,
    late_reason: str = "",
    late_caused_by: Side | str = "",
    seen: Sequence[Person] = (),
    seen_others: str = "",
    child_seen_alone: bool | None = None,
    note: str = "",
    agreed: Sequence[Agreed] = (),
    next_visit: NextVisit | None = None,
    audience: str = Audience.FAMILY,
    withheld_reason: str = "",
) -> Visit:
    """A visit recorded in one go, all or nothing.

    The planned ``visit`` (or, with none, an unplanned one made at ``happened_at``, which
    the reliability figures leave out) gets its outcome under the same rules as
    ``visit_record_outcome``, the handover block included; who was seen and whether
    the child was seen alone are kept as data; each thing agreed becomes a commitment
    from the visit's entry; the next visit is planned through ``visit_plan`` (so the
    family is told); and ONE chronology entry holds the note, who was seen, what was
    agreed and the next visit. Any error undoes the lot.
    """
    if visit is None:
        visit = _unplanned_visit(case=case, by=by, happened_at=happened_at)
    else:
        visit = (
            Visit.objects.select_for_update(of=("self",))
            .select_related("case__child", "case__team", "worker")
            .get(pk=visit.pk)
        )
        if visit.case_id != case.pk:
            raise ValidationError({"visit": "That visit is not on this case"})
    errors, labels = _seen_errors(
        visit,
        outcome=outcome,
        seen=seen,
        seen_others=seen_others,
        child_seen_alone=child_seen_alone,
        note=note,
    )
    errors |= _audience_errors(audience, withheld_reason)
    if errors:
        raise ValidationError(errors)
    visit.seen_others = seen_others.strip()
    visit.child_seen_alone = child_seen_alone if case.child in seen else None
    _save_outcome(
        visit,
        outcome=outcome,
        by=by,
        late_minutes=late_minutes,
        late_reason=late_reason,
        late_caused_by=late_caused_by,
        note=note,
    )
    VisitSeen.objects.bulk_create(VisitSeen(visit=visit, person=person) for person in seen)
    planned = _plan_next(visit, next_visit, by) if next_visit is not None else None
    seen_words = [labels[person.pk] for person in seen]
    if visit.seen_others:
        seen_words.append(visit.seen_others)
    entry = _entry(
        visit=visit,
        by=by,
        kind=_outcome_kind(visit),
        title=words.outcome_title(visit),
        text=words.record_note(
            visit, seen=seen_words, agreed=[_agreed_line(a) for a in agreed], next_visit=planned
        ),
        at=visit.starts_at,
        audience=audience,
        withheld_reason=withheld_reason if audience != Audience.FAMILY else "",
    )
    for number, item in enumerate(agreed, start=1):
        try:
            commitment_create_from_entry(
                entry=entry,
                by=by,
                title=item.title,
                due_on=item.due_on,
                owner_user=item.owner_user,
                owner_person=item.owner_person,
                source=SourceKind.VISIT,
            )
        except ValidationError as error:
            raise _keyed(error, f"agreed_{number}_") from error
    return visit
