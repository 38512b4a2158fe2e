"""Load an invented council for the demo: ``manage.py seed_demo``.

Everything is made up. Names come from Faker ("en_GB"), seeded, so the same size
and seed always give the same council. NHS numbers come from the range the NHS
keeps for testing (starting 999), phone numbers from Ofcom's range for drama, and
email addresses use reserved test domains.

Every case has the statutory journey its stage and history need (contacts,
referrals, early help, assessments, strategy discussions, section 47 enquiries,
conferences, plans, core groups and reviews): see ``journey``.

Sizes: small (about 200 children, 3 teams, 25 staff), medium (about 5,000 children,
15 teams, 150 staff) and large (about 50,000 children, 300 staff and over a million
chronology entries, loaded with COPY).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from alongside.accounts.models import STAFF_ROLES, Team, User
from alongside.cases.models import Allocation, Case, FamilyAccess, RestrictedAccess, Stage
from alongside.chronology.models import Audience, Entry
from alongside.demo.fgc import add_family_group_conference
from alongside.demo.load import Loader
from alongside.demo.planner import make_plan
from alongside.demo.specs import SIZES, Plan
from alongside.demo.young_person import add_young_persons_voice
from alongside.journey.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Contact,
    CoreGroup,
    EarlyHelpEpisode,
    PlanReview,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from alongside.people.models import Person, Relationship

AUDIENCE_WORDS: dict[str, str] = {
    Audience.FAMILY: "family can read",
    Audience.PROFESSIONALS: "professionals only",
    Audience.RESTRICTED: "restricted",
}


class DemoRefused(Exception):
    """The demo council cannot be loaded here."""


def demo_loaded() -> bool:
    """True once there are cases, or any demo team, in the database."""
    return Case.objects.exists() or Team.objects.filter(code__startswith="demo").exists()


def build_demo(
    *,
    size: str,
    seed: int,
    out: Callable[[str], None] = print,
    today: datetime.date | None = None,
) -> bool:
    """Load the demo council. Returns False, changing nothing, if it is already loaded."""
    if not settings.DEMO_MODE:
        raise DemoRefused(
            "The demo council has sign-ins with a published password and TOTP secret, so it "
            "loads only with ALONGSIDE_DEMO on."
        )
    if size not in SIZES:
        raise DemoRefused(f"Choose a size from: {', '.join(SIZES)}")
    if demo_loaded():
        out("The demo council is already loaded (cases or demo teams exist): nothing to do.")
        return False
    started = time.monotonic()
    out(f"Planning the demo council: size {size}, seed {seed}")
    plan = make_plan(SIZES[size], seed, today or timezone.localdate())
    out(_planned(plan, time.monotonic() - started))
    Loader(plan, out).run()
    if size == "small":
        add_family_group_conference(out)
    add_young_persons_voice(out)
    for line in totals():
        out(line)
    out(f"Demo council loaded in {_duration(time.monotonic() - started)}.")
    return True


def _planned(plan: Plan, seconds: float) -> str:
    children = len({c.child for c in plan.cases})
    entries = sum(c.entries for c in plan.cases)
    return (
        f"Planned {len(plan.persons):,} people ({children:,} children), "
        f"{len(plan.cases):,} cases and about {entries:,} entries in {_duration(seconds)}"
    )


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m {rest:02d}s" if minutes else f"{seconds:.1f}s"


def totals() -> list[str]:
    """What is in the database now, one line each."""
    stages = dict(Case.objects.values_list("stage").annotate(n=Count("id")).order_by())
    audiences = dict(Entry.objects.values_list("audience").annotate(n=Count("id")).order_by())
    by_stage = ", ".join(
        f"{label.lower()} {stages.get(value, 0):,}" for value, label in Stage.choices
    )
    by_audience = ", ".join(
        f"{AUDIENCE_WORDS[value]} {audiences.get(value, 0):,}" for value in Audience.values
    )
    return [
        "Totals:",
        f"  teams {Team.objects.count():,}; staff "
        f"{User.objects.filter(role__in=STAFF_ROLES).count():,}",
        f"  people {Person.objects.count():,}; children with a case "
        f"{Case.objects.values('child').distinct().count():,}; relationships "
        f"{Relationship.objects.count():,}",
        f"  cases {Case.objects.count():,} ({by_stage})",
        f"  restricted cases {Case.objects.filter(is_restricted=True).count():,}; named grants "
        f"{RestrictedAccess.objects.count():,}; family access grants "
        f"{FamilyAccess.objects.count():,}",
        f"  allocations {Allocation.objects.count():,}",
        f"  chronology entries {Entry.objects.count():,} ({by_audience})",
        *journey_totals(),
    ]


def journey_totals() -> list[str]:
    """The statutory journey records, with how many are still open."""
    referrals, assessments = Referral.objects.all(), Assessment.objects.all()
    cp_plans, cin_plans = ChildProtectionPlan.objects.all(), ChildInNeedPlan.objects.all()
    waiting = Contact.objects.filter(next_step="").count()
    return [
        f"  contacts {Contact.objects.count():,} (waiting for a decision {waiting:,}); referrals "
        f"{referrals.count():,} (open {referrals.filter(closed_on=None).count():,}, no further "
        f"action {referrals.filter(no_further_action=True).count():,})",
        f"  early help episodes {EarlyHelpEpisode.objects.count():,}; assessments "
        f"{assessments.count():,} (open {assessments.filter(authorised_on=None).count():,})",
        f"  strategy discussions {StrategyDiscussion.objects.count():,}; section 47 enquiries "
        f"{Section47Enquiry.objects.count():,}; conferences {Conference.objects.count():,}",
        f"  child protection plans {cp_plans.count():,} (open "
        f"{cp_plans.filter(ended_on=None).count():,}); core groups {CoreGroup.objects.count():,}",
        f"  child in need plans {cin_plans.count():,} (open "
        f"{cin_plans.filter(ended_on=None).count():,}); reviews {PlanReview.objects.count():,}",
    ]
