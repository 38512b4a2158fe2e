"""Two versions of the code, timed side by side on the same prepared council.

    python -m bench.compare <commit> [page ...] [--rounds 3] [--requests 30]

This machine's speed drifts by tens of percent within an hour, so a page timed now and
the same page timed in an earlier `make bench` cannot say whether a change made it faster.
This checks ``commit`` out into a worktree under ``var/bench/`` and times each key page
(bench.pages, with the sessions bench.prepare made) in-process with Django's test client,
the old code and the working tree in turn, round after round, and prints each page's
median for both and their ratio. The database is the large council as it is now, so the
older code must read its schema (migrations since then only add). For reading while
making a page faster; `make bench` does not run it. Each version uses its own
``bench.pages``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
PY = str(ROOT / ".venv" / "bin" / "python")

# Run in a child process whose first import path is one version of the code.
_CHILD = """
import json, os, statistics, sys, time
sys.path.insert(0, os.environ["CODE_ROOT"])
targets = json.loads(open(os.environ["TARGETS"]).read())
os.environ["DATABASE_URL"] = targets["database_url"]
os.environ["ALONGSIDE_DEMO"] = "1"
os.environ.pop("ALONGSIDE_TESTING", None)
os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
os.environ["DJANGO_SETTINGS_MODULE"] = "alongside.settings"
import django
django.setup()
from django.test import Client
from bench.pages import key_pages
wanted = set(json.loads(os.environ["PAGES"]))
out = {}
for page in key_pages(targets):
    if wanted and page.key not in wanted:
        continue
    client = Client()
    client.cookies["sessionid"] = targets["sessions"][page.user][-1]
    for _ in range(3):
        assert client.get(page.path).status_code == 200, page.path
    times = []
    for _ in range(int(os.environ["REQUESTS"])):
        started = time.perf_counter()
        client.get(page.path)
        times.append((time.perf_counter() - started) * 1000)
    out[page.key] = statistics.median(times)
print(json.dumps(out))
"""


def worktree(commit: str) -> Path:
    sha = subprocess.run(  # noqa: S603
        ["git", "rev-parse", "--short", commit],  # noqa: S607
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    path = WORK / f"compare-{sha}"
    if not path.exists():
        subprocess.run(  # noqa: S603
            ["git", "worktree", "add", "--detach", str(path), sha],  # noqa: S607
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
    return path


def timed(code: Path, pages: list[str], requests: int, targets: Path) -> dict[str, float]:
    env = dict(os.environ)
    env.update(
        CODE_ROOT=str(code),
        TARGETS=str(targets),
        PAGES=json.dumps(pages),
        REQUESTS=str(requests),
    )
    done = subprocess.run(  # noqa: S603
        [PY, "-W", "ignore", "-c", _CHILD], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit")
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--targets", type=Path, default=WORK / "large.json")
    args = parser.parse_args()
    old = worktree(args.commit)
    runs: dict[str, dict[str, list[float]]] = {"old": {}, "new": {}}
    for n in range(args.rounds):
        for name, code in (("old", old), ("new", ROOT)):
            for key, ms in timed(code, args.pages, args.requests, args.targets).items():
                runs[name].setdefault(key, []).append(ms)
        print(f"round {n + 1} of {args.rounds} done", file=sys.stderr)
    print(f"{'page':<18}{args.commit[:10]:>12}{'working tree':>14}{'new ÷ old':>11}")
    for key, before in runs["old"].items():
        a, b = statistics.median(before), statistics.median(runs["new"][key])
        print(f"{key:<18}{a:>10.1f}ms{b:>12.1f}ms{b / a:>11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
