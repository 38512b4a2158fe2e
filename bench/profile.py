"""Where a key page spends its Python time, on one prepared council.

    python -m bench.profile var/bench/small.json my_work [repeats [function ...]]
    python -m bench.profile var/bench/small.json /staff/people/   (any path, as the worker)

Requests the page through Django's test client with a session made by bench.prepare
(once to warm per-process caches), then ``repeats`` times (default 20) under cProfile,
and prints the functions that take the most time, by their own time and with what
they call. For reading while making a page faster; `make bench` does not run it.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import council  # noqa: E402
from bench.pages import Page, key_pages  # noqa: E402


def main() -> int:
    targets = json.loads(Path(sys.argv[1]).read_text())
    key = sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    council.use(targets)
    from django.test import Client

    if key.startswith("/"):  # any page, as the worker
        page = Page("path", key, "worker", key)
    else:
        page = next(p for p in key_pages(targets) if p.key == key)
    client = Client()
    client.cookies["sessionid"] = targets["sessions"][page.user][-1]
    assert client.get(page.path).status_code == 200
    started = time.perf_counter()
    for _ in range(repeats):
        client.get(page.path)
    plain = (time.perf_counter() - started) / repeats
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeats):
        client.get(page.path)
    profiler.disable()
    print(f"{page.title}: {plain * 1000:.1f} ms a request without the profiler")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(45)
    for name in sys.argv[4:]:
        stats.print_callers(name)
        stats.print_callees(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
