"""Recording burden: a routine home visit recorded from the child's record, in Chromium.

    python -m bench.recording var/bench/large.json http://127.0.0.1:8765 var/bench/recording.json

Starts on the child's record (signed in with a bench session: signing in is not part
of recording a visit), uses the existing "Add to the chronology" form, and records
what a worker has to say about a routine home visit: who was seen, whether the
child was seen alone, a 100-word note, what was agreed and the next visit. It
reports the screens visited, every input the worker had to fill or change, which
of those the record already knew, and the seconds the scripted run took.

The form has no fields for who was seen, seen alone or the next visit, so those go
into the note as words (and are then not data anyone can count or be reminded by).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("ALONGSIDE_E2E_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]

NOTE = (
    "Home visit to {child} and mum at the family home after school. I saw {child} with "
    "mum first and then saw {child} alone in the bedroom for about fifteen minutes. "
    "{child} said home has felt calmer, bedtime is easier and school is going well. "
    "The house was warm and tidy and there was food in the cupboards. Mum talked about "
    "money worries and the rent arrears letter. We agreed that mum will phone the "
    "housing officer this week, that I will send the foodbank referral, and that "
    "{child} will join the Saturday football club. Next visit: Thursday in two weeks "
    "at four o'clock."
)
TITLE = "Home visit"
VISIT_TIME = "16:00"  # when the visit happened: the time must change from now


def _visit_day() -> datetime.date:
    """Today if the visit time has passed, else yesterday (in the server's local time)."""
    now = datetime.datetime.now()
    hour, minute = (int(x) for x in VISIT_TIME.split(":"))
    if (now.hour, now.minute) > (hour, minute):
        return now.date()
    return now.date() - datetime.timedelta(days=1)


def _words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def record(targets: dict[str, Any], base_url: str) -> dict[str, Any]:
    case_id = targets["record_case"]["id"]
    session = targets["sessions"]["worker"][1]
    host = urlsplit(base_url).hostname or "127.0.0.1"
    screens: list[str] = []
    inputs: list[dict[str, str]] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(base_url=base_url, locale="en-GB")
        context.add_cookies([{"name": "sessionid", "value": session, "domain": host, "path": "/"}])
        page = context.new_page()
        page.set_default_timeout(30_000)

        def screen() -> None:
            page.wait_for_load_state("load")
            screens.append(f"{urlsplit(page.url).path} — {page.title()}")

        started = time.perf_counter()
        page.goto(f"/staff/cases/{case_id}/")
        screen()
        child = page.locator("h1").first.inner_text().strip()
        first_name = child.split()[0] if child else "the child"

        page.get_by_role("link", name="Add to the chronology").first.click()
        page.wait_for_url(re.compile(r"/entries/new/$"))
        screen()

        kind = page.get_by_label("What kind of entry is this?")
        kind.select_option("visit")
        inputs.append(
            {
                "field": "What kind of entry is this?",
                "value": "Visit",
                "record_knew": "no: a visit was not planned here (the default is a case note)",
            }
        )
        # The visit was this afternoon, or yesterday afternoon when the script runs before
        # it (an entry may not be in the future): the date defaults to today.
        visit_day = _visit_day()
        if visit_day != datetime.date.today():
            for part, value in (
                ("day", visit_day.day),
                ("month", visit_day.month),
                ("year", visit_day.year),
            ):
                page.locator(f'input[name="occurred_on_{part}"]').fill(str(value))
            inputs.append(
                {
                    "field": "When did it happen?",
                    "value": f"{visit_day:%-d %B %Y} (yesterday)",
                    "record_knew": "no: it defaults to today, not the day of the visit",
                }
            )
        time_box = page.get_by_label("Time")
        if time_box.input_value() != VISIT_TIME:
            time_box.fill(VISIT_TIME)
            inputs.append(
                {
                    "field": "Time",
                    "value": VISIT_TIME,
                    "record_knew": "no: it defaults to now, not when the visit was",
                }
            )
        page.get_by_label("Title").fill(TITLE)
        inputs.append(
            {
                "field": "Title",
                "value": TITLE,
                "record_knew": "yes: it follows from the kind (a visit) and the child",
            }
        )
        note = NOTE.format(child=first_name)
        page.get_by_label("What happened").fill(note)
        inputs.append(
            {
                "field": "What happened",
                "value": f"{_words(note)} words: who was seen, seen alone, what was agreed, "
                "next visit — all as free text",
                "record_knew": "partly: the family members who could be seen are in the network",
            }
        )
        # Who can read this: the default (the family) is right for a routine visit.
        page.get_by_role("button", name="Add entry").click()
        page.wait_for_url(re.compile(r"/chronology/$"))
        screen()
        seconds = time.perf_counter() - started
        saved = page.get_by_text(f"Entry added: {TITLE}").count() > 0
        fields = page.goto(f"/staff/cases/{case_id}/entries/new/")
        form_fields = []
        if fields is not None:
            form_fields = page.eval_on_selector_all(
                "form input:not([type=hidden]), form select, form textarea",
                "els => els.map(e => (e.labels && e.labels[0] ? e.labels[0].innerText : e.name)"
                ".trim().split('\\n')[0])",
            )
        browser.close()

    asked_known = [i["field"] for i in inputs if i["record_knew"].startswith("yes")]
    return {
        "case": targets["record_case"]["reference"],
        "saved": saved,
        "screens": screens,
        "screens_count": len(screens),
        "inputs": inputs,
        "inputs_count": len(inputs),
        "note_words": _words(note),
        "seconds": round(seconds, 2),
        "form_fields": sorted(set(form_fields)),
        "asked_what_record_knows": asked_known,
        "not_separate_fields": ["who was seen", "whether the child was seen alone", "next visit"],
    }


def main() -> int:
    targets = json.loads(Path(sys.argv[1]).read_text())
    result = record(targets, sys.argv[2])
    Path(sys.argv[3]).write_text(json.dumps(result, indent=2))
    print(
        f"[recording] saved={result['saved']} screens={result['screens_count']} "
        f"inputs={result['inputs_count']} seconds={result['seconds']}",
        flush=True,
    )
    return 0 if result["saved"] else 1


if __name__ == "__main__":
    sys.exit(main())
