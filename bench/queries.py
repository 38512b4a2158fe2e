"""Queries per key page, on one prepared council.

    python -m bench.queries var/bench/large.json var/bench/queries-large.json

Each page is requested twice with Django's test client carrying a session made by
bench.prepare (the first request warms per-process caches); the second is counted
with CaptureQueriesContext. Every statement Django sends is counted, the session
read and write and the access-log insert included. The statements themselves go
to var/bench/sql/<size>-<page>.sql for reading.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import council  # noqa: E402
from bench.pages import key_pages  # noqa: E402


def _shape(sql: str) -> str:
    """The statement with its literal values blanked, to spot the same query repeated."""
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)


def main() -> int:
    targets = json.loads(Path(sys.argv[1]).read_text())
    out = Path(sys.argv[2])
    council.use(targets)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    sql_dir = ROOT / "var" / "bench" / "sql"
    sql_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for page in key_pages(targets):
        client = Client()
        client.cookies["sessionid"] = targets["sessions"][page.user][-1]
        client.get(page.path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
        statements = [q["sql"] for q in captured.captured_queries]
        repeated = Counter(_shape(s) for s in statements)
        results[page.key] = {
            "path": page.path,
            "status": response.status_code,
            "queries": len(statements),
            "most_repeated": max(repeated.values()) if repeated else 0,
            "bytes": len(response.content),
        }
        (sql_dir / f"{targets['size']}-{page.key}.sql").write_text(
            "\n\n".join(f"-- {i + 1}\n{s};" for i, s in enumerate(statements)) + "\n"
        )
        print(
            f"[queries] {targets['size']:>5} {page.key:<16} {response.status_code} "
            f"{len(statements):>3} queries",
            flush=True,
        )
    out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
