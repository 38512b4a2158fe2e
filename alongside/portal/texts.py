"""The portal's fixed words: where a family is in the process, and who has looked, said plainly.

Short sentences, one idea each, no initials. Terms of art are kept, because the
family meets them in letters and meetings, and each page links them to the glossary.
"""

from __future__ import annotations

import datetime
from typing import Any

from alongside.accounts.models import Role
from alongside.cases.models import Stage

# How and when a family can reach their worker.
WORKER_HOURS = "Monday to Friday, 9am to 5pm. Not on bank holidays."

STAGE_WORDS = {
    Stage.REFERRAL: (
        "Someone told us they are worried about {child}, or your family asked us for help. "
        "This is called a referral. We will decide what to do next. We try to decide "
        "within one working day."
    ),
    Stage.EARLY_HELP: (
        "Your family is getting early help. It is your choice to have it. "
        "You can say no or stop at any time."
    ),
    Stage.ASSESSMENT: (
        "We are doing a child and family assessment. A social worker gets to know your "
        "family. They find out what help you need. It should take no more than 45 working days."
    ),
    Stage.CHILD_IN_NEED: (
        "{child} has a child in need plan. It says what help your family will get. "
        "You agree it with your worker. We meet to check how it is going."
    ),
    Stage.CHILD_PROTECTION: (
        "{child} has a child protection plan. It says what everyone will do to keep {child} "
        "safe. A core group meets often to help the plan work. A meeting called a review "
        "child protection conference checks the plan."
    ),
    Stage.LOOKED_AFTER: (
        "{child} is looked after. This means {child} lives away from home, and the council "
        "shares the care of {child}. A meeting checks that things are going well."
    ),
    Stage.CLOSED: "We are not working with {child} now. You can still read what we wrote.",
}

ROLE_WORDS = {
    Role.SOCIAL_WORKER: "A social worker",
    Role.FAMILY_SUPPORT_WORKER: "A family support worker",
    Role.TEAM_MANAGER: "A team manager",
    Role.FRONT_DOOR: "A worker who takes new calls about children",
    Role.CHAIR: "A person who runs meetings about children",
    Role.FGC_COORDINATOR: "A family group conference worker",
    Role.DATA_TEAM: "Someone from the data team",
    Role.ADMIN: "Someone who runs the computer system",
}


def stage_words(stage: str, child: str) -> str:
    return STAGE_WORDS.get(Stage(stage), STAGE_WORDS[Stage.REFERRAL]).format(child=child)


def initials(name: str) -> str:
    """Kim Day -> KD; the first and last names' first letters."""
    words = [w for w in name.split() if w[:1].isalpha()]
    if not words:
        return ""
    first, last = words[0], words[-1]
    return (first[0] + (last[0] if len(words) > 1 else "")).upper()


def _day(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def looked_sentence(row: dict[str, Any]) -> str:
    """One row of the family's "who has looked" page, as a sentence."""
    if row["user__role"] == Role.SUPPORTER:
        who = f"Your supporter, {row['user__full_name']},"
    else:
        who = ROLE_WORDS.get(row["user__role"], "A worker")
        if row["user__team__name"]:
            who += f" from {row['user__team__name']}"
    sentence = f"{who} looked at the record on {_day(row['day'])}."
    if row["times"] > 1:
        sentence += f" They opened {row['times']} pages."
    if row["changes"]:
        sentence += " They added to it or changed it."
    return sentence
