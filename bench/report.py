"""Write bench/results/latest.md (for people) and latest.json (everything measured)."""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import psycopg

from bench import scaling

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

RATIO_TARGET = 5.0
P95_TARGET_MS = 1000.0

# What makes a page slower than its floor, as the code stands. Shown for pages that
# miss a target. Keep in step with the code: these describe it, not the numbers.
CAUSES = {
    "my_work": (
        "Its SQL is small: eight reads, the journey of every case on the list in one "
        "statement, as the floor reads it; the rest is Python: the timescale engine works out every "
        "statutory clock of every case from those steps on each request, the due list is "
        "sorted and about 20 cases with their clocks are rendered by Django's templates, and "
        "a signed-in request's fixed work (session, user, authenticator device, middleware) "
        "is a few milliseconds more."
    ),
    "search_cases": (
        "The children are found through the trigram index on their names and the policy "
        "keeps the team's cases; at 20 connections on 2 CPUs the requests queue for CPU."
    ),
    "case": (
        "One case in nine reads (the session, user and authenticator; the case with the "
        "access policy; how many workers the child has had in a year; the case types; the "
        "child's census rows, in one statement; the network; the allocations) and the "
        "access-log insert, each with its round trip and Django's query building; the rest "
        "is Python: the census checks and rendering the summary."
    ),
    "chronology": (
        "50 of 2,000 entries: the visible entries counted, the page with its authors (each "
        "flagged if it has attachments, comments or correction requests, which are then "
        "read only for those that have them); most of the time is Django building 50 "
        "entries with two authors each and its templates rendering them with a link, two "
        "dates, a tag and their first 60 words."
    ),
    "chronology_last": (
        "The oldest page uses OFFSET, so PostgreSQL walks the whole timeline index; a "
        'keyset ("older than") link would keep it as fast as the first page.'
    ),
    "portal": (
        "A parent's few cases: the floor is one statement; the page sends eight reads (the "
        "session, the user, the cases through the access policy, the managers who cover, "
        "the next visit, the parent's tasks and correction requests, the parent's name), "
        "each with its round trip and Django's query building (see the table above), then "
        "renders the page."
    ),
    "team": (
        "About 3,000 open cases: their ids are joined to their children, counted and sorted "
        "by worker and surname for the page of 50 (then those 50 read by id), and each "
        "child's changes of worker in the last 12 months are counted from the allocations "
        "the database marked when they were written (an index lookup a case); the weighted "
        "caseloads are two grouped counts. At 20 connections on 2 CPUs the requests queue "
        "for CPU."
    ),
    "search_people": (
        "A common surname: about 1,600 people match by trigram or sound and each is scored "
        "(name similarity, two Double Metaphone codes); the indexes find them, the scoring "
        "is per row."
    ),
}


