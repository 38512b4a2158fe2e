"""manage.py seed_demo --size small|medium|large --seed N"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.demo.builder import DemoRefused, build_demo
from alongside.demo.specs import SIZES


class Command(BaseCommand):
    help = (
        "Load an invented council for the demo: teams, staff, families, cases and "
        "chronologies. Does nothing if the demo council is already loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=list(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            build_demo(size=options["size"], seed=options["seed"], out=self.stdout.write)
        except DemoRefused as error:
            raise CommandError(str(error)) from error
