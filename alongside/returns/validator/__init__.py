"""The DfE CIN census validator, run in its own virtual environment, answering as data.

``validate_file(path, year)`` checks a return against ``schema/cin_census.xsd`` and the
DfE validation rules for its year as the data-to-insight validator implements them
(``csc-validator-be-cin``). That package pins pandas 1.x, and with it numpy 1.x, so it
lives in its own environment (``var/cin-validator-venv``, or ``ALONGSIDE_CIN_VALIDATOR_VENV``),
made with pip on first use from ``requirements.txt`` and remade when that file changes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess  # noqa: S404 - runs our own script with our own interpreter
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from alongside.returns.census import ruleset_for

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "requirements.txt"
SCRIPT = HERE / "run.py"
SCHEMA = HERE.parent / "schema" / "cin_census.xsd"
# The newest rule pack the pinned validator has; later years are checked with it.
LATEST_RULESET_YEAR = 2027


def venv_path() -> Path:
    default = Path(settings.BASE_DIR) / "var" / "cin-validator-venv"
    return Path(os.environ.get("ALONGSIDE_CIN_VALIDATOR_VENV", default))


def _python(venv: Path) -> Path:
    return venv / "bin" / "python"


def ensure_venv() -> Path:
    """The validator's interpreter, installing it first if it is missing or out of date."""
    venv = venv_path()
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = venv / ".requirements.sha256"
    if stamp.exists() and stamp.read_text().strip() == wanted:
        return _python(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f".{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel test workers wait for one install
        if stamp.exists() and stamp.read_text().strip() == wanted:
            return _python(venv)
        if not _python(venv).exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [str(_python(venv)), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)],
            check=True,
        )
        stamp.write_text(wanted)
    return _python(venv)


@dataclass(frozen=True)
class Finding:
    code: str
    kind: str
    message: str
    child: str = ""
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValidatorResult:
    ruleset: str
    children: int
    rules_run: int
    schema_errors: list[dict[str, Any]]
    errors: list[Finding]
    queries: list[Finding]
    return_level: list[Finding]
    rules_crashed: list[str]
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        """No schema error, no rule error and no whole-return error; queries may remain."""
        return not (
            self.schema_errors
            or self.errors
            or self.rules_crashed
            or any(f.kind == "error" for f in self.return_level)
        )

    def summary(self) -> str:
        def codes(findings: list[Finding]) -> str:
            counted: dict[str, int] = {}
            for f in findings:
                counted[f.code] = counted.get(f.code, 0) + 1
            return ", ".join(f"{c} x{n}" for c, n in sorted(counted.items())) or "none"

        return "\n".join(
            [
                f"{self.children} children checked against {self.rules_run} rules ({self.ruleset})",
                f"schema errors: {len(self.schema_errors)}",
                f"errors: {codes(self.errors)}",
                f"queries: {codes(self.queries)}",
                f"whole-return findings: {codes(self.return_level)}",
                f"rules that crashed: {len(self.rules_crashed)}",
            ]
        )


def _findings(rows: list[dict[str, Any]]) -> list[Finding]:
    return [
        Finding(r["code"], r["kind"], r["message"], r.get("child", ""), tuple(r.get("fields", ())))
        for r in rows
    ]


def validate_file(path: str | Path, year: int, *, schema: Path | None = SCHEMA) -> ValidatorResult:
    """Check one CIN census file; raises if the validator itself cannot run."""
    python = ensure_venv()
    ruleset = ruleset_for(min(year, LATEST_RULESET_YEAR))
    command = [str(python), str(SCRIPT), str(path), "--ruleset", ruleset]
    if schema is not None:
        command += ["--xsd", str(schema)]
    done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"The CIN validator could not run:\n{done.stderr[-3000:]}")
    data = json.loads(done.stdout)
    return ValidatorResult(
        ruleset=data["ruleset"],
        children=data["children"],
        rules_run=data["rules_run"],
        schema_errors=data["schema_errors"],
        errors=_findings(data["errors"]),
        queries=_findings(data["queries"]),
        return_level=_findings(data["return_level"]),
        rules_crashed=data["rules_crashed"],
        seconds=data.get("seconds", {}),
    )
