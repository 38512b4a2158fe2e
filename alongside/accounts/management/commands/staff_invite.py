"""Add a member of staff and send them a one-time link to set up their sign-in."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.accounts.models import STAFF_ROLES, Team, User
from alongside.accounts.services import staff_invitation_send, staff_invite


class Command(BaseCommand):
    help = (
        "Add a member of staff (or, with --again, send an existing one a new link). They get "
        "a one-time link by email to choose a password, then set up an authenticator app."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="their full name")
        parser.add_argument("--role", default="", choices=sorted(STAFF_ROLES))
        parser.add_argument("--team", default="", help="the team's code, if they are in a team")
        parser.add_argument(
            "--by", required=True, help="the email address of the staff administrator doing this"
        )
        parser.add_argument(
            "--again", action="store_true", help="send an existing person a new set-up link"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        by = User.objects.filter(email=options["by"].strip().lower(), is_active=True).first()
        if by is None:
            raise CommandError(f"No active staff administrator signs in as {options['by']}")
        try:
            if options["again"]:
                user = User.objects.filter(email=options["email"].strip().lower()).first()
                if user is None or not user.is_staff_member:
                    raise CommandError(f"No member of staff signs in as {options['email']}")
                if by.role != "admin":
                    raise CommandError("Only a staff administrator can send a set-up link")
                link = staff_invitation_send(user=user, by=by)
            else:
                team = None
                if options["team"]:
                    team = Team.objects.filter(
                        code=options["team"], archived_at__isnull=True
                    ).first()
                    if team is None:
                        raise CommandError(f"No current team has the code {options['team']}")
                user, link = staff_invite(
                    email=options["email"],
                    full_name=options["name"],
                    role=options["role"],
                    team=team,
                    by=by,
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Sent {user.full_name} ({user.email}) a set-up link by email:")
        self.stdout.write(link)
