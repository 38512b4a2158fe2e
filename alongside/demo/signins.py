"""The fixed demo sign-ins. Local demo only: they work only with settings.DEMO_MODE on."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp

from alongside.accounts.models import Role
from alongside.accounts.services import DEMO_TOTP_SECRET_BASE32

DEMO_PASSWORD = "demo-password-2026"
DEMO_TOTP_SECRET = DEMO_TOTP_SECRET_BASE32
DEMO_DOMAIN = "demo.alongside.test"


@dataclass(frozen=True)
class SignIn:
    key: str
    email: str
    role: Role
    what: str
    phone: str = ""


WORKER = SignIn("worker", f"worker@{DEMO_DOMAIN}", Role.SOCIAL_WORKER, "Social worker")
WORKER2 = SignIn(
    "worker2", f"worker2@{DEMO_DOMAIN}", Role.SOCIAL_WORKER, "Social worker, another team"
)
MANAGER = SignIn("manager", f"manager@{DEMO_DOMAIN}", Role.TEAM_MANAGER, "Team manager")
ADMIN = SignIn("admin", f"admin@{DEMO_DOMAIN}", Role.ADMIN, "Staff administrator")
CHAIR = SignIn("chair", f"chair@{DEMO_DOMAIN}", Role.CHAIR, "Conference chair")
FRONT_DOOR = SignIn(
    "front_door", f"front.door@{DEMO_DOMAIN}", Role.FRONT_DOOR, "Front door officer"
)
COORDINATOR = SignIn(
    "coordinator",
    f"coordinator@{DEMO_DOMAIN}",
    Role.FGC_COORDINATOR,
    "Family group conference coordinator",
)
DATA_TEAM = SignIn("data_team", f"data.team@{DEMO_DOMAIN}", Role.DATA_TEAM, "Data team")
PARENT = SignIn("parent", f"parent@{DEMO_DOMAIN}", Role.FAMILY, "Parent", "07700900123")
YOUNG_PERSON = SignIn(
    "young_person", f"young.person@{DEMO_DOMAIN}", Role.YOUNG_PERSON, "Young person", "07700900456"
)

STAFF_SIGNINS = (WORKER, WORKER2, MANAGER, ADMIN, CHAIR, FRONT_DOOR, COORDINATOR, DATA_TEAM)
#: The first central staff member in each of these roles is the fixed sign-in.
CENTRAL_SIGNINS = {s.role: s for s in (FRONT_DOOR, COORDINATOR, DATA_TEAM)}
FAMILY_SIGNINS = (PARENT, YOUNG_PERSON)

NOTES = (
    f"Password for every staff sign-in: {DEMO_PASSWORD}",
    f"Authenticator (TOTP) secret for every staff sign-in: {DEMO_TOTP_SECRET}",
    "  Add it to any authenticator app for the 6-digit code. Local demo only: it works",
    "  only with ALONGSIDE_DEMO on and must never be used anywhere else.",
    "Staff sign in at /sign-in/ with email, password, then the authenticator code.",
    "Family members sign in at /portal/ with their email address or mobile number, then a",
    "  one-time code. In the demo no message is sent: the code is shown at /outbox/ and in",
    "  the run log.",
)


def _who(signin: SignIn) -> str:
    from alongside.accounts.models import User

    found = User.objects.filter(email=signin.email).values_list("full_name", "team__name").first()
    if found is None:
        return ""
    name, team = found
    return f"{name}, {team}" if team else name


def signin_lines() -> list[str]:
    """A table of the demo sign-ins, with who each one is if the demo council is loaded."""
    rows = [("Role", "Email (or mobile)", "Password", "Who")]
    rows += [(s.what, s.email, DEMO_PASSWORD, _who(s)) for s in STAFF_SIGNINS]
    rows += [
        (f"{s.what} (portal)", f"{s.email} or {s.phone}", "one-time code", _who(s))
        for s in FAMILY_SIGNINS
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    table = [
        "  " + "  ".join(f"{cell:<{width}}" for cell, width in zip(row, [*widths, 0], strict=True))
        for row in rows
    ]
    loaded = any(row[3] for row in rows[1:])
    missing = [] if loaded else ["(Not loaded yet: run manage.py seed_demo first.)", ""]
    code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
    now = f"  The code right now is {code}; it changes every 30 seconds."
    return [
        "Demo sign-ins (local demo only)",
        "",
        *(line.rstrip() for line in table),
        "",
        *missing,
        *NOTES[:4],
        now,
        *NOTES[4:],
    ]
