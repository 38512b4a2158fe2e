"""What a family is told about a visit, and what goes on the chronology: plain words.

Short sentences, one idea each, no initials, written to be read at about age 9.
Every message says when, where, who, why, what to bring and who they can bring.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from alongside.visits.models import Outcome, Side, Visit, VisitKind, VisitMove

SHORT_NOTICE_HOURS = 24
DEFAULT_WHO_TO_BRING = (
    "You can have someone with you for support, like a friend or someone from your family."
)
NOTHING_TO_BRING = "You do not need to bring anything."
SIDE_WORDS = {
    Side.WORKER: "the worker",
    Side.FAMILY: "the family",
    Side.OTHER: "something else",
}


def clock(moment: datetime.datetime) -> str:
    """10am, 2:30pm, midday: the GOV.UK way of writing times."""
    local = timezone.localtime(moment)
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    if (local.hour, local.minute) == (0, 0):
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{suffix}"


def day(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%A %-d %B %Y}"


def when(visit: Visit) -> str:
    """Tuesday 3 March 2026, 10am to 11am."""
    return f"{day(visit.starts_at)}, {clock(visit.starts_at)} to {clock(visit.ends_at)}"


def when_short(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}, {clock(moment)}"


def who(visit: Visit) -> str:
    worker = visit.worker
    title = worker.job_title or worker.get_role_display().lower()
    team = visit.case.team.name if visit.case.team_id and visit.case.team else ""
    return ", ".join(part for part in (worker.full_name, title, team) if part)


def headline(visit: Visit) -> str:
    name = visit.worker.full_name
    return {
        VisitKind.HOME_VISIT: f"{name} is coming to see you at home.",
        VisitKind.OFFICE: f"You have an appointment with {name}.",
        VisitKind.CALL: f"{name} will call you.",
        VisitKind.MEETING: f"You are invited to a meeting with {name}.",
    }[VisitKind(visit.kind)]


def _details(visit: Visit, *, why: str = "Why") -> list[str]:
    contact = visit.worker.contact_phone
    lines = [
        f"When: {when(visit)}",
        f"Where: {visit.place}",
        f"Who: {who(visit)}",
        f"{why}: {visit.purpose_for_family}",
        f"What to bring: {visit.what_to_bring or NOTHING_TO_BRING}",
        f"Who you can bring: {visit.who_they_may_bring or DEFAULT_WHO_TO_BRING}",
    ]
    ask = f"If this time is hard for you, tell {visit.worker.full_name}"
    lines += [
        "",
        f"{ask} on {contact}." if contact else f"{ask}.",
        "We will find a time that works.",
    ]
    return lines


def greeting(name: str, body: str) -> str:
    return f"Hello {name},\n\n{body}" if name else f"Hello,\n\n{body}"


def planned_subject(visit: Visit) -> str:
    return f"{visit.get_kind_display()} on {day(visit.starts_at)} at {clock(visit.starts_at)}"


def planned(visit: Visit) -> str:
    return "\n".join([headline(visit), "", *_details(visit)])


def moved_subject(visit: Visit) -> str:
    return f"Your {visit.get_kind_display().lower()} has moved to {day(visit.starts_at)}"


def moved(visit: Visit, move: VisitMove) -> str:
    sorry = ["We are sorry for the change."] if move.asked_by == Side.WORKER else []
    lines = [
        f"Your {visit.get_kind_display().lower()} with {visit.worker.full_name} has moved.",
        *sorry,
        "",
        f"It was going to be: {day(move.from_starts_at)}, {clock(move.from_starts_at)}",
        f"Why it moved: {move.reason}",
        "",
        *_details(visit, why="Why we are meeting"),
    ]
    return "\n".join(lines)


def notice_words(notice: datetime.timedelta | None) -> str:
    """How much warning was given, in words: '3 hours (short notice)'."""
    if notice is None:
        return "not known"
    seconds = notice.total_seconds()
    if seconds <= 0:
        return "none: it was after the time it was due to start"
    hours = seconds / 3600
    if hours < 1:
        amount = f"{max(1, int(seconds // 60))} minutes"
    elif hours < 48:
        amount = f"{int(hours)} hour{'s' if int(hours) != 1 else ''}"
    else:
        amount = f"{int(hours // 24)} days"
    short = " (less than 24 hours)" if hours < SHORT_NOTICE_HOURS else ""
    return amount + short


def cancelled_subject(visit: Visit) -> str:
    return f"Your {visit.get_kind_display().lower()} on {day(visit.starts_at)} is cancelled"


def cancelled(visit: Visit) -> str:
    kind = visit.get_kind_display().lower()
    name = visit.worker.full_name
    at = f"{day(visit.starts_at)} at {clock(visit.starts_at)}"
    opening = {
        Side.WORKER: [f"{name} has cancelled your {kind} on {at}.", "We are sorry."],
        Side.FAMILY: [f"Your {kind} with {name} on {at} is cancelled, as you asked."],
        Side.OTHER: [f"Your {kind} with {name} on {at} is cancelled."],
    }[Side(visit.cancelled_by)]
    thanks = ["Thank you for telling us."] if visit.cancelled_by == Side.FAMILY else []
    return "\n".join(
        [
            *opening,
            "",
            f"Why: {visit.cancel_reason}",
            "",
            *thanks,
            f"{visit.worker.full_name} will get in touch to find a new time.",
        ]
    )


def planned_note(visit: Visit) -> str:
    lines = [
        f"When: {when(visit)}",
        f"Where: {visit.place}",
        f"Who: {who(visit)}",
        f"Why: {visit.purpose_for_family}",
        f"What to bring: {visit.what_to_bring or NOTHING_TO_BRING}",
        f"Who they can bring: {visit.who_they_may_bring or DEFAULT_WHO_TO_BRING}",
    ]
    if visit.outside_family_days:
        lines += [
            "",
            "This is on a day the family did not say suits them.",
            f"Why: {visit.availability_clash_reason}",
        ]
    lines += ["", "The family has been told."]
    return "\n".join(lines)


def moved_note(visit: Visit, move: VisitMove) -> str:
    lines = [
        f"Moved from {when_short(move.from_starts_at)} to {when(visit)}.",
        f"Where: {visit.place}",
        f"Asked for by: {SIDE_WORDS[Side(move.asked_by)]}",
        f"Why: {move.reason}",
        f"Notice given: {notice_words(move.notice)}",
    ]
    if visit.outside_family_days:
        lines += [
            "This is on a day the family did not say suits them.",
            f"Why: {visit.availability_clash_reason}",
        ]
    lines += ["", "The family has been told."]
    return "\n".join(lines)


def cancelled_title(visit: Visit) -> str:
    kind = visit.get_kind_display()
    return f"{kind} on {when_short(visit.starts_at)} cancelled by {SIDE_WORDS[Side(visit.cancelled_by)]}"


def cancelled_note(visit: Visit) -> str:
    return "\n".join(
        [
            f"Cancelled by: {SIDE_WORDS[Side(visit.cancelled_by)]}",
            f"Why: {visit.cancel_reason}",
            f"Notice given: {notice_words(visit.notice)}",
            "",
            "The family has been told.",
        ]
    )


def outcome_title(visit: Visit) -> str:
    kind = visit.get_kind_display()
    name = visit.worker.full_name
    if visit.outcome == Outcome.LATE:
        return f"{kind} with {name}: started {visit.late_minutes} minutes late"
    if visit.outcome == Outcome.NO_ACCESS:
        return f"{kind}: nobody was in when {name} came"
    return f"{kind} with {name}"


def outcome_note(visit: Visit) -> str:
    if visit.outcome == Outcome.LATE:
        lines = [
            f"It started {visit.late_minutes} minutes late.",
            f"Late because of: {SIDE_WORDS[Side(visit.late_caused_by)]}",
            f"Why: {visit.late_reason}",
        ]
    elif visit.outcome == Outcome.NO_ACCESS and visit.kind == VisitKind.CALL:
        lines = [f"{visit.worker.full_name} called, but could not reach the family."]
    elif visit.outcome == Outcome.NO_ACCESS:
        lines = [f"{visit.worker.full_name} came, but could not see the family."]
    else:
        lines = ["It happened on time."]
    if visit.outcome_note:
        lines += ["", visit.outcome_note]
    return "\n".join(lines)


UNPLANNED_PURPOSE = "A visit that was not planned ahead."


def next_purpose(child_name: str) -> str:
    """What the next visit is for, unless the worker says otherwise."""
    return f"To see how {child_name} and the family are getting on. We will look at what we agreed."


def names(people: list[str]) -> str:
    """Sam, Aisha and Dev."""
    if len(people) < 2:
        return "".join(people)
    return f"{', '.join(people[:-1])} and {people[-1]}"


def record_note(
    visit: Visit,
    *,
    seen: list[str],
    agreed: list[str],
    next_visit: Visit | None,
) -> str:
    """The visit on the chronology, in one entry: what happened, then who was seen, whether
    the child was seen alone, what was agreed and the next visit, in words the family reads."""
    lines = [outcome_note(visit)]
    if visit.outcome != Outcome.NO_ACCESS:
        lines += ["", f"Seen: {names(seen) or 'nobody'}."]
        if visit.child_seen_alone is not None:
            lines.append(f"Seen alone: {'yes' if visit.child_seen_alone else 'no'}.")
    if agreed:
        lines += ["", "We agreed:", *(f"- {item}" for item in agreed)]
    if next_visit is not None:
        lines += ["", f"Next visit: {when(next_visit)}, at {next_visit.place}."]
    else:
        lines += ["", "Next visit: not planned yet."]
    return "\n".join(lines)
