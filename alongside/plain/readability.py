"""Reading checks for anything a family will read.

GOV.UK aims for a reading age of 9: a Flesch-Kincaid grade of about 4.
Terms of art are allowed only where the glossary explains them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

from alongside.plain.glossary import Term, all_spellings

TARGET_GRADE = 4.0

# Initialisms and words that must never reach a family unexplained.
JARGON = (
    "CIN",
    "CP",
    "CPP",
    "ICPC",
    "RCPC",
    "LAC",
    "CLA",
    "CSC",
    "MASH",
    "LADO",
    "IRO",
    "PLO",
    "LBP",
    "FGC",
    "s47",
    "s17",
    "section 17",
    "NFA",
    "TAF",
    "EHA",
    "CAF",
    "SW",
    "FSW",
    "threshold",
    "safeguarding",
    "multi-agency",
    "statutory",
    "disguised compliance",
)


@dataclass(frozen=True)
class Reading:
    grade: float
    reading_age: float
    terms: list[Term]
    unexplained: list[str]

    @property
    def plain_enough(self) -> bool:
        return self.grade <= TARGET_GRADE and not self.unexplained


def reading_grade(text: str) -> float:
    cleaned = " ".join(text.split())
    if not cleaned:
        return 0.0
    return float(textstat.flesch_kincaid_grade(cleaned))


def terms_in(text: str) -> list[Term]:
    """Glossary terms that appear in the text, each once, in glossary order."""
    found: dict[str, Term] = {}
    lowered = text.lower()
    for spelling, term in all_spellings():
        if re.search(rf"(?<![\w-]){re.escape(spelling.lower())}(?![\w-])", lowered):
            found.setdefault(term.slug, term)
    return list(found.values())


def unexplained_jargon(text: str, *, explained: set[str] | None = None) -> list[str]:
    """Jargon in the text that the glossary does not explain (or that the page does not link)."""
    explained_spellings = {
        s.lower() for s, t in all_spellings() if explained is None or t.slug in explained
    }
    hits = []
    for word in JARGON:
        pattern = rf"(?<![\w-]){re.escape(word)}(?![\w-])"
        flags = 0 if word.isupper() else re.IGNORECASE
        if re.search(pattern, text, flags) and word.lower() not in explained_spellings:
            hits.append(word)
    return hits


def read(text: str) -> Reading:
    grade = reading_grade(text)
    return Reading(
        grade=grade,
        reading_age=grade + 5,
        terms=terms_in(text),
        unexplained=unexplained_jargon(text),
    )
