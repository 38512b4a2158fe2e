"""The fixed demo sign-ins. Local demo only: they work only with settings.DEMO_MODE on."""

from __future__ import annotations

from dataclasses import dataclass

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
PARENT = SignIn("parent", f"parent@{DEMO_DOMAIN}", Role.FAMILY, "Parent", "07700900123")
YOUNG_PERSON = SignIn(
    "young_person", f"young.person@{DEMO_DOMAIN}", Role.YOUNG_PERSON, "Young person", "07700900456"
)

STAFF_SIGNINS = (WORKER, WORKER2, MANAGER, ADMIN, CHAIR)
FAMILY_SIGNINS = (PARENT, YOUNG_PERSON)
