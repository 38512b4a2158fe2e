"""`make bench`: Alongside's speed on a large council, measured through the real server.

Steps (each explained in its own module):

1. bench.prepare   build or reuse the small and large demo councils in their own
                   databases, set up the 2,000-entry chronology and the team of 20,
                   sign in through the real pages and copy the sessions;
2. bench.queries   queries per key page on each council (Django test client);
3. gunicorn        on 127.0.0.1 (BENCH_PORT, default 8765; BENCH_WORKERS, default 4
                   sync workers) against the large council;
4. wrk             each key page at 1 and at 20 concurrent connections
                   (BENCH_REQUESTS, default 200, is the least number of requests per
                   run; the duration is stretched until at least that many came back);
5. bench.floor     the hand-written SQL for each page, timed in the same run;
6. bench.recording a home visit recorded in Chromium from the child's record;
7. bench.census    the CIN census of the large council, built and validated;
8. bench.report    bench/results/latest.md and latest.json.

The wrk and gunicorn processes are started here and stopped here, by their ids.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import dbs, floor, report  # noqa: E402
from bench.pages import Page, key_pages  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WORK = ROOT / "var" / "bench"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
CONCURRENCY = [int(c) for c in os.environ.get("BENCH_CONCURRENCY", "1,20").split(",")]
BASE = f"http://127.0.0.1:{PORT}"


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def bench_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, ALONGSIDE_DEMO="1", PYTHONUNBUFFERED="1")
    env.pop("ALONGSIDE_TESTING", None)
    env.pop("ALONGSIDE_TEST_DB", None)
    env.pop("DJANGO_DEBUG", None)
    return env


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, check=True, text=True, **kwargs)  # noqa: S603


# --- CPU used on the machine, and by the benchmark's own processes -----------------------------


def _cpu_total() -> tuple[int, int]:
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values[:8]), idle


def _proc_cpu(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime, clock ticks
    except (OSError, IndexError, ValueError):
        return 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


class CpuMeter:
    """Share of the machine's CPU that went to processes other than the benchmark's own."""

    def __init__(self, gunicorn_pid: int, targets: dict[str, Any]) -> None:
        self.gunicorn = gunicorn_pid
        self.targets = targets

    def _ours(self) -> dict[int, int]:
        pids = [self.gunicorn, *_children(self.gunicorn), *self._backends()]
        return {pid: _proc_cpu(pid) for pid in pids}

    def _backends(self) -> list[int]:
        import psycopg

        try:
            with psycopg.connect(**self.targets["connect"], autocommit=True) as conn:
                rows = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                ).fetchall()
            return [row[0] for row in rows]
        except psycopg.Error:
            return []

    def start(self) -> None:
        self.total0, self.idle0 = _cpu_total()
        self.ours0 = self._ours()
        self.children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.load0 = os.getloadavg()[0]

    def stop(self) -> dict[str, float]:
        total, idle = _cpu_total()
        ours1 = self._ours()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        ticks = os.sysconf("SC_CLK_TCK")
        elapsed = max(1, total - self.total0)
        busy = (elapsed - (idle - self.idle0)) / elapsed
        server = sum(max(0, v - self.ours0.get(pid, 0)) for pid, v in ours1.items())
        wrk = (
            children.ru_utime
            + children.ru_stime
            - self.children0.ru_utime
            - self.children0.ru_stime
        ) * ticks
        share = (server + wrk) / elapsed
        return {
            "busy": round(busy, 3),
            "bench": round(min(busy, share), 3),
            "others": round(max(0.0, busy - share), 3),
            "load": round(max(self.load0, os.getloadavg()[0]), 2),
            # CPU seconds: gunicorn and the PostgreSQL backends serving it; wrk itself.
            "server_cpu_s": round(server / ticks, 2),
            "wrk_cpu_s": round(wrk / ticks, 2),
        }


# --- The server ---------------------------------------------------------------------------------


def _get(path: str, session: str | None = None, timeout: float = 30) -> int:
    request = urllib.request.Request(BASE + path)  # noqa: S310 - loopback only
    if session:
        request.add_header("Cookie", f"sessionid={session}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def page_status(path: str, session: str) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(BASE + path, headers={"Cookie": f"sessionid={session}"})  # noqa: S310
    try:
        with opener.open(request, timeout=60) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def start_gunicorn(env: dict[str, str]) -> subprocess.Popen[bytes]:
    try:
        if _get("/healthz", timeout=2) == 200:
            raise SystemExit(f"Something already answers on {BASE}: set BENCH_PORT to a free port")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        pass
    logfile = open(WORK / "gunicorn.log", "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(  # noqa: S603
        [
            GUNICORN,
            "alongside.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--backlog",
            "256",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(120):
        time.sleep(0.5)
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {WORK / 'gunicorn.log'}")
        try:
            if _get("/healthz", timeout=2) == 200:
                return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            continue
    process.terminate()
    raise SystemExit("gunicorn did not answer within 60 seconds")


def stop_gunicorn(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- wrk ----------------------------------------------------------------------------------------


def wrk(page: Page, sessions: list[str], connections: int, seconds: float) -> dict[str, Any]:
    threads = 1 if connections == 1 else 2
    env = dict(os.environ)
    env.update(
        BENCH_PATH=page.path,
        BENCH_COOKIES=",".join(sessions[:connections]),
        BENCH_THREADS=str(threads),
    )
    completed = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk") or "/usr/bin/wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "60s",
            "-s",
            str(ROOT / "bench" / "load.lua"),
            BASE,
        ],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=True,
    )
    line = [x for x in completed.stdout.splitlines() if x.startswith("{")][-1]
    result: dict[str, Any] = json.loads(line)
    duration = result["duration_us"] / 1e6
    result.update(
        connections=connections,
        p50_ms=result["p50_us"] / 1000,
        p95_ms=result["p95_us"] / 1000,
        p99_ms=result["p99_us"] / 1000,
        mean_ms=result["mean_us"] / 1000,
        throughput=result["requests"] / duration if duration else 0.0,
        seconds=round(duration, 1),
    )
    return result


def measure_page(page: Page, sessions: dict[str, list[str]], meter: CpuMeter) -> dict[str, Any]:
    mine = sessions[page.user]
    # Every session is used now and then, so none reaches the 30-minute idle limit.
    for keys in sessions.values():
        for key in keys:
            _get("/healthz", key)
    statuses = {page_status(page.path, key) for key in mine[: max(CONCURRENCY)]}
    if statuses != {200}:
        return {"error": f"{page.path} answered {sorted(statuses)} with the bench sessions"}
    # Warm up: per-worker caches, PostgreSQL's buffers; also an estimate of the time per request.
    started = time.perf_counter()
    for key in mine[:10]:
        page_status(page.path, key)
    estimate = (time.perf_counter() - started) / 10
    runs: dict[str, Any] = {}
    throughput = 1 / max(estimate, 1e-3)
    for connections in CONCURRENCY:
        want = REQUESTS
        seconds = max(5.0, 1.3 * want / throughput + 1)
        for _ in range(4):
            seconds = min(seconds, 900)
            meter.start()
            result = wrk(page, mine, connections, seconds)
            result["cpu"] = meter.stop()
            if result["requests"] >= want or seconds >= 900:
                break
            rate = max(result["throughput"], 0.05)
            seconds = max(seconds * 1.5, 1.4 * want / rate + 2)
            log(
                f"  {page.key} c={connections}: {result['requests']} requests, again for {seconds:.0f}s"
            )
        throughput = max(result["throughput"], 0.05)
        runs[str(connections)] = result
        log(
            f"  {page.key:<16} c={connections:<3} n={result['requests']:<5} "
            f"p50 {result['p50_ms']:8.1f} ms  p95 {result['p95_ms']:8.1f} ms  "
            f"{result['throughput']:6.1f} req/s  bad {result['bad']}  "
            f"other load {result['cpu']['others']:.0%}"
        )
    return runs


# --- Main ---------------------------------------------------------------------------------------


def table_sizes(targets: dict[str, Any], top: int = 14) -> list[dict[str, Any]]:
    """The largest tables of the large council: rows (planner estimate) and bytes on disk."""
    import psycopg

    with psycopg.connect(**targets["connect"], autocommit=True) as conn:
        conn.execute("ANALYZE")
        rows = conn.execute(
            "SELECT c.relname, greatest(c.reltuples, 0)::bigint, pg_total_relation_size(c.oid) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
            "ORDER BY 3 DESC LIMIT %s",
            [top],
        ).fetchall()
    return [{"table": name, "rows": count, "bytes": size} for name, count, size in rows]


def prepare(size: str, database: str) -> dict[str, Any]:
    out = WORK / f"{size}.json"
    run([PY, "-m", "bench.prepare", "--size", size, "--database", database, "--out", str(out)])
    return json.loads(out.read_text())


def count_queries(targets: dict[str, Any]) -> dict[str, Any]:
    out = WORK / f"queries-{targets['size']}.json"
    run([PY, "-m", "bench.queries", str(WORK / f"{targets['size']}.json"), str(out)])
    return json.loads(out.read_text())


def main() -> int:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `make bench` installs it with apt-get")
    WORK.mkdir(parents=True, exist_ok=True)
    began = time.time()
    log(f"databases: {dbs.SMALL} (small) and {dbs.LARGE} (large)")
    small = prepare("small", dbs.SMALL)
    large = prepare("large", dbs.LARGE)
    queries = {"small": count_queries(small), "large": count_queries(large)}
    log("one statement through Django's ORM and through psycopg")
    statement_out = WORK / "statement-cost.json"
    run([PY, "-m", "bench.statement_cost", str(WORK / "large.json"), str(statement_out)])
    statement_cost = json.loads(statement_out.read_text())

    env = bench_env(large["database_url"])
    run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env)
    log(f"gunicorn on {BASE}, {WORKERS} workers, database {large['build']['database']}")
    server = start_gunicorn(env)
    loads: dict[str, Any] = {}
    recording: dict[str, Any] = {}
    floors: dict[str, Any] = {}
    app_sql: dict[str, Any] = {}
    baseline: dict[str, Any] = {}
    try:
        meter = CpuMeter(server.pid, large)
        pages = key_pages(large)
        for page in pages:
            log(f"{page.key}: {page.path} as the {page.user}")
            loads[page.key] = measure_page(page, large["sessions"], meter)
        # What a signed-in page costs when it reads nothing but the session: the layout and a
        # form. No page can be faster than this, whatever its SQL.
        empty = Page("empty", "Find a person, before a name is entered", "worker", "/staff/people/")
        log(f"a signed-in page with nothing to read: {empty.path}")
        meter.start()
        baseline = wrk(empty, large["sessions"]["worker"], 1, 10)
        baseline["cpu"] = meter.stop()
        log(f"  empty            p50 {baseline['p50_ms']:.1f} ms  {baseline['requests']} requests")
        log("floor: hand-written SQL for each page")
        floors = floor.measure(large)
        for key, value in floors.items():
            log(f"  {key:<16} {value}")
        log("the pages' own SQL, re-run one statement after another")
        app_sql = floor.measure_app_sql(large, WORK / "sql")
        for key, value in app_sql.items():
            log(f"  {key:<16} {value}")
        log("recording burden: a home visit in Chromium")
        rec_out = WORK / "recording.json"
        try:
            run([PY, "-m", "bench.recording", str(WORK / "large.json"), BASE, str(rec_out)])
            recording = json.loads(rec_out.read_text())
        except subprocess.CalledProcessError as error:
            recording = {"error": f"the recording script failed ({error.returncode})"}
    finally:
        stop_gunicorn(server)
    log("the CIN census of the large council: built, then checked by DfE's rules")
    census_out = WORK / "census-large.json"
    try:
        run([PY, "-m", "bench.census", str(WORK / "large.json"), str(census_out)])
        census = json.loads(census_out.read_text())
    except subprocess.CalledProcessError as error:
        census = {"error": f"the census step failed ({error.returncode})"}
    sizes = table_sizes(large)
    results = {
        "began": began,
        "minutes": round((time.time() - began) / 60, 1),
        "settings": {
            "workers": WORKERS,
            "requests": REQUESTS,
            "concurrency": CONCURRENCY,
            "port": PORT,
        },
        "small": {k: v for k, v in small.items() if k != "sessions"},
        "large": {k: v for k, v in large.items() if k != "sessions"},
        "pages": [page.__dict__ for page in key_pages(large)],
        "queries": queries,
        "loads": loads,
        "baseline": baseline,
        "floors": floors,
        "app_sql": app_sql,
        "statement_cost": statement_cost,
        "recording": recording,
        "census": census,
        "table_sizes": sizes,
    }
    path = report.write(results)
    log(f"results written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
