"""Every change to a case goes through these functions."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import Role, User
from alongside.cases.models import (
    Allocation,
    BreakGlass,
    BreakGlassReason,
    Case,
    CaseType,
    CaseTypeMark,
    ClosureReason,
    FamilyAccess,
    RestrictedAccess,
    Stage,
    SupporterAccess,
    SupporterScope,
)
from alongside.messaging.models import Channel
from alongside.messaging.services import message_send

if TYPE_CHECKING:
    from alongside.accounts.models import Team
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


@transaction.atomic
def case_types_set(*, case: Case, case_types: list[CaseType], reason: str, by: User) -> list[str]:
    """Say which kinds of work this open case involves; returns what changed, in words.

    A type added is a new mark; a type taken away ends its mark with the reason. Marks
    are never deleted, so the case's history of types stays. Only people who may change
    the case may do this; only types in use may be added.
    """
    if not policy.case_access(by, case).can_write:
        raise ValidationError("You cannot change this case")
    if case.closed_on is not None:
        raise ValidationError("This case is closed")
    reason = reason.strip()
    current = {
        mark.case_type_id: mark
        for mark in CaseTypeMark.objects.select_for_update()
        .filter(case=case, ended_at__isnull=True)
        .select_related("case_type")
    }
    wanted = {case_type.pk: case_type for case_type in case_types}
    retired = [t.name for t in wanted.values() if not t.is_active and t.pk not in current]
    if retired:
        raise ValidationError({"case_types": f"{retired[0]} is no longer used"})
    added = [wanted[pk] for pk in wanted.keys() - current.keys()]
    ended = [current[pk] for pk in current.keys() - wanted.keys()]
    if not added and not ended:
        return []
    if not reason:
        raise ValidationError({"reason": "Say why the case types are changing"})
    changed: list[str] = []
    now = timezone.now()
    with pghistory.context(reason=reason):
        for case_type in sorted(added, key=lambda t: t.name):
            CaseTypeMark.objects.create(
                case=case, case_type=case_type, reason=reason[:200], created_by=by, updated_by=by
            )
            changed.append(f"added {case_type.name.lower()}")
        for mark in sorted(ended, key=lambda m: m.case_type.name):
            mark.ended_at, mark.end_reason = now, reason[:200]
            mark.updated_at, mark.updated_by = now, by
            mark.save(update_fields=["ended_at", "end_reason", "updated_at", "updated_by"])
            changed.append(f"removed {mark.case_type.name.lower()}")
    return changed


def restricted_access_grant(*, case: Case, user: User, reason: str, by: User) -> RestrictedAccess:
    grant, _ = RestrictedAccess.objects.get_or_create(
        case=case,
        user=user,
        revoked_at=None,
        defaults={"reason": reason, "created_by": by, "updated_by": by},
    )
    return grant


def young_person_age_check(person: Person, *, on: datetime.date | None = None) -> None:
    """A child has their own sign-in only from ``PORTAL_YOUNG_PERSON_MIN_AGE`` (12 by default)."""
    minimum = settings.PORTAL_YOUNG_PERSON_MIN_AGE
    age = person.age_on(on or timezone.localdate())
    if age is None:
        raise ValidationError(
            f"Record {person.display_name}'s date of birth first: a young person has their own "
            f"sign-in from the age of {minimum}."
        )
    if age < minimum:
        raise ValidationError(
            f"{person.display_name} is {age}. A young person can have their own sign-in "
            f"from the age of {minimum}."
        )


def family_access_grant(
    *, case: Case, person: Person, reason: str, by: User | None
) -> FamilyAccess:
    """Let a family member see this case in the portal. The child of the case (a young
    person on their own case) only from ``PORTAL_YOUNG_PERSON_MIN_AGE``."""
    if person.pk == case.child_id:
        young_person_age_check(person)
    grant, _ = FamilyAccess.objects.get_or_create(
        case=case,
        person=person,
        revoked_at=None,
        defaults={"reason": reason, "created_by": by, "updated_by": by},
    )
    return grant


@transaction.atomic
@transaction.atomic
def family_access_revoke(*, grant: FamilyAccess, reason: str, by: User) -> FamilyAccess:
    """The family member no longer sees the case, nor do the supporters they invited."""
    now = timezone.now()
    with pghistory.context(reason=reason):
        grant.revoked_at = now
        grant.updated_by = by
        grant.save(update_fields=["revoked_at", "updated_by"])
    invited = SupporterAccess.objects.filter(
        case=grant.case, invited_by__person_id=grant.person_id, revoked_at__isnull=True
    )
    # One request has one history context: keep the reason given in what is said here.
    with pghistory.context(
        reason=f"{reason} (and so for the supporters they invited, who no longer have access)"
    ):
        for supporter in invited:
            supporter.revoked_at = now
            supporter.updated_by = by
            supporter.updated_at = now
            supporter.save(update_fields=["revoked_at", "updated_by", "updated_at"])
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


# --- Supporters and advocates the family invites --------------------------------------------------

# A supporter invited by text message has no email address; the account needs a unique one
# that can never receive mail (.invalid is reserved for this, RFC 2606).
PHONE_ONLY_EMAIL_DOMAIN = "phone-only.invalid"
_PHONE = re.compile(r"^\+?\d{10,15}$")


def _supporter_address(email_or_phone: str) -> tuple[Channel, str]:
    value = email_or_phone.strip()
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                {"email_or_phone": "Enter an email address like name@example.com"}
            ) from None
        return Channel.EMAIL, value.lower()
    phone = re.sub(r"[\s()-]", "", value)
    if not _PHONE.match(phone):
        raise ValidationError(
            {"email_or_phone": "Enter an email address or a mobile number, like 07700 900123"}
        )
    return Channel.SMS, phone


def _may_manage_supporters(user: User, case: Case) -> bool:
    """The family (not their supporters) manage supporters; so may staff who hold the case."""
    access = policy.case_access(user, case)
    return access.is_family or access.can_write


def _supporter_user(*, name: str, channel: Channel, address: str) -> User:
    """The supporter's portal account: found by email or mobile, or made for them."""
    found = User.objects.filter(Q(email=address) | Q(phone=address)).first()
    if found is not None:
        if found.role != Role.SUPPORTER or not found.is_active:
            raise ValidationError(
                {"email_or_phone": "We cannot add this person here. Ask your worker to help."}
            )
        return found
    if channel == Channel.EMAIL:
        return User.objects.create_user(address, None, full_name=name, role=Role.SUPPORTER)
    digits = address.lstrip("+")
    return User.objects.create_user(
        f"{digits}@{PHONE_ONLY_EMAIL_DOMAIN}",
        None,
        full_name=name,
        role=Role.SUPPORTER,
        phone=address,
    )


