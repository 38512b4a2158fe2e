"""Write the Children in Need census for a collection year to a file.

    manage.py cin_census --year 2026 --out cin-2026.xml [--validate]

The year is the one ending 31 March. The build is recorded as a ReturnExport with the
file's SHA-256. --validate then runs the DfE rules on the file in the validator's own
environment (made on first use) and lists errors and queries.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.returns.services import cin_census_write
from alongside.returns.validator import validate_file


class Command(BaseCommand):
    help = "Write the CIN census XML for the collection year ending 31 March YEAR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument(
            "--validate", action="store_true", help="Run the DfE validator on the file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        out: Path = options["out"]
        began = time.perf_counter()
        try:
            built, export = cin_census_write(year=year)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        out.write_bytes(built.xml)
        self.stdout.write(
            f"{out}: {built.counts.children:,} children, {built.counts.episodes:,} episodes, "
            f"sha256 {built.sha256} (export {export.pk}, {time.perf_counter() - began:.1f}s)"
        )
        if options["validate"]:
            began = time.perf_counter()
            result = validate_file(out, year)
            self.stdout.write(result.summary())
            self.stdout.write(f"validated in {time.perf_counter() - began:.1f}s {result.seconds}")
            if not result.clean:
                raise CommandError("The file does not pass the DfE checks")
