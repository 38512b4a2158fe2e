"""A family document's text as blocks a page or a PDF can mark up: headings, paragraphs, lists.

Documents are written as plain text with one convention, the one the letters and
reports are drafted in: a blank line starts a new part; the first line of a part
(after the opening part) is its heading when it is short and more lines follow;
a line starting with "- " is an item in a list. An easy-read line may start with
"[picture: what it shows]" to say which picture goes beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING_MOST_WORDS = 10
_PICTURE = re.compile(r"^\[picture:\s*([^\]]*)\]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    text: str
    picture: str = ""


@dataclass
class Block:
    kind: str  # "heading", "paragraph" or "list"
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def _line(raw: str) -> Line:
    found = _PICTURE.match(raw)
    if found:
        return Line(raw[found.end() :].strip(), found.group(1).strip())
    return Line(raw.strip())


def is_heading(lines: list[str]) -> bool:
    """Whether a part's first line is its heading: short, and more lines follow."""
    first = lines[0].strip()
    return (
        len(lines) > 1
        and not first.startswith("- ")
        and len(first.split()) <= HEADING_MOST_WORDS
        and not first.endswith(",")
    )


def parts(text: str) -> list[list[str]]:
    """The text split at blank lines, each part a list of its non-empty lines."""
    found: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw.strip():
            found[-1].append(raw.rstrip())
        elif found[-1]:
            found.append([])
    return [part for part in found if part]


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    for number, part in enumerate(parts(text)):
        lines = list(part)
        if number > 0 and is_heading(lines):
            out.append(Block("heading", [_line(lines.pop(0))]))
        for raw in lines:
            if raw.lstrip().startswith("- "):
                item = _line(raw.lstrip()[2:])
                if out and out[-1].kind == "list":
                    out[-1].lines.append(item)
                else:
                    out.append(Block("list", [item]))
            else:
                out.append(Block("paragraph", [_line(raw)]))
    return out
