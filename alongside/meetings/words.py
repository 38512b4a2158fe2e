"""What families are told about a meeting, in plain words, made from the meeting's kind.

Every family letter says what the meeting is for, who will be there, what will
happen, who they can bring (a supporter, an advocate, an interpreter: never a
child), how to complain, that complaining will not count against them, and the
names of the worker and the manager. Headings are questions, so each line ends
a sentence and the reading score counts the letter as it is read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from alongside.meetings.models import Invitation, InviteeKind, Meeting, MeetingKind
from alongside.visits.words import clock, day

WHAT_FOR: dict[str, str] = {
    MeetingKind.STRATEGY: (
        "Social workers, the police and health workers will talk about {child}. "
        "They want to check that {child} is safe. They will decide what to do next."
    ),
    MeetingKind.INITIAL_CONFERENCE: (
        "We will talk about how to keep {child} safe. "
        "The meeting decides if {child} needs a child protection plan."
    ),
    MeetingKind.REVIEW_CONFERENCE: (
        "We will check how the child protection plan for {child} is going. "
        "The meeting decides if the plan is still needed."
    ),
    MeetingKind.CORE_GROUP: (
        "A small group of your family and workers will meet. "
        "We will check the plan for {child} and what each of us will do next."
    ),
    MeetingKind.CIN_REVIEW: (
        "We will look at the child in need plan for {child} together. "
        "We will check what is going well and what needs to change."
    ),
    MeetingKind.FAMILY_GROUP_CONFERENCE: (
        "Your family and friends will make a plan for {child} together. "
        "It is your plan. We will help you with it."
    ),
    MeetingKind.PRE_PROCEEDINGS: (
        "We are very worried about {child}. We are thinking about going to court. "
        "At this meeting we will say what needs to change. We will say how we will help."
    ),
    MeetingKind.LOOKED_AFTER_REVIEW: (
        "{child} lives away from home. This meeting checks that {child} has the right care. "
        "It also checks the plan for what happens next."
    ),
}

WHAT_HAPPENS: dict[str, str] = {
    MeetingKind.STRATEGY: (
        "The workers share what they know. They write down what they decide. "
        "Your social worker will tell you what was decided."
    ),
    MeetingKind.INITIAL_CONFERENCE: (
        "A chair runs the meeting. The chair does not work with your family. "
        "Each person says what they know. You can say what you think. "
        "You will get our report before the meeting. At the end, the meeting decides what happens next."
    ),
    MeetingKind.REVIEW_CONFERENCE: (
        "A chair runs the meeting. The chair does not work with your family. "
        "Each person says how things have gone. You can say what you think. "
        "You will get our report before the meeting."
    ),
    MeetingKind.CORE_GROUP: (
        "We go through the plan one step at a time. You can say what is hard. "
        "We write down who will do what, and by when."
    ),
    MeetingKind.CIN_REVIEW: (
        "We go through the plan one step at a time. You can say what help you need. "
        "We write down who will do what, and by when."
    ),
    MeetingKind.FAMILY_GROUP_CONFERENCE: (
        "First, the workers say what they are worried about. Then you get time on your own "
        "as a family. No workers stay in the room. You make your plan. Then you tell us your plan."
    ),
    MeetingKind.PRE_PROCEEDINGS: (
        "You should bring a solicitor. A solicitor is free for you at this stage. "
        "We will talk about what needs to change. We will write down what we agree."
    ),
    MeetingKind.LOOKED_AFTER_REVIEW: (
        "A reviewing officer runs the meeting. They are not in your social worker's team. "
        "Each person says how things are going. {child} can have a say too."
    ),
}

ROLE_WORDS = {
    InviteeKind.SUPPORTER: "to support the family",
    InviteeKind.INTERPRETER: "interpreter",
}


@dataclass(frozen=True)
class Names:
    worker: str
    manager: str


def when(meeting: Meeting) -> str:
    return f"{day(meeting.starts_at)}, {clock(meeting.starts_at)}"


def who_line(invitation: Invitation) -> str:
    role = invitation.role or ROLE_WORDS.get(InviteeKind(invitation.invitee_kind), "")
    where = f" from {invitation.organisation}" if invitation.organisation else ""
    return f"- {invitation.display_name}{', ' + role if role else ''}{where}."


def family_letter(
    meeting: Meeting,
    invitation: Invitation,
    *,
    everyone: Sequence[Invitation],
    names: Names,
) -> str:
    """The letter for a family member or their supporter, in plain words."""
    child = meeting.case.child.preferred_name or meeting.case.child.first_names.split(" ")[0]
    first = (
        invitation.person.preferred_name or invitation.person.first_names.split(" ")[0]
        if invitation.person
        else invitation.name
    )
    kind = MeetingKind(meeting.kind)
    lines = [
        f"Dear {first},",
        f"We would like you to come to a meeting about {child}.",
        f"It is a {meeting.get_kind_display().lower()}.",
        f"When: {when(meeting)}.",
        f"Where: {meeting.place.rstrip('.')}.",
        "",
        "What is the meeting for?",
        WHAT_FOR[kind].format(child=child),
    ]
    if meeting.purpose.strip():
        lines.append(_sentence(meeting.purpose))
    lines += ["", "Who will be there?", f"- {names.worker}, your social worker."]
    lines += [who_line(i) for i in everyone if i.pk != invitation.pk]
    lines += ["", "What will happen?", WHAT_HAPPENS[kind].format(child=child)]
    lines += ["", "Who can you bring?", *_who_to_bring(invitation)]
    lines += [
        "",
        "What if you are not happy?",
        f"You can complain. Tell {names.worker} or {names.manager}.",
        "Or ask us how to make a complaint.",
        "Complaining will not count against you.",
        "It will not change the help your family gets.",
        "",
        f"Your social worker is {names.worker}.",
        f"Their manager is {names.manager}.",
    ]
    return "\n".join(lines)


def _who_to_bring(invitation: Invitation) -> list[str]:
    lines = [
        "You can bring someone to support you. This can be a friend or someone in your family.",
        "You can ask for an advocate. An advocate is on your side. They help you say what you think.",
    ]
    language = invitation.language.strip()
    if invitation.interpreter_needed or (language and language.lower() != "english"):
        lines.append(f"We will book an interpreter who speaks {language or 'your language'}.")
    else:
        lines.append("If you want an interpreter, tell us. We will book one for you.")
    lines.append("We will never ask a child to interpret.")
    return lines


def agency_letter(meeting: Meeting, invitation: Invitation, *, names: Names) -> str:
    """An invitation for an agency contact or an interpreter."""
    case = meeting.case
    return "\n".join(
        [
            f"Dear {invitation.name},",
            f"You are invited to a {meeting.get_kind_display().lower()} about "
            f"{case.child.display_name} ({case.reference}).",
            f"When: {when(meeting)}.",
            f"Where: {meeting.place.rstrip('.')}.",
            _sentence(meeting.purpose) if meeting.purpose.strip() else "",
            f"Please reply to {names.worker}, the allocated social worker.",
        ]
    ).replace("\n\n", "\n")


def subject(meeting: Meeting) -> str:
    return f"Invitation: {meeting.get_kind_display().lower()} on {day(meeting.starts_at)}"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text[-1:] in ".!?" else f"{text}."


# --- The conference report -------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    on: datetime.date
    text: str


def report_text(
    *,
    child: str,
    since: datetime.date,
    happened: Iterable[Line],
    family_words: Iterable[Line],
    child_words: str,
    ours: Iterable[Line],
    theirs: Iterable[Line],
    done: Iterable[Line],
) -> str:
    """The family's copy of the report, drafted from the record, for the worker to edit."""
    parts = [
        f"Report about {child} for the meeting.",
        f"This report covers the time since {since:%-d %B %Y}.",
        "",
        "What has happened?",
        *_dated(happened, "Nothing has been written down since then."),
        "",
        "What you told us.",
        *_dated(family_words, "You have not written anything in your own words since then."),
        "",
        f"What {child} told us.",
        child_words.strip() or f"We have not written down what {child} said yet.",
        "",
        "What the workers said they would do.",
        *_dated(ours, "There is nothing open for the workers."),
        "",
        "What the family said they would do.",
        *_dated(theirs, "There is nothing open for the family."),
        "",
        "What has been done.",
        *_dated(done, "Nothing has been finished since then."),
        "",
        "What we think now.",
        "[Write what you think now, and why. Use plain words.]",
    ]
    return "\n".join(parts)


def professionals_text(*, since: datetime.date, entries: Iterable[Line]) -> str:
    return "\n".join(
        [
            f"For professionals only: entries kept from the family since {since:%-d %B %Y}.",
            *_dated(entries, "There are none."),
        ]
    )


def _dated(lines: Iterable[Line], empty: str) -> list[str]:
    found = [f"- {line.on:%-d %B %Y}: {_sentence(line.text)}" for line in lines]
    return found or [empty]
