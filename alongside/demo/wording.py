"""Small helpers for the demo's invented words: age-band tags and filling templates.

A sentence may start with a tag that says which children it suits, by their age on
the day: "unborn:", "young:" (under 4), "school:" (4 and over) or "teen:" (11 and
over). Sentences without a tag suit anyone.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

TAGS = {
    "unborn": frozenset({"", "unborn"}),
    "young": frozenset({"", "young"}),
    "school": frozenset({"", "school"}),
    "teen": frozenset({"", "school", "teen"}),
}
_BANDED: dict[tuple[int, str], list[str]] = {}


def capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def split_tag(sentence: str) -> tuple[str, str]:
    """("school", "I saw ...") for "school:I saw ..."; ("", sentence) when untagged."""
    tag, _, rest = sentence.partition(":")
    return (tag, rest) if tag in TAGS else ("", sentence)


def for_band(pool: Sequence[str], band: str) -> list[str]:
    """The sentences in a pool that suit a child of this age band, without their tags.

    Remembered by the pool's identity, so pools must be module-level constants.
    """
    key = (id(pool), band)
    found = _BANDED.get(key)
    if found is None:
        tagged = [split_tag(sentence) for sentence in pool]
        found = [text for tag, text in tagged if tag in TAGS[band]]
        _BANDED[key] = found
    return found


def band_on(born: datetime.date | None, day: datetime.date) -> str:
    """The age band of a child on a day: unborn, young (under 4), school or teen (11+)."""
    if born is None or born > day:
        return "unborn"
    age = (day - born).days // 365
    return "young" if age < 4 else "school" if age < 11 else "teen"