def _git() -> str:
    try:
        rev = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        # The results and docs/scaling.md are this run's own output, not changes to the code.
        dirty = subprocess.run(  # noqa: S603
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".",  # noqa: S607
             ":!bench/results", ":!docs/scaling.md"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        return rev + (" with uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine(connect: dict[str, Any]) -> dict[str, Any]:
    model, cpus = "unknown", os.cpu_count() or 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    pg: dict[str, str] = {}
    try:
        with psycopg.connect(**connect, autocommit=True) as conn:
            pg["version"] = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
            for name in (
                "shared_buffers",
                "work_mem",
                "max_connections",
                "effective_cache_size",
                "random_page_cost",
            ):
                pg[name] = str(conn.execute(f"SHOW {name}").fetchone()[0])  # type: ignore[index]  # noqa: S608
            size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            pg["database_size"] = str(size.fetchone()[0])  # type: ignore[index]
    except psycopg.Error:
        pass
    return {
        "cpu_model": model,
        "cpus": cpus,
        "ram_gb": round(ram_gb, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": pg,
        "embedded_postgres": not os.environ.get("DATABASE_URL"),
    }


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}" if value >= 1 else f"{value:.2f}"


def _mark(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


def write(results: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    large, small = results["large"], results["small"]
    results["machine"] = machine(large["connect"])
    # A fresh run records the code it measured; writing the pages again keeps that record.
    results.setdefault("commit", _git())
    when = datetime.datetime.fromtimestamp(results["began"]).astimezone()
    results["date"] = when.isoformat(timespec="seconds")
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, default=str) + "\n")

    m = results["machine"]
    pages = results["pages"]
    loads, floors, queries = results["loads"], results["floors"], results["queries"]
    top = max(results["settings"]["concurrency"])
    lines: list[str] = []
    add = lines.append

    add("# Alongside benchmark: latest results")
    add("")
    add(
        f"Written by `make bench` on {when:%-d %B %Y at %H:%M %Z} from commit {results['commit']}; "
        f"the run took {results['minutes']:g} minutes. Everything measured is in "
        "[latest.json](latest.json); how it is measured is in "
        "[docs/scaling.md](../../docs/scaling.md#the-benchmark)."
    )
    add("")
    add("## Machine")
    add("")
    pg = m["postgresql"]
    add(f"- CPU: {m['cpus']} × {m['cpu_model']}; RAM {m['ram_gb']} GB; Linux {m['kernel']}")
    add(
        f"- PostgreSQL {pg.get('version', '?')} "
        f"({'embedded server, Unix socket' if m['embedded_postgres'] else 'server from DATABASE_URL'}); "
        f"shared_buffers {pg.get('shared_buffers', '?')}, work_mem {pg.get('work_mem', '?')}, "
        f"random_page_cost {pg.get('random_page_cost', '?')} (set on the bench databases, as "
        "docs/scaling.md recommends for SSDs); "
        f"large council database {pg.get('database_size', '?')}"
    )
    s = results["settings"]
    add(
        f"- gunicorn {s['workers']} sync workers on 127.0.0.1:{s['port']}, Python {m['python']}, "
        f"DEBUG off; wrk on the same machine; web server, database and load tool share the "
        f"{m['cpus']} CPUs"
    )
    others = [
        run["cpu"]["others"]
        for page in loads.values()
        if isinstance(page, dict)
        for run in page.values()
        if isinstance(run, dict) and "cpu" in run
    ]
    if others:
        add(
            f"- Other processes on the machine used on average {sum(others) / len(others):.0%} "
            f"of its CPU while pages were measured (at most {max(others):.0%}); the column "
            '"other CPU" below gives it for each run. Numbers taken while others used the '
            "machine are slower than the same code on an idle one."
        )
    add("")

    add("## Councils")
    add("")
    add("| | small | large |")
    add("| --- | ---: | ---: |")
    for key, label in (
        ("children", "children with a case"),
        ("people", "people"),
        ("cases", "cases"),
        ("open_cases", "open cases"),
        ("entries", "chronology entries"),
        ("staff", "staff"),
        ("teams", "teams"),
    ):
        add(f"| {label} | {small['counts'][key]:,} | {large['counts'][key]:,} |")
    add(
        f"| bench case chronology (entries the worker sees) | "
        f"{small['case']['visible_entries']:,} | {large['case']['visible_entries']:,} |"
    )
    add(
        f"| caseworkers in the team view | {small['team']['workers']} | {large['team']['workers']} |"
    )
    add(
        f"| the worker's open cases | {small['worker_open_cases']} | {large['worker_open_cases']} |"
    )
    b = large["build"]
    add("")
    add(
        f"Large council: database `{b['database']}`, "
        + (
            f"reused (built {b['built_at']}; `seed_demo --size large` took {b['seed_seconds']:.0f} s, "
            f"migrations {b['migrate_seconds']:.0f} s)."
            if b["reused"]
            else f"built in this run: migrations {b['migrate_seconds']:.0f} s, "
            f"`seed_demo --size large --seed 1` {b['seed_seconds']:.0f} s."
        )
    )
    add("")

    add("## Targets")
    add("")
    add(
        f"Page ÷ SQL floor ≤ {RATIO_TARGET:g} (page median at 1 connection ÷ floor median); "
        f"queries per page the same at small and large size; p95 at {top} concurrent "
        f"connections under {P95_TARGET_MS:,.0f} ms."
    )
    add("")
    add(
        f"| page | p50 at 1 (ms) | floor (ms) | page ÷ floor | ≤ {RATIO_TARGET:g} | "
        f"queries small → large | flat | p95 at {top} (ms) | < 1 s |"
    )
    add("| --- | ---: | ---: | ---: | :---: | :---: | :---: | ---: | :---: |")
    misses: list[str] = []
    for page in pages:
        key = page["key"]
        load = loads.get(key) or {}
        one, many = load.get("1") or {}, load.get(str(top)) or {}
        fl = floors.get(key) or {}
        ratio = one["p50_ms"] / fl["p50_ms"] if one.get("p50_ms") and fl.get("p50_ms") else None
        ratio_ok = None if ratio is None else ratio <= RATIO_TARGET
        qs, ql = queries["small"].get(key, {}), queries["large"].get(key, {})
        flat = None if not qs or not ql else qs["queries"] == ql["queries"]
        p95 = many.get("p95_ms")
        p95_ok = None if p95 is None else p95 < P95_TARGET_MS
        page["ratio"] = ratio
        add(
            f"| {page['title']} | {_ms(one.get('p50_ms'))} | {_ms(fl.get('p50_ms'))} | "
            f"{'—' if ratio is None else f'{ratio:.1f}'} | {_mark(ratio_ok)} | "
            f"{qs.get('queries', '—')} → {ql.get('queries', '—')} | {_mark(flat)} | "
            f"{_ms(p95)} | {_mark(p95_ok)} |"
        )
        failed = []
        if ratio_ok is False:
            failed.append(f"page ÷ floor is {ratio:.1f}")
        if flat is False:
            failed.append(f"queries grow from {qs['queries']} to {ql['queries']}")
        if p95_ok is False:
            failed.append(f"p95 at {top} is {_ms(p95)} ms")
        if load.get("error"):
            failed.append(load["error"])
        if fl.get("error"):
            failed.append(f"floor failed: {fl['error']}")
        own = (results.get("app_sql") or {}).get(key) or {}
        if failed and own.get("p50_ms") and one.get("p50_ms"):
            failed.append(
                f"its own SQL takes {_ms(own['p50_ms'])} ms of its {_ms(one['p50_ms'])} ms"
            )
        if failed:
            misses.append(f"- **{page['title']}**: {'; '.join(failed)}. {CAUSES.get(key, '')}")
    add("")
    per = floors.get("per_request") or {}
    if per.get("p50_ms") is not None:
        add(
            f"Not in any floor: what every signed-in request costs in SQL whatever it shows "
            f"(session, user, authenticator device; the session is written back at most once "
            f"a minute, so not here) — "
            f"{_ms(per['p50_ms'])} ms median on its own."
        )
        add("")

    empty = results.get("baseline") or {}
    if empty.get("p50_ms") is not None:
        add(
            f"Not in any floor either: a signed-in page that reads nothing but the session "
            f"(Find a person before a name is entered: the layout and a form) takes "
            f"{_ms(empty['p50_ms'])} ms median through the same server at 1 connection "
            f"({empty['requests']} requests). No page is faster than that, so a page whose "
            f"floor is f ms cannot have page ÷ floor below ({_ms(empty['p50_ms'])} + f) ÷ f: "
            f"below 5 only when its floor is at least {_ms(empty['p50_ms'] / 4)} ms."
        )
        add("")

    app_sql = results.get("app_sql") or {}
    if app_sql:
        add("## Where the time goes")
        add("")
        add(
            "The page's own reading SQL (every SELECT Django sent for it, captured by "
            "bench.queries and re-run one after another with psycopg) against the page's "
            "median time at 1 connection; the rest is Python (middleware, view, template), "
            "the writes (session save, access-log row) and HTTP."
        )
        add("")
        add("| page | page p50 (ms) | own SQL (ms) | statements | rest (ms) | own SQL ÷ floor |")
        add("| --- | ---: | ---: | ---: | ---: | ---: |")
        for page in pages:
            own = app_sql.get(page["key"]) or {}
            one = (loads.get(page["key"]) or {}).get("1") or {}
            fl = floors.get(page["key"]) or {}
            if not own.get("p50_ms"):
                continue
            rest = one["p50_ms"] - own["p50_ms"] if one.get("p50_ms") else None
            over = own["p50_ms"] / fl["p50_ms"] if fl.get("p50_ms") else None
            page["own_sql_ms"] = own["p50_ms"]
            add(
                f"| {page['title']} | {_ms(one.get('p50_ms'))} | {_ms(own['p50_ms'])} | "
                f"{own['statements']} | {_ms(rest)} | {'—' if over is None else f'{over:.1f}'} |"
            )
        add("")

    cost = results.get("statement_cost") or {}
    if cost:
        add(
            "What one statement costs, timed in one process (bench.statement_cost): the SQL "
            "Django sends, through psycopg as the floors are timed; the same through Django's "
            "cursor; and through the ORM as a page reads it (building the query, compiling it, "
            "running it, making objects of the rows)."
        )
        add("")
        add(
            "| statement | rows | psycopg (ms) | Django's cursor (ms) | ORM (ms) | of which building and compiling (ms) | ORM ÷ psycopg |"
        )
        add("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for item in cost.values():
            ratio = item["orm_ms"] / item["psycopg_ms"] if item.get("psycopg_ms") else None
            add(
                f"| {item['title']} | {item['rows']} | {item['psycopg_ms']:.2f} | "
                f"{item['django_cursor_ms']:.2f} | {item['orm_ms']:.2f} | "
                f"{item['build_and_compile_ms']:.2f} | "
                f"{'—' if ratio is None else f'{ratio:.1f}'} |"
            )
        add("")
        add(
            "A page that reads in eight statements pays Django's part of each before its "
            "template starts; a floor of one or two hand-joined statements pays none of it."
        )
        add("")

    add("## Where a target is not met, and why")
    add("")
    if others and sum(others) / len(others) > 0.3:
        misses.append(
            f"- **All pages at {top} connections**: other processes took "
            f"{sum(others) / len(others):.0%} of the machine's CPU on average during the "
            "measurements, so the server had a fraction of 2 CPUs; most of each p95 at "
            f"{top} is waiting for CPU. The projection under Page times gives the same "
            "code on an idle machine."
        )
    if misses:
        lines.extend(misses)
    else:
        add("Every target is met in this run.")
    add("")
    add(
        "Pages whose floor is a millisecond or two cannot be within 5× of it through a "
        "real HTTP server: parsing the request, the session and user lookups, the "
        "session write-back, the access-log row and rendering a GOV.UK page cost several "
        "milliseconds of Python on their own. Those ratios say how thin the page's own "
        "SQL is, more than how slow the page is."
    )
    add("")

    add("## Page times")
    add("")
    add(
        "Through gunicorn with wrk: each run at least "
        f"{results['settings']['requests']} requests after a warm-up of 10; latencies in ms; "
        '"not 200" counts redirects and errors (a run with any is not a valid measurement). '
        "Sessions: each bench user signed in once through the real pages (Django's test "
        "client: email and password, then the authenticator code; the parent with the "
        "one-time code read from the outbox), and that session was copied 20 times with "
        "Django's session engine so that each concurrent connection has its own."
    )
    add("")
    add(
        "| page | connections | requests | p50 | p95 | p99 | mean | req/s | not 200 "
        "| server CPU ms a request | other CPU |"
    )
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    projections: list[str] = []
    cpus = m["cpus"] or 1
    for page in pages:
        load = loads.get(page["key"]) or {}
        if load.get("error"):
            add(f"| {page['title']} | — | — | — | — | — | — | — | {load['error']} | — | — |")
            continue
        for c, run in load.items():
            cpu = run["cpu"]
            cpu_ms = (
                cpu["server_cpu_s"] * 1000 / run["requests"]
                if cpu.get("server_cpu_s") and run["requests"]
                else None
            )
            add(
                f"| {page['title']} | {c} | {run['requests']:,} | {_ms(run['p50_ms'])} | "
                f"{_ms(run['p95_ms'])} | {_ms(run['p99_ms'])} | {_ms(run['mean_ms'])} | "
                f"{run['throughput']:.1f} | {run['bad']} | {_ms(cpu_ms)} | {cpu['others']:.0%} |"
            )
            if c == str(top) and cpu_ms and cpu.get("wrk_cpu_s") is not None:
                wrk_per = cpu["wrk_cpu_s"] * 1000 / run["requests"]
                rate = cpus * 1000 / (cpu_ms + wrk_per)
                mean = int(c) / rate * 1000
                tail = run["p95_ms"] / run["mean_ms"] if run["mean_ms"] else 1
                projections.append(
                    f"| {page['title']} | {_ms(cpu_ms)} | {rate:.1f} | {_ms(mean)} | "
                    f"{_ms(mean * tail)} | {_mark(mean * tail < P95_TARGET_MS)} |"
                )
    add("")
    if projections:
        add(
            f"**If the machine had been idle** (a projection, not a measurement): the "
            f"benchmark counts the CPU time gunicorn and the PostgreSQL backends serving it "
            f"used for each request at {top} connections. With all {cpus} CPUs for them "
            "(less wrk's own share), throughput would be CPUs ÷ CPU a request, and with "
            f"{top} connections always waiting the mean time is {top} ÷ throughput "
            "(Little's law); p95 keeps the measured p95 ÷ mean."
        )
        add("")
        add(
            f"| page | server CPU ms a request | req/s | mean at {top} (ms) | p95 at {top} (ms) "
            "| < 1 s |"
        )
        add("| --- | ---: | ---: | ---: | ---: | :---: |")
        lines.extend(projections)
        add("")
    add("Paths measured (large council):")
    add("")
    for page in pages:
        note = f" — {page['note']}" if page.get("note") else ""
        add(f"- {page['title']}: `{page['path']}` as the {page['user']}{note}")
    add("")

    add("## The floor")
    add("")
    add(
        "Hand-written SQL fetching the rows each page shows (bench/floor.py), run with "
        "psycopg in the same run, every row fetched, many iterations."
    )
    add("")
    add(
        "| page | statements | rows | iterations | floor p50 (ms) | floor p95 (ms) | page p50 (ms) | page ÷ floor |"
    )
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page in pages:
        fl = floors.get(page["key"])
        one = (loads.get(page["key"]) or {}).get("1") or {}
        if not fl:
            add(f"| {page['title']} | — | — | — | — | — | {_ms(one.get('p50_ms'))} | — |")
            continue
        if fl.get("error"):
            add(f"| {page['title']} | error: {fl['error']} | | | | | | |")
            continue
        ratio = page.get("ratio")
        add(
            f"| {page['title']} | {fl['statements']} | {fl['rows']} | {fl['iterations']} | "
            f"{_ms(fl['p50_ms'])} | {_ms(fl['p95_ms'])} | {_ms(one.get('p50_ms'))} | "
            f"{'—' if ratio is None else f'{ratio:.1f}'} |"
        )
    if per.get("p50_ms") is not None:
        add(
            f"| per-request cost (session, user, device) | {per['statements']} | "
            f"{per['rows']} | {per['iterations']} | {_ms(per['p50_ms'])} | {_ms(per['p95_ms'])} | | |"
        )
    add("")

    add("## Queries per page")
    add("")
    add(
        "Django test client, second request counted with CaptureQueriesContext; every "
        "statement counts, including BEGIN/COMMIT, the session read and write and the "
        'access-log insert. "Most repeated" is the largest number of times one statement '
        "shape occurs (a sign of a query per row)."
    )
    add("")
    add("| page | small | large | flat | most repeated (large) |")
    add("| --- | ---: | ---: | :---: | ---: |")
    for page in pages:
        qs, ql = queries["small"].get(page["key"], {}), queries["large"].get(page["key"], {})
        flat = None if not qs or not ql else qs["queries"] == ql["queries"]
        add(
            f"| {page['title']} | {qs.get('queries', '—')} | {ql.get('queries', '—')} | "
            f"{_mark(flat)} | {ql.get('most_repeated', '—')} |"
        )
    add("")

    sizes = results.get("table_sizes") or []
    if sizes:
        add("## Storage (large council)")
        add("")
        add(
            "The largest tables after the run (rows are PostgreSQL's estimate after ANALYZE; "
            "bytes include indexes and TOAST). The access log grows with every page the "
            "benchmark reads."
        )
        add("")
        add("| table | rows | size | bytes a row |")
        add("| --- | ---: | ---: | ---: |")
        for row in sizes:
            per = row["bytes"] / row["rows"] if row["rows"] else 0
            add(
                f"| {row['table']} | {row['rows']:,} | {row['bytes'] / 1024 / 1024:,.0f} MB | "
                f"{per:,.0f} |"
            )
        add("")

    rec = results.get("recording") or {}
    add("## Recording burden: a routine home visit")
    add("")
    if rec.get("error") or not rec:
        add(f"Not measured: {rec.get('error', 'the recording script did not run')}.")
    else:
        add(
            "Chromium (headless, Playwright) starts on the child's record, signed in, presses "
            '"Record a visit" and records a planned home visit on that screen: who was seen, '
            f"whether the child was seen alone, a {rec['note_words']}-word note, what was "
            "agreed and the next visit."
        )
        add("")
        forms = rec.get("forms_count", rec["screens_count"])
        add(
            f"- Screens with a form: **{forms}**; pages visited: {rec['screens_count']} "
            "(where the worker starts and lands included)"
        )
        for screen in rec["screens"]:
            add(f"  - {screen}")
        add(f"- Inputs filled or changed: **{rec['inputs_count']}**")
        for item in rec["inputs"]:
            add(f"  - {item['field']}: {item['value']} (record knew it: {item['record_knew']})")
        if rec.get("known"):
            add(f"- Already filled in from the record, left alone: {len(rec['known'])}")
            for item in rec["known"]:
                add(f"  - {item['field']}: {item['value']}")
        add(
            f"- Seconds, scripted (no human reading or typing time): **{rec['seconds']}**; "
            f"a person typing the {rec['note_words']}-word note at 40 words a minute needs "
            f"about {rec['note_words'] / 40:.1f} minutes for the note alone"
        )
        add(f"- Saved: {'yes' if rec['saved'] else 'no'}")
        if rec.get("errors"):
            add(f"- The form answered: {' '.join(rec['errors'])}")
        add("")
        met = rec["saved"] and forms <= 1 and not rec["asked_what_record_knows"]
        add(
            'Target "one screen, nothing asked that the record already knows": '
            + ("met." if met else "**not met**.")
        )
        if rec["asked_what_record_knows"]:
            add("")
            add("- Asked what the record knows: " + ", ".join(rec["asked_what_record_knows"]))
    add("")
    census_section(results.get("census") or {}, add)
    path = RESULTS / "latest.md"
    path.write_text("\n".join(lines) + "\n")
    scaling.write(results)
    return path


def _counts(found: dict[str, int]) -> str:
    return ", ".join(f"{code} × {n:,}" for code, n in sorted(found.items())) or "none"


def census_section(census: dict[str, Any], add: Any) -> None:
    add("## The CIN census of the large council")
    add("")
    if census.get("error") or not census:
        add(f"Not measured: {census.get('error', 'the census step did not run')}.")
        add("")
        return
    total = census["build_seconds"] + census["validate_seconds"]
    parts = census.get("validator_parts") or {}
    add(
        f"The return for the year ending 31 March {census['year']}: "
        f"{census['children']:,} children, {census['episodes']:,} episodes, "
        f"{census['bytes'] / 1024 / 1024:.1f} MB of XML."
    )
    add("")
    add("| step | seconds |")
    add("| --- | ---: |")
    add(f"| build from the record (one snapshot) | {census['build_seconds']:.1f} |")
    add(
        f"| DfE validator: schema, reading, {census['rules_run']} rules "
        f"({census['ruleset']}) | {census['validate_seconds']:.1f} |"
    )
    for name in ("schema", "read", "rules"):
        if name in parts:
            add(f"| &nbsp;&nbsp;of which {name} | {parts[name]:.1f} |")
    add(f"| Alongside's own in-year checks, whole council | {census['check_seconds']:.1f} |")
    add(f"| **export and validate** | **{total:.1f}** |")
    add("")
    add(
        f"- DfE schema errors: {census['schema_errors']}; rule errors: "
        f"{_counts(census['errors'])}; rules that crashed: {len(census['rules_crashed'])}"
    )
    add(f"- DfE queries (for the data team to explain, listed): {_counts(census['queries'])}")
    own = census.get("own_checks") or {}
    add(
        f"- Alongside's own checks: errors {_counts(own.get('errors', {}))}; "
        f"queries {_counts(own.get('queries', {}))}"
    )
    add("")


if __name__ == "__main__":
    # Re-write latest.md and docs/scaling.md from latest.json (e.g. after editing either).
    data = json.loads((RESULTS / "latest.json").read_text())
    print(write(data))
