"""The CIN census of one prepared council: built from the record, then checked by DfE's rules.

    python -m bench.census var/bench/large.json var/bench/census-large.json

Builds this collection year's return exactly as the data team's page and
``manage.py cin_census`` do (one consistent snapshot of the database), writes it to
var/bench/, runs the DfE validator on it in its own environment (installed on first
use), and runs Alongside's own in-year checks over the whole council. Each part is
timed; the findings are counted by rule so the report can say how clean the return is.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import council  # noqa: E402


def main() -> int:
    targets = json.loads(Path(sys.argv[1]).read_text())
    out = Path(sys.argv[2])
    council.use(targets)

    from django.utils import timezone

    from alongside.returns.census import collection_year_for
    from alongside.returns.checks import RULES
    from alongside.returns.selectors import census_check
    from alongside.returns.services import cin_census_build
    from alongside.returns.validator import ensure_venv, validate_file

    year = collection_year_for(timezone.localdate())
    ensure_venv()  # installing the validator is not part of the time it takes to check

    began = time.perf_counter()
    built = cin_census_build(year=year)
    build_seconds = time.perf_counter() - began
    path = out.parent / f"cin_census_{targets['size']}_{year}.xml"
    path.write_bytes(built.xml)

    began = time.perf_counter()
    result = validate_file(path, year)
    validate_seconds = time.perf_counter() - began

    began = time.perf_counter()
    check = census_check(year)
    check_seconds = time.perf_counter() - began
    own = Counter((RULES[p.code].severity, p.code) for p in check.problems)

    summary = {
        "size": targets["size"],
        "year": year,
        "children": built.counts.children,
        "episodes": built.counts.episodes,
        "bytes": len(built.xml),
        "build_seconds": round(build_seconds, 2),
        "validate_seconds": round(validate_seconds, 2),
        "validator_parts": result.seconds,
        "check_seconds": round(check_seconds, 2),
        "ruleset": result.ruleset,
        "rules_run": result.rules_run,
        "schema_errors": len(result.schema_errors),
        "errors": dict(Counter(f.code for f in result.errors)),
        "queries": dict(Counter(f.code for f in result.queries)),
        "return_level": dict(Counter(f.code for f in result.return_level)),
        "rules_crashed": result.rules_crashed,
        "clean": result.clean,
        "own_checks": {
            "errors": {code: n for (kind, code), n in own.items() if kind == "error"},
            "queries": {code: n for (kind, code), n in own.items() if kind != "error"},
        },
    }
    out.write_text(json.dumps(summary, indent=2, sort_keys=True))
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
