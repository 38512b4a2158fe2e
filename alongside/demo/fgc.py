"""A family group conference being planned for the demo family (small council only).

Made through the services, after the council is loaded, so it has its chronology
entries and meeting like any other: the demo worker referred the family to a
coordinator, who agreed a date, invited the family network and met the parent.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from alongside.accounts.models import User
from alongside.cases.models import Case
from alongside.demo.signins import COORDINATOR, PARENT, WORKER
from alongside.fgc import services
from alongside.fgc.models import FgcRole
from alongside.plans.selectors import family_members


def add_family_group_conference(out: Callable[[str], None]) -> None:
    worker = User.objects.filter(email=WORKER.email).first()
    parent = User.objects.filter(email=PARENT.email).select_related("person").first()
    coordinator = User.objects.filter(email=COORDINATOR.email, is_active=True).first()
    if worker is None or parent is None or coordinator is None:
        return
    case = (
        Case.objects.filter(
            family_access__person=parent.person, worker=worker, closed_on__isnull=True
        )
        .order_by("id")
        .first()
    )
    if case is None:
        return
    child = case.child.preferred_name or case.child.first_names.split(" ")[0]
    fgc = services.fgc_refer(
        case=case,
        coordinator=coordinator,
        question=f"How can the family keep {child} safe and settled at home?",
        worries=f"{child} has seen arguments at home and has missed school this term.",
        by=worker,
    )
    day = timezone.localdate() + datetime.timedelta(days=12)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    services.fgc_arrange(fgc=fgc, starts_at=starts_at, place="Demo Family Centre", by=coordinator)
    members = [m for m in family_members(case) if m.person.pk != case.child_id][:3]
    for member in members:
        services.fgc_invite(fgc=fgc, role=FgcRole.FAMILY, person=member.person, by=coordinator)
    services.preparation_record(
        fgc=fgc,
        person=parent.person,
        on=timezone.localdate(),
        note="Talked through the day. Would like a friend there for support.",
        by=coordinator,
    )
    out(f"Family group conference: being planned for {case.child.display_name} ({case.reference})")
