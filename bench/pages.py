"""The key pages the benchmark measures, built from a prepared council's targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    user: str  # "worker", "manager" or "parent": whose sessions request it
    path: str
    note: str = ""


def key_pages(t: dict[str, Any]) -> list[Page]:
    case = t["case"]["id"]
    visible = int(t["case"].get("visible_entries") or t["case"]["entries"])
    last = max(1, -(-visible // 50))
    team_path = t["team"]["path"]
    team_note = (
        f"{t['team']['workers']} caseworkers, {t['team']['open_cases']:,} open cases"
        if team_path
        else "no team page exists yet: the manager's My work stands in"
    )
    return [
        Page("my_work", "My work (a social worker's open cases)", "worker", "/staff/"),
        Page("case", "Child's record: summary", "worker", f"/staff/cases/{case}/"),
        Page(
            "chronology",
            f"Child's record: chronology of {visible:,} entries, newest 50",
            "worker",
            f"/staff/cases/{case}/chronology/",
        ),
        Page(
            "chronology_last",
            f"Child's record: chronology, oldest page ({last})",
            "worker",
            f"/staff/cases/{case}/chronology/?page={last}",
        ),
        Page("portal", "Family portal home (a parent)", "parent", "/portal/"),
        Page(
            "team",
            "Team view: caseloads of a team of 20",
            "manager",
            team_path or "/staff/",
            team_note,
        ),
        Page(
            "search_cases",
            f"Search by surname in My work (q={t['surname']})",
            "worker",
            f"/staff/?q={quote(t['surname'])}",
        ),
        Page(
            "search_people",
            f"Find a person by name ({t['person_name']})",
            "worker",
            f"/staff/people/?name={quote(t['person_name'])}",
        ),
    ]