def _inviter_name(user: User) -> str:
    if user.is_staff_member:
        return f"{user.full_name}, a worker at the council,"
    if user.person is not None:
        return user.person.display_name
    return user.full_name or "A family"


@transaction.atomic
def supporter_invite(
    *,
    case: Case,
    invited_by: User,
    name: str,
    email_or_phone: str,
    scope: str,
    sign_in_url: str = "",
) -> SupporterAccess:
    """Let a supporter or advocate see what the family chose, and send them a way to sign in.

    Inviting someone who can already see the case changes what they see.
    ``sign_in_url`` is the full address of the family sign-in page, from the request.
    """
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Enter their name"
    if scope not in SupporterScope.values:
        errors["scope"] = "Choose what they can see"
    if errors:
        raise ValidationError(errors)
    if not _may_manage_supporters(invited_by, case):
        raise ValidationError("Only the family can invite a supporter")
    channel, address = _supporter_address(email_or_phone)
    supporter = _supporter_user(name=name.strip()[:150], channel=channel, address=address)
    grant = (
        SupporterAccess.objects.select_for_update()
        .filter(case=case, user=supporter, revoked_at__isnull=True)
        .first()
    )
    if grant is not None:
        with pghistory.context(reason="The family changed what their supporter can see"):
            grant.scope = scope
            grant.updated_by = invited_by
            grant.updated_at = timezone.now()
            grant.save(update_fields=["scope", "updated_by", "updated_at"])
    else:
        grant = SupporterAccess.objects.create(
            case=case,
            user=supporter,
            invited_by=invited_by,
            scope=scope,
            created_by=invited_by,
            updated_by=invited_by,
        )
    link = sign_in_url or reverse("accounts:family-sign-in")
    what = SupporterScope(scope).label.lower()
    message_send(
        channel=channel,
        to_address=address,
        to_user=supporter,
        purpose="supporter_invite",
        subject="You are invited to be a supporter",
        body=(
            f"{_inviter_name(invited_by)} asked you to be their supporter on Alongside. "
            f"You can see: {what}. To sign in, go to {link} and enter this "
            f"{'email address' if channel == Channel.EMAIL else 'mobile number'}. "
            "We will send you a code. If you do not know them, you can ignore this."
        ),
    )
    return grant


@transaction.atomic
def supporter_revoke(*, grant: SupporterAccess, by: User) -> SupporterAccess:
    """Stop a supporter seeing the case, at once. The person who invited them, or staff, may."""
    grant = SupporterAccess.objects.select_for_update().select_related("case").get(pk=grant.pk)
    if grant.revoked_at is not None:
        return grant
    access = policy.case_access(by, grant.case)
    if not ((access.is_family and grant.invited_by_id == by.pk) or access.can_write):
        raise ValidationError("Only the person who invited them can stop this")
    with pghistory.context(reason="Supporter access stopped"):
        grant.revoked_at = timezone.now()
        grant.updated_by = by
        grant.updated_at = timezone.now()
        grant.save(update_fields=["revoked_at", "updated_by", "updated_at"])
    return grant
