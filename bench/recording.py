"""Recording burden: a routine home visit recorded from the child's record, in Chromium.

    python -m bench.recording var/bench/large.json http://127.0.0.1:8765 var/bench/recording.json

Starts on the child's record (signed in with a bench session: signing in is not part
of recording a visit), presses "Record a visit" and records on that one screen what a
worker has to say about a routine home visit: who was seen, whether the child was seen
alone, a 100-word note, what was agreed and the next visit. bench.prepare plans the
visit (it started three hours ago), as a routine visit is planned. It reports the pages
visited, the screens with a form, every input the worker had to fill or change, which
of those the record already knew, and the seconds the scripted run took.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("ALONGSIDE_E2E_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]

NOTE = (
    "Home visit to {child} and the family at home after school. I saw {child} with the "
    "family first and then on their own in the bedroom for about fifteen minutes. {child} "
    "said home has felt calmer, bedtime is easier and school is going well. The house was "
    "warm and tidy and there was food in the cupboards. We talked about money worries and "
    "the rent arrears letter, and who could help with it. {child} wants to join the "
    "Saturday football club and the family will ask about it this week. Everyone said the "
    "plan is helping and that they want to keep going with it as it is."
)
AGREED = ("Phone the housing officer about the rent letter", "Send the food bank referral")


def _words(text: str) -> int:
    return len(re.findall(r"\S+", text))


def record(targets: dict[str, Any], base_url: str) -> dict[str, Any]:
    case_id = targets["record_case"]["id"]
    session = targets["sessions"]["worker"][1]
    host = urlsplit(base_url).hostname or "127.0.0.1"
    pages: list[str] = []
    forms = 0
    inputs: list[dict[str, str]] = []
    known: list[dict[str, str]] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(base_url=base_url, locale="en-GB")
        context.add_cookies([{"name": "sessionid", "value": session, "domain": host, "path": "/"}])
        page = context.new_page()
        page.set_default_timeout(30_000)

        def visited() -> None:
            page.wait_for_load_state("load")
            pages.append(f"{urlsplit(page.url).path} — {page.title()}")

        started = time.perf_counter()
        page.goto(f"/staff/cases/{case_id}/")
        visited()
        child = page.locator("h1").first.inner_text().strip()  # the record's heading: the name
        page.get_by_role("button", name="Record a visit").click()
        page.wait_for_url(re.compile(r"/visits/record/$"))
        visited()
        forms += 1

        # What the screen already knows, left as it is.
        planned = page.locator('input[name="visit"]:checked')
        if planned.count() and planned.first.get_attribute("value") != "none":
            known.append({"field": "Which visit?", "value": "the planned visit, chosen"})
        for box in page.locator('input[name="seen"]:checked').all():
            label = page.locator(f'label[for="{box.get_attribute("id")}"]').inner_text().strip()
            known.append({"field": "Who did you see?", "value": f"{label}, ticked"})
        if page.get_by_role("checkbox", name="Plan the next visit").is_checked():
            when = page.get_by_label("Time of the next visit").input_value()
            known.append({"field": "The next visit", "value": f"suggested, at {when}"})

        others = page.locator('input[name="seen"]:not(:checked)')
        if others.count():
            box = others.first
            label = page.locator(f'label[for="{box.get_attribute("id")}"]').inner_text().strip()
            box.check()
            inputs.append(
                {
                    "field": "Who did you see?",
                    "value": f"also {label}",
                    "record_knew": "no: who was there; the network lists who could be",
                }
            )
        page.locator('input[name="child_seen_alone"][value="yes"]').check()
        inputs.append(
            {
                "field": "Was the child seen alone?",
                "value": "Yes",
                "record_knew": "no",
            }
        )
        note = NOTE.format(child=child.split()[0] if child else "the child")
        page.get_by_label("What did you talk about?").fill(note)
        inputs.append(
            {
                "field": "What did you talk about?",
                "value": f"{_words(note)} words",
                "record_knew": "no",
            }
        )
        for n, agreed in enumerate(AGREED, start=1):
            page.get_by_label(f"What was agreed ({n})").fill(agreed)
            inputs.append(
                {
                    "field": f"What was agreed ({n})",
                    "value": agreed,
                    "record_knew": "no (whose job and by when are suggested)",
                }
            )
        clash = page.get_by_label("Why this day?")
        if clash.count() and clash.first.is_visible():
            clash.first.fill("The plan says every ten working days")
            inputs.append(
                {
                    "field": "Why this day? (the next visit)",
                    "value": "a reason, as the suggested day is not one the family said suits them",
                    "record_knew": "yes: the family's days are in the record, and the suggested "
                    "next visit is not on one of them",
                }
            )
        page.get_by_role("button", name="Save the visit").click()
        page.wait_for_load_state("load")
        with contextlib.suppress(PlaywrightTimeout):  # errors are reported below
            page.wait_for_url(re.compile(rf"/staff/cases/{case_id}/$"), timeout=10_000)
        visited()
        seconds = time.perf_counter() - started
        saved = page.get_by_text("Visit recorded on the chronology.").count() > 0
        errors = page.locator(".govuk-error-summary").all_inner_texts()
        browser.close()

    asked_known = [i["field"] for i in inputs if i["record_knew"].startswith("yes")]
    return {
        "case": targets["record_case"]["reference"],
        "saved": saved,
        "errors": errors,
        "screens": pages,
        "screens_count": len(pages),
        "forms_count": forms,
        "inputs": inputs,
        "inputs_count": len(inputs),
        "known": known,
        "note_words": _words(note),
        "seconds": round(seconds, 2),
        "asked_what_record_knows": asked_known,
        "not_separate_fields": [],
    }


def main() -> int:
    targets = json.loads(Path(sys.argv[1]).read_text())
    result = record(targets, sys.argv[2])
    Path(sys.argv[3]).write_text(json.dumps(result, indent=2))
    print(
        f"[recording] saved={result['saved']} pages={result['screens_count']} "
        f"forms={result['forms_count']} inputs={result['inputs_count']} "
        f"seconds={result['seconds']}",
        flush=True,
    )
    return 0 if result["saved"] else 1


if __name__ == "__main__":
    sys.exit(main())
