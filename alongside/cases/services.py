"""Every change to a case goes through these functions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside import policy
from alongside.cases.models import (
    Allocation,
    BreakGlass,
    BreakGlassReason,
    Case,
    ClosureReason,
    FamilyAccess,
    RestrictedAccess,
    Stage,
)

if TYPE_CHECKING:
    from alongside.accounts.models import Team, User
    from alongside.people.models import Person


def _next_reference() -> str:
    last = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return f"C{last + 1:07d}"


@transaction.atomic
def case_open(
    *,
    child: Person,
    referral_date: datetime.date,
    team: Team,
    worker: User | None,
    by: User | None,
    stage: Stage = Stage.REFERRAL,
) -> Case:
    if referral_date > timezone.localdate():
        raise ValidationError({"referral_date": "The referral date cannot be in the future"})
    case = Case.objects.create(
        reference=_next_reference(),
        child=child,
        referral_date=referral_date,
        stage=stage,
        team=team,
        worker=worker,
        created_by=by,
        updated_by=by,
    )
    Allocation.objects.create(
        case=case,
        worker=worker,
        team=team,
        started_on=referral_date,
        reason="Case opened",
        created_by=by,
        updated_by=by,
    )
    return case


@transaction.atomic
def case_allocate(
    *,
    case: Case,
    worker: User | None,
    team: Team,
    by: User,
    reason: str,
    on: datetime.date | None = None,
) -> Allocation:
    day = on or timezone.localdate()
    with pghistory.context(reason=reason):
        current = Allocation.objects.select_for_update().filter(case=case, ended_on__isnull=True)
        current.update(ended_on=day, updated_by=by, updated_at=timezone.now())
        allocation = Allocation.objects.create(
            case=case,
            worker=worker,
            team=team,
            started_on=day,
            reason=reason,
            created_by=by,
            updated_by=by,
        )
        case.worker = worker
        case.team = team
        case.updated_by = by
        case.updated_at = timezone.now()
        case.save(update_fields=["worker", "team", "updated_by", "updated_at"])
    return allocation


@transaction.atomic
def case_close(*, case: Case, on: datetime.date, reason: ClosureReason, by: User) -> Case:
    if on < case.referral_date:
        raise ValidationError({"closed_on": "A case cannot close before its referral date"})
    with pghistory.context(reason=f"Closed: {reason.label}"):
        case.closed_on = on
        case.closure_reason = reason
        case.stage = Stage.CLOSED
        case.updated_by = by
        case.updated_at = timezone.now()
        case.save(
            update_fields=["closed_on", "closure_reason", "stage", "updated_by", "updated_at"]
        )
        Allocation.objects.filter(case=case, ended_on__isnull=True).update(ended_on=on)
    return case


@transaction.atomic
def case_restrict(*, case: Case, reason: str, allowed: list[User], by: User) -> Case:
    if not reason.strip():
        raise ValidationError({"reason": "Say why this case is restricted"})
    with pghistory.context(reason=reason):
        case.is_restricted = True
        case.restriction_reason = reason
        case.updated_by = by
        case.save(update_fields=["is_restricted", "restriction_reason", "updated_by"])
        for user in allowed:
            restricted_access_grant(case=case, user=user, reason=reason, by=by)
    return case


def restricted_access_grant(*, case: Case, user: User, reason: str, by: User) -> RestrictedAccess:
    grant, _ = RestrictedAccess.objects.get_or_create(
        case=case,
        user=user,
        revoked_at=None,
        defaults={"reason": reason, "created_by": by, "updated_by": by},
    )
    return grant


def family_access_grant(
    *, case: Case, person: Person, reason: str, by: User | None
) -> FamilyAccess:
    grant, _ = FamilyAccess.objects.get_or_create(
        case=case,
        person=person,
        revoked_at=None,
        defaults={"reason": reason, "created_by": by, "updated_by": by},
    )
    return grant


@transaction.atomic
def family_access_revoke(*, grant: FamilyAccess, reason: str, by: User) -> FamilyAccess:
    with pghistory.context(reason=reason):
        grant.revoked_at = timezone.now()
        grant.updated_by = by
        grant.save(update_fields=["revoked_at", "updated_by"])
    return grant


def break_glass_open(
    *,
    user: User,
    case: Case,
    reason_kind: BreakGlassReason,
    reason: str,
    mfa_at: datetime.datetime | None,
) -> BreakGlass:
    """Open a case outside the user's team, with a written reason and a recent second factor."""
    now = timezone.now()
    errors: dict[str, str] = {}
    if not reason.strip() or len(reason.strip()) < 10:
        errors["reason"] = "Explain in a sentence why you need to open this case"
    if mfa_at is None or now - mfa_at > datetime.timedelta(
        minutes=settings.BREAK_GLASS_MFA_MINUTES
    ):
        errors["code"] = "Enter the 6-digit code from your authenticator app"
    if errors:
        raise ValidationError(errors)
    if not policy.can_break_glass(user, case):
        raise ValidationError({"reference": "You cannot open this case this way"})
    return BreakGlass.objects.create(
        user=user,
        case=case,
        reason_kind=reason_kind,
        reason=reason.strip(),
        opened_at=now,
        expires_at=now + datetime.timedelta(minutes=settings.BREAK_GLASS_MINUTES),
    )
