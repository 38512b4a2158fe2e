"""Write docs/scaling.md from bench/scaling_template.md and a run's results.

The template holds the prose that does not change from run to run; the sections that
quote numbers are built here from latest.json, so the page always says what the last
run measured:

    @RUN_DATE@            when and from which commit
    @RESULTS@             the key pages: times, floors, CPU a request, queries
    @ONE_COUNCIL_SIZING@  the benchmark council's peak load on the measured CPU costs
    @NATIONAL@            England's yearly volume extrapolated from the same numbers

Every assumption that is not measured is a named constant below and is stated on the page.
"""

from __future__ import annotations

import datetime
import math
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "bench" / "scaling_template.md"
PAGE = ROOT / "docs" / "scaling.md"

# England's yearly volume (the figures: DfE Children in Need statistics, rounded).
ENGLAND_REFERRALS = 650_000
ENGLAND_CHILDREN_IN_NEED = 400_000
ENGLAND_COUNCILS = 153
# Assumptions, stated on the page.
PAGES_PER_MINUTE = 2  # a busy member of staff at the peak: a page every 30 seconds
CHILDREN_PER_WORKER = 16  # a caseworker's caseload
STAFF_PER_CASEWORKER = 1.4  # managers, front door, data team and others beside caseworkers
TARGET_BUSY = 0.6  # plan machines to be at most 60% busy at the peak
WORKING_DAYS = 250
PEAK_HOURS_A_DAY = 6  # a working day's pages, as if spread over six busy hours
WIDTH = 88


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:,.1f}" if value >= 1 else f"{value:.2f}"


def _cpu_ms(run: dict[str, Any]) -> float | None:
    cpu = run.get("cpu") or {}
    if not cpu.get("server_cpu_s") or not run.get("requests"):
        return None
    return float(cpu["server_cpu_s"]) * 1000 / int(run["requests"])


