"""manage.py demo_signins: print the demo sign-ins. Local demo only."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alongside.demo.signins import signin_lines


class Command(BaseCommand):
    help = "Print the demo sign-ins (only with ALONGSIDE_DEMO on)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demo sign-ins exist only on a local demo. Turn on ALONGSIDE_DEMO to use them."
            )
        for line in signin_lines():
            self.stdout.write(line)
