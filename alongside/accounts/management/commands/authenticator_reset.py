"""Reset a member of staff's authenticator app: they set up a new one from the link emailed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.accounts.models import User
from alongside.accounts.services import totp_device_reset


class Command(BaseCommand):
    help = (
        "Turn off a member of staff's authenticator app (kept, disabled, with who, when and "
        "why). They are emailed a one-time link to choose a new password and set up a new one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="whose authenticator")
        parser.add_argument("--reason", required=True, help="why, for example 'lost work phone'")
        parser.add_argument(
            "--by", required=True, help="the email address of the staff administrator doing this"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        by = User.objects.filter(email=options["by"].strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"Nobody signs in as {options['email']}")
        if by is None:
            raise CommandError(f"No active staff administrator signs in as {options['by']}")
        try:
            resets = totp_device_reset(user=user, by=by, reason=options["reason"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Reset {len(resets)} authenticator(s) for {user.full_name}. They have been emailed "
            "a one-time link to set up a new one."
        )
