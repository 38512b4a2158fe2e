"""An easy-read draft of a letter or report, for the worker to edit before it is shared.

Easy read, as CHANGE and Photosymbols set it out: everyday words, one idea a
line, sentences of about 15 words or fewer, a few lines to a part, a picture
beside each line. This module writes the first draft: each sentence on its own
line, long sentences split where they join two ideas, and every term of art
swapped for everyday words (or, for a term with no swap yet, explained on the
next line). Headings stay headings. The pages and the PDF leave a space for a
picture beside every line; a line starting "[picture: ...]" says which picture.
"""

from __future__ import annotations

import re

from alongside.documents.structure import is_heading, parts
from alongside.plain.glossary import Term, all_spellings

MOST_WORDS = 15

# Everyday words for each term of art, by glossary slug.
SWAPS: dict[str, str] = {
    "referral": "request for help",
    "assessment": "time getting to know your family",
    "strategy-discussion": "talk between workers about keeping a child safe",
    "section-47": "check on whether a child is safe",
    "icpc": "first meeting about keeping a child safe",
    "review-conference": "meeting to check the plan to keep a child safe",
    "child-protection-plan": "plan to keep a child safe",
    "core-group": "small group of family and workers",
    "child-in-need-plan": "plan for the help your family gets",
    "early-help": "help early on",
    "pre-proceedings": "stage before court",
    "letter-before-proceedings": "letter saying we may go to court",
    "family-group-conference": "family meeting to make a plan",
    "looked-after": "living away from home in our care",
    "advocate": "helper on your side",
    "subject-access": "request to see your records",
    "parental-responsibility": "right to make choices for a child",
    "chronology": "list of what happened",
    "break-glass": "emergency look at your record",
}
# Some spellings of a term mean something else on their own.
SPELLING_SWAPS: dict[str, str] = {"child in need": "child who needs help"}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9])")
_JOINS = (", and ", ", but ", ", so ", "; ", " because ", " and ", " but ")
_DATED = re.compile(r"^(\d{1,2} [A-Z][a-z]+ \d{4}):\s*(.*)$")


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?:]" else f"{text}."


def _pattern() -> re.Pattern[str]:
    spellings = "|".join(re.escape(s) for s, _ in all_spellings())
    return re.compile(rf"(?<![\w-])({spellings})(?![\w-])", re.IGNORECASE)


def swap_terms(text: str) -> tuple[str, list[Term]]:
    """Swap each term of art for everyday words; return the terms that have no swap."""
    by_spelling = {s.lower(): t for s, t in all_spellings()}
    unexplained: list[Term] = []

    def replace(match: re.Match[str]) -> str:
        found = match.group(1)
        term = by_spelling[found.lower()]
        plain = SPELLING_SWAPS.get(found.lower()) or SWAPS.get(term.slug)
        if plain is None:
            if term not in unexplained:
                unexplained.append(term)
            return found
        return plain[0].upper() + plain[1:] if found[0].isupper() else plain

    return _pattern().sub(replace, text), unexplained


def _split_long(sentence: str) -> list[str]:
    """Split a sentence of more than MOST_WORDS words where it joins two ideas."""
    if len(sentence.split()) <= MOST_WORDS:
        return [sentence]
    for join in _JOINS:
        at = sentence.find(join)
        if at > 0:
            first = _sentence(sentence[:at])
            rest = _sentence(sentence[at + len(join) :])
            if first and rest and len(first.split()) >= 3:
                return _split_long(first) + _split_long(rest)
    return [sentence]


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in _SENTENCE_END.split(" ".join(text.split())):
        sentence = _sentence(piece)
        if sentence:
            out.extend(_split_long(sentence))
    return out


def _lines_for(raw: str) -> list[str]:
    text = raw.strip()
    if text.startswith("- "):
        text = text[2:]
    if text.startswith("[") and text.endswith("]"):
        return [text]  # a note for the worker, such as "[Write what you think now...]"
    dated = _DATED.match(text)
    if dated:
        said = sentences(dated.group(2))
        return [f"On {dated.group(1)}:"] + said
    return sentences(text)


def easy_read(text: str) -> str:
    """The first easy-read draft of a letter or report."""
    swapped, unexplained = swap_terms(text)
    out: list[str] = []
    for number, part in enumerate(parts(swapped)):
        if out:
            out.append("")
        lines = list(part)
        if number > 0 and is_heading(lines):
            out.append(lines.pop(0).strip())
        for raw in lines:
            out.extend(_lines_for(raw))
    for term in unexplained:
        out += ["", f"What does {term.term} mean?", *sentences(term.plain)]
    return "\n".join(out)


def long_lines(text: str) -> list[str]:
    """Lines of an easy-read text with more than MOST_WORDS words, for the worker to shorten."""
    return [
        line.strip()
        for line in text.splitlines()
        if len(re.sub(r"^\[picture:[^\]]*\]", "", line.strip()).split()) > MOST_WORDS
    ]
