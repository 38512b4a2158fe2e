"""What one statement costs through Django's ORM and through psycopg, on one prepared council.

    python -m bench.statement_cost var/bench/large.json var/bench/statement-cost.json

Two reads every page makes in some form: one row by its key (the signed-in user) and a
page of rows with two joined tables (the newest 50 entries of the bench chronology
with their authors). Each is timed, in this process, three ways: the SQL Django sends,
through psycopg (as the floors are timed); the same SQL through Django's cursor (its
type loaders and wrappers); and the ORM building the query, compiling it, running it
and making model objects of the rows, as a page does. The difference is the Python
between a page and its floor that no SQL change removes.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import council  # noqa: E402

ROUNDS = 300


def _median_ms(work: Callable[[], Any]) -> float:
    for _ in range(20):
        work()
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 3)


def main() -> int:
    targets = json.loads(Path(sys.argv[1]).read_text())
    out = Path(sys.argv[2])
    council.use(targets)
    import psycopg
    from django.db import connection

    from alongside import policy
    from alongside.accounts.models import User
    from alongside.cases.models import Case
    from alongside.chronology.selectors import chronology_for

    worker = User.objects.get(pk=targets["worker"]["id"])
    case = Case.objects.get(pk=targets["case"]["id"])
    access = policy.case_access(worker, case)

    def user_query() -> Any:
        return User.objects.filter(pk=worker.pk)

    def entries_query() -> Any:
        return chronology_for(worker, case, access).prefetch_related(None)[:50]

    raw = psycopg.connect(**targets["connect"], autocommit=True)
    results: dict[str, Any] = {}
    for key, title, make in (
        ("one_row", "one user by id", user_query),
        ("page_of_rows", "the newest 50 chronology entries with their authors", entries_query),
    ):
        sql, params = make().query.sql_with_params()

        def through_psycopg(sql: str = sql, params: Any = params) -> None:
            with psycopg.ClientCursor(raw) as cursor:
                cursor.execute(sql, params, prepare=False)
                cursor.fetchall()

        def through_django_cursor(sql: str = sql, params: Any = params) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        def orm(make: Callable[[], Any] = make) -> None:
            list(make())

        def compile_only(make: Callable[[], Any] = make) -> None:
            make().query.sql_with_params()

        results[key] = {
            "title": title,
            "rows": len(list(make())),
            "psycopg_ms": _median_ms(through_psycopg),
            "django_cursor_ms": _median_ms(through_django_cursor),
            "orm_ms": _median_ms(orm),
            "build_and_compile_ms": _median_ms(compile_only),
        }
        print(f"[statement] {key:<13} {results[key]}", flush=True)
    raw.close()
    out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
