"""What we tell a family about their worker, in plain words and in the format they asked for.

Easy read: one idea to a line, short sentences. Other formats are named in the
message with how to get it that way, because a text or an email cannot be large
print or read aloud by itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alongside.people.codes import Format


@dataclass(frozen=True)
class Introduction:
    """Everything the family is told about a new worker."""

    child: str
    worker: str
    job: str
    team: str
    phone: str
    email: str
    handed_over: bool
    promises: int
    wishes_unmet: Sequence[str]
    against_preference_reason: str


def _reach(intro: Introduction) -> list[str]:
    ways = []
    if intro.phone:
        ways.append(f"You can phone {intro.worker} on {intro.phone}.")
    if intro.email:
        ways.append(f"You can email {intro.worker} at {intro.email}.")
    return ways or [f"Ask the {intro.team} office for {intro.worker}."]


def _format_note(formats: Sequence[str], language: str) -> list[str]:
    notes = []
    if Format.EASY_READ in formats:
        notes.append("You told us you like easy read. So this message uses short sentences.")
    if Format.LARGE_PRINT in formats:
        notes.append("You told us you like large print. Ask us for this in large print.")
    if Format.AUDIO in formats:
        notes.append("You told us you like things read out. Ask us to read this to you.")
    if Format.OWN_LANGUAGE in formats and language and language.lower() != "english":
        notes.append(f"You told us you like things in {language}. Ask us for this in {language}.")
    return notes


def introduction_lines(intro: Introduction) -> list[str]:
    """The introduction as the chronology keeps it: plain words, no greeting."""
    if intro.handed_over:
        opening = f"{intro.child} has a new worker. Their name is {intro.worker}."
    else:
        opening = f"{intro.child} has a worker now. Their name is {intro.worker}."
    lines = [opening, f"Their job: {intro.job}, in {intro.team}.", *_reach(intro)]
    if intro.handed_over:
        given = ["what you told us in your own words", "the people who matter to you", "the plan"]
        if intro.promises:
            things = "thing" if intro.promises == 1 else "things"
            given.append(f"the {intro.promises} {things} we said we would do")
        lines.append(
            f"We gave {intro.worker} {', '.join(given[:-1])} and {given[-1]}. "
            "You do not have to tell your story again."
        )
    if intro.wishes_unmet:
        lines.append(
            f"Your family asked for {' and '.join(intro.wishes_unmet)}. "
            "We could not do that this time. "
            f"This is why: {intro.against_preference_reason}"
        )
    lines.append("You can ask for a different worker at any time. It will not count against you.")
    return lines


def introduction_easy_read(intro: Introduction) -> list[str]:
    lines = [
        f"{intro.child} has a new worker." if intro.handed_over else f"{intro.child} has a worker.",
        f"The worker is called {intro.worker}.",
        f"Their job: {intro.job}.",
        *_reach(intro),
    ]
    if intro.handed_over:
        lines += [f"We told {intro.worker} about your family.", "You do not need to say it again."]
    if intro.wishes_unmet:
        lines += [
            f"Your family asked for {' and '.join(intro.wishes_unmet)}.",
            "We could not do that this time.",
            f"This is why: {intro.against_preference_reason}",
        ]
    lines.append("You can ask for a different worker.")
    return lines


def introduction_message(
    intro: Introduction, *, name: str, formats: Sequence[str], language: str
) -> tuple[str, str]:
    """The subject and body of the message to one family member, in their format."""
    easy = Format.EASY_READ in formats
    lines = introduction_easy_read(intro) if easy else introduction_lines(intro)
    body = [f"Hello {name}.", *lines, *_format_note(formats, language)]
    subject = f"{intro.child}'s new worker is {intro.worker}"
    return subject, "\n\n".join(body)


def change_answer_message(
    *,
    name: str,
    child: str,
    agreed: bool,
    explanation: str,
    formats: Sequence[str],
    language: str,
) -> tuple[str, str]:
    """Our answer to a family who asked for a different worker."""
    if agreed:
        lines = [
            f"You asked for a different worker for {child}.",
            "We said yes.",
            explanation,
            "We will tell you who the new worker is.",
        ]
    else:
        lines = [
            f"You asked for a different worker for {child}.",
            "We said no.",
            f"This is why: {explanation}",
            "If you are not happy with this, you can complain.",
            "Asking will not count against you.",
        ]
    body = [f"Hello {name}.", *lines, *_format_note(formats, language)]
    return f"Your question about {child}'s worker", "\n\n".join(body)


def change_request_notice(*, reference: str, due: str) -> tuple[str, str]:
    """To the team's managers: a request is waiting, with its reply date."""
    return (
        f"A family asked for a different worker on case {reference}",
        f"A different worker has been asked for on case {reference}. "
        f"Please answer by {due}. You will find it under Change of worker requests.",
    )