def _page_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per key page with the numbers this page quotes."""
    top = str(max(results["settings"]["concurrency"]))
    rows = []
    for page in results["pages"]:
        key = page["key"]
        load = results["loads"].get(key) or {}
        one, many = load.get("1") or {}, load.get(top) or {}
        floor = (results["floors"].get(key) or {}).get("p50_ms")
        own = ((results.get("app_sql") or {}).get(key) or {}).get("p50_ms")
        queries = (results["queries"]["large"].get(key) or {}).get("queries")
        small = (results["queries"]["small"].get(key) or {}).get("queries")
        p50 = one.get("p50_ms")
        rows.append(
            {
                "key": key,
                "title": page["title"],
                "p50": p50,
                "floor": floor,
                "ratio": p50 / floor if p50 and floor else None,
                "p95": many.get("p95_ms"),
                "cpu": _cpu_ms(many),
                "own_sql": own,
                "queries": queries,
                "flat": queries is not None and queries == small,
                "others": (many.get("cpu") or {}).get("others"),
            }
        )
    return rows


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def run_date(results: dict[str, Any]) -> str:
    when = datetime.datetime.fromisoformat(results["date"])
    return f"{when:%-d %B %Y} (commit {results['commit']})"


def results_section(results: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    top = max(results["settings"]["concurrency"])
    m = results["machine"]
    others = [r["others"] for r in rows if r["others"] is not None]
    ratio_ok = sum(1 for r in rows if r["ratio"] is not None and r["ratio"] <= 5)
    p95_ok = sum(1 for r in rows if r["p95"] is not None and r["p95"] < 1000)
    flat = sum(1 for r in rows if r["flat"])
    lines = [
        "## What the latest run measured",
        "",
        f"On {m['cpus']} × {m['cpu_model']} with gunicorn, PostgreSQL and wrk sharing the "
        f"CPUs; other programs used on average {_mean(others):.0%} of the machine while the "
        f"pages were measured at {top} connections, so absolute times are slower than on an "
        "idle machine and the ratios are the steadier figures. Full tables, and why each "
        "missed target is missed: [bench/results/latest.md](../bench/results/latest.md).",
        "",
        f"| page | p50 at 1 (ms) | floor (ms) | page ÷ floor | p95 at {top} (ms) "
        "| server CPU a request (ms) | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.1f}"
        lines.append(
            f"| {r['title']} | {_ms(r['p50'])} | {_ms(r['floor'])} | {ratio} | {_ms(r['p95'])} "
            f"| {_ms(r['cpu'])} | {r['queries'] if r['queries'] is not None else '—'} |"
        )
    lines += [
        "",
        f"Targets: page ÷ floor at most 5 on {ratio_ok} of {len(rows)} pages; the same number "
        f"of queries on the small and the large council on {flat} of {len(rows)}; p95 at {top} "
        f'connections under a second on {p95_ok} of {len(rows)}. "Server CPU a request" is '
        "the CPU time gunicorn and the PostgreSQL backends serving it spent on each request "
        f"at {top} connections: it does not depend on what else the machine was doing, and "
        "the sizing below is built on it.",
    ]
    return "\n".join(lines)


def _cpu_mix(rows: list[dict[str, Any]]) -> tuple[float, float]:
    """Mean server CPU ms of a key page, and the share of page time that is its own SQL."""
    cpu = _mean([r["cpu"] for r in rows if r["cpu"]])
    sql_share = _mean(
        [min(1.0, r["own_sql"] / r["p50"]) for r in rows if r["own_sql"] and r["p50"]]
    )
    return cpu, sql_share


def _cores(pages_per_second: float, cpu_ms: float) -> float:
    return pages_per_second * cpu_ms / 1000 / TARGET_BUSY


def _size_bytes(results: dict[str, Any]) -> int | None:
    text = (results["machine"].get("postgresql") or {}).get("database_size", "")
    number, _, unit = text.partition(" ")
    scale = {"kB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}.get(unit)
    try:
        return int(float(number) * scale) if scale else None
    except ValueError:
        return None


def one_council_section(results: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    counts = results["large"]["counts"]
    staff = int(counts["staff"])
    cpu, sql_share = _cpu_mix(rows)
    rate = staff * PAGES_PER_MINUTE / 60
    cores = _cores(rate, cpu)
    size = _size_bytes(results)
    referrals = counts.get("referrals")
    worst = max((r for r in rows if r["cpu"]), key=lambda r: r["cpu"], default=None)
    lines = [
        "### Sizing one council",
        "",
        f"The benchmark council has {counts['children']:,} children with a case, "
        f"{counts['open_cases']:,} open cases and {staff} staff. If every member of staff were "
        f"busy at once, each opening a page every {60 // PAGES_PER_MINUTE} seconds, that is "
        f"{rate:.0f} pages a second. The key pages cost on average {_ms(cpu)} ms of CPU each "
        f"(web process and database together; about {sql_share:.0%} of a page's time is its "
        f"own SQL), so the peak needs {rate * cpu / 1000:.1f} CPU cores busy, or "
        f"{cores:.1f} cores kept at most {TARGET_BUSY:.0%} busy.",
        "",
        f"- **Web:** two machines with {max(2, math.ceil(cores / 2))} cores each (either "
        "one carries the council alone when the other is down), gunicorn with two sync "
        "workers a core.",
        "- **Database:** a primary with 4 cores and memory for the whole database "
        + (f"({size / 1024**3:.1f} GB for this council)" if size else "")
        + ", and a streaming replica of the same size; at the peak the pages' SQL keeps "
        f"about {rate * cpu / 1000 * sql_share:.1f} of its cores busy.",
        "- **Task workers:** two `db_worker` processes, on the web machines.",
    ]
    if worst is not None:
        lines.append(
            f"- **The dearest page** is {worst['title']} at {_ms(worst['cpu'])} ms of "
            "CPU: a manager opening it every 30 seconds costs about "
            f"{worst['cpu'] / 30 / 10:.1f}% of a core."
        )
    if size and referrals:
        lines.append(
            f"- **Storage:** {size / 1024**3:.1f} GB holds {referrals:,} referrals with their "
            f"whole journey and {counts['entries']:,} chronology entries (history tables "
            f"included), about {size / referrals / 1024:,.0f} kB a referral."
        )
    lines += [
        "",
        "Not measured here and to be tested before go-live: writes at volume (recording, "
        "the access log at every read), the DfE census build, and PgBouncer in front of "
        "many web processes.",
    ]
    return "\n".join(lines)


def national_section(results: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    counts = results["large"]["counts"]
    cpu, sql_share = _cpu_mix(rows)
    referrals = int(counts.get("referrals") or 0)
    size = _size_bytes(results)
    caseworkers = ENGLAND_CHILDREN_IN_NEED / CHILDREN_PER_WORKER
    staff = caseworkers * STAFF_PER_CASEWORKER
    rate = staff * PAGES_PER_MINUTE / 60
    cores = _cores(rate, cpu)
    db_cores = cores * sql_share
    pages_a_year = staff * PAGES_PER_MINUTE * 60 * PEAK_HOURS_A_DAY * WORKING_DAYS
    lines = [
        "### England's yearly volume",
        "",
        f"England makes about {ENGLAND_REFERRALS:,} referrals a year and has about "
        f"{ENGLAND_CHILDREN_IN_NEED:,} children in need at any time, across "
        f"{ENGLAND_COUNCILS} councils.",
        "",
    ]
    if referrals:
        scale = ENGLAND_REFERRALS / referrals
        lines.append(
            f"- **Data:** the benchmark council holds {referrals:,} referrals, so a year of "
            f"England's referrals is {scale:.1f} such councils: about "
            f"{scale * int(counts['entries']) / 1e6:,.0f} million chronology entries a year"
            + (f" and {scale * size / 1024**3:,.0f} GB a year of database" if size else "")
            + ", before the access log. Kept for 25 years or more, that is hundreds of "
            "millions of entries and history rows: partition the entries, history and "
            "access-log tables by council (and the access log by month) from the start."
        )
    lines += [
        f"- **Staff and requests:** at {CHILDREN_PER_WORKER} children a caseworker, "
        f"{ENGLAND_CHILDREN_IN_NEED:,} children need about {caseworkers:,.0f} caseworkers; "
        f"with managers and others about {staff:,.0f} staff. At the same peak as above (a "
        f"page every {60 // PAGES_PER_MINUTE} seconds each, everyone at once: an upper "
        f"bound) that is {rate:,.0f} pages a second.",
        f"- **CPU:** at the measured {_ms(cpu)} ms a page, {rate * cpu / 1000:,.0f} cores "
        f"busy, {cores:,.0f} cores at most {TARGET_BUSY:.0%} busy: of those about "
        f"{db_cores:,.0f} for PostgreSQL (its share of page time) and the rest for web "
        "processes, which scale out freely. No single PostgreSQL server should carry that "
        f"alone: a Citus cluster with the councils spread over 8 or more worker nodes, or "
        f"one primary per region, each with replicas.",
        f"- **Access log:** every read writes a row; at {PEAK_HOURS_A_DAY} busy hours a day "
        f"that is about {pages_a_year / 1e9:,.1f} billion rows a year nationally, the "
        "largest table by far: monthly partitions, moved to cheaper storage after a year.",
        "",
        "These are extrapolations from one council on a shared 2-core machine, not "
        "measurements of a national service; the assumptions (caseload, staff a caseworker, "
        "pages a minute, 60% busy) are named in bench/scaling.py.",
    ]
    return "\n".join(lines)


def _wrap(section: str) -> str:
    """Wrap paragraphs and list items at the width of the rest of the page; tables stay."""
    out = []
    for line in section.split("\n"):
        if line.startswith("|") or len(line) <= WIDTH:
            out.append(line)
        elif line.startswith("- "):
            out.append(textwrap.fill(line, WIDTH, subsequent_indent="  "))
        else:
            out.append(textwrap.fill(line, WIDTH))
    return "\n".join(out)


def write(results: dict[str, Any]) -> Path:
    rows = _page_rows(results)
    text = TEMPLATE.read_text()
    for marker, value in (
        ("@RUN_DATE@", run_date(results)),
        ("@RESULTS@", results_section(results, rows)),
        ("@ONE_COUNCIL_SIZING@", one_council_section(results, rows)),
        ("@NATIONAL@", national_section(results, rows)),
    ):
        text = text.replace(marker, _wrap(value))
    PAGE.write_text(text)
    return PAGE
