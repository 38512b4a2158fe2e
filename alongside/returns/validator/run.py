"""Run the DfE CIN census checks on one XML file and print the findings as JSON.

This script runs in the validator's own virtual environment (``csc-validator-be-cin``
pins pandas 1.x, which needs numpy 1.x), never in Alongside's: it imports neither
Django nor Alongside. ``alongside.returns.validator.validate_file`` starts it.

Steps: the file against the XML schema (``--xsd``, with lxml); the file through the
validator's own ingress (``cin_validator.ingress.XMLtoCSV``, the reader DfE's rules
are written for); every rule of the year's rule pack. Issues are listed one per rule
and child, errors apart from queries; whole-return (LA level) findings, and any rule
that crashed, are listed too, so nothing is hidden.

    python run.py FILE.xml --ruleset cin2025_26 [--xsd cin_census.xsd]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import sys
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ProcessPoolExecutor
from typing import Any

CHUNK = 250  # children per pass of the validator's reader, which slows as its tables grow


def schema_errors(path: str, xsd: str) -> list[dict[str, Any]]:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(xsd))
    document = etree.parse(path)
    if schema.validate(document):
        return []
    return [{"line": e.line, "message": e.message} for e in schema.error_log]


def _read_slice(xml: bytes) -> dict[str, Any]:
    from cin_validator import cin_validator

    return cin_validator.convert_data(ET.fromstring(xml))  # noqa: S314 - a slice of our file


def read_tables(root: ET.Element, workers: int | None = None) -> dict[str, Any]:
    """The validator's tables from its own reader, fed a few hundred children at a time.

    Its reader appends each child's rows to growing tables one child at a time, which
    costs a few milliseconds a child whatever is done; slices spread that over every
    core. Row order and every generated id (CINdetailsID, AssessmentID and CPPID
    count within each child) come out exactly as from one pass over the whole file.
    """
    import pandas as pd
    from cin_validator import cin_validator

    header = root.find("Header")
    children = root.find("Children")
    every = list(children) if children is not None else []
    slices = []
    for start in range(0, max(len(every), 1), CHUNK):
        message = ET.Element("Message")
        if header is not None:
            message.append(header)
        batch = ET.SubElement(message, "Children")
        batch.extend(every[start : start + CHUNK])
        slices.append(ET.tostring(message))
    workers = workers or min(len(slices), os.cpu_count() or 1)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            parts = list(pool.map(_read_slice, slices))
    else:
        parts = [_read_slice(xml) for xml in slices]
    tables = {
        name: pd.concat([part[name] for part in parts], ignore_index=True)
        if name != "Header"
        else parts[0][name]
        for name in parts[0]
    }
    return cin_validator.process_data(tables)


def run_rules(tables: dict[str, Any], ruleset: str) -> dict[str, Any]:
    from cin_validator import cin_validator

    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    kinds = {str(code): rule.rule_type.name.lower() for code, rule in registry.items()}
    messages = {str(code): rule.message for code, rule in registry.items()}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        validator = cin_validator.CinValidator(tables, registry)
    found: dict[tuple[str, str], set[str]] = {}
    for row in validator.full_issue_df.to_dict("records"):
        key = (str(row["rule_code"]), str(row.get("child_id", "")))
        found.setdefault(key, set()).add(f"{row['tables_affected']}.{row['columns_affected']}")
    issues = [
        {
            "code": code,
            "kind": kinds.get(code, "error"),
            "message": messages.get(code, ""),
            "child": child,
            "fields": sorted(fields),
        }
        for (code, child), fields in sorted(found.items())
    ]
    return_level = [
        {"code": str(c), "kind": kinds.get(str(c), "error"), "message": messages.get(str(c), "")}
        for c in sorted({str(c) for c in validator.multichild_issues["rule_code"]})
    ]
    crashed = [line for line in printed.getvalue().splitlines() if line.startswith("Error with")]
    return {
        "rules_run": len(registry),
        "errors": [i for i in issues if i["kind"] == "error"],
        "queries": [i for i in issues if i["kind"] == "query"],
        "return_level": return_level,
        "rules_crashed": crashed,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--ruleset", required=True)
    parser.add_argument("--xsd", default="")
    args = parser.parse_args(argv)
    timings: dict[str, float] = {}
    began = time.perf_counter()
    result: dict[str, Any] = {"ruleset": args.ruleset, "schema": args.xsd or None}
    result["schema_errors"] = schema_errors(args.path, args.xsd) if args.xsd else []
    timings["schema"] = time.perf_counter() - began
    tables = read_tables(ET.parse(args.path).getroot())  # noqa: S314 - the file we just wrote
    timings["read"] = time.perf_counter() - began - timings["schema"]
    result["children"] = len(tables["ChildIdentifiers"])
    result.update(run_rules(tables, args.ruleset))
    timings["rules"] = time.perf_counter() - began - timings["schema"] - timings["read"]
    result["seconds"] = {k: round(v, 2) for k, v in timings.items()}
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
