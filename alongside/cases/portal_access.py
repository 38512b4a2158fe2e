"""Giving a child's family member, carer or the young person themselves a portal sign-in.

Staff who may change the case do this from the child's network. The account is the
person's own (found by the person, or made for them with the email or mobile number
given); the grant itself is ``cases.services.family_access_grant``, whose rules (and
any it gains) decide whether the grant may be made. The invitation says in plain words
how to sign in: with a code sent each time, never a password.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from alongside import policy
from alongside.accounts.models import Role, User
from alongside.cases.models import Case, FamilyAccess
from alongside.cases.services import (
    PHONE_ONLY_EMAIL_DOMAIN,
    _supporter_address,
    family_access_grant,
)
from alongside.messaging.models import Channel
from alongside.messaging.services import message_send
from alongside.people.codes import RelationshipKind
from alongside.people.models import Person, Relationship

ADULT_AGE = 18


def portal_role_for(case: Case, person: Person) -> Role | None:
    """The portal role this person would have on this case, or None if they may not have one.

    The child has their own sign-in as a young person; an adult in the network has one
    while they hold parental responsibility for the child or care for them (live with them).
    """
    if person.pk == case.child_id:
        return Role.YOUNG_PERSON
    links = Relationship.objects.filter(
        from_person=person, to_person_id=case.child_id, ended_on__isnull=True
    ).filter(Q(parental_responsibility=True) | Q(kind=RelationshipKind.LIVES_WITH))
    if not links.exists():
        return None
    age = person.age_on(timezone.localdate())
    if age is not None and age < ADULT_AGE:
        return None
    return Role.FAMILY


def _account(person: Person, role: Role, channel: Channel, address: str) -> User:
    account: User | None = getattr(person, "account", None)
    if account is not None:
        if account.role != role or not account.is_active:
            raise ValidationError(
                "This person's sign-in cannot be used for this. Ask a staff administrator."
            )
        if address not in (account.email, account.phone):
            raise ValidationError(
                {
                    "email_or_phone": "They already sign in with a different email address or "
                    "mobile number. Use the one they sign in with."
                }
            )
        return account
    if User.objects.filter(Q(email=address) | Q(phone=address)).exists():
        raise ValidationError(
            {"email_or_phone": "Someone else already signs in with this. Use another."}
        )
    if channel == Channel.EMAIL:
        email, phone = address, ""
    else:
        email, phone = f"{address.lstrip('+')}@{PHONE_ONLY_EMAIL_DOMAIN}", address
    return User.objects.create_user(
        email, None, full_name=person.full_name, role=role, person=person, phone=phone
    )


@transaction.atomic
def portal_access_give(
    *, case: Case, person: Person, email_or_phone: str, by: User, sign_in_url: str = ""
) -> FamilyAccess:
    """Let a network member (or the young person) sign in to the portal and see this case.

    ``sign_in_url`` is the full address of the family sign-in page, from the request.
    Any rule broken raises ``ValidationError`` and nothing is made or sent.
    """
    if not policy.case_access(by, case).can_write:
        raise ValidationError("Only staff who can change this case can do this")
    role = portal_role_for(case, person)
    if role is None:
        raise ValidationError(
            f"{person.display_name} cannot have a sign-in for this case: only the child, or an "
            "adult with parental responsibility for them or who cares for them, can."
        )
    channel, address = _supporter_address(email_or_phone)
    account = _account(person, role, channel, address)
    reason = "Their own case" if role == Role.YOUNG_PERSON else "Family member in the network"
    grant = family_access_grant(case=case, person=person, reason=reason, by=by)
    link = sign_in_url or reverse("accounts:family-sign-in")
    how = "email address" if channel == Channel.EMAIL else "mobile number"
    about = "you" if role == Role.YOUNG_PERSON else case.child.display_name
    message_send(
        channel=channel,
        to_address=address,
        to_user=account,
        purpose="portal_invite",
        subject="You can now sign in to Alongside",
        body=(
            f"Hello {person.display_name}. {by.full_name}, a worker at the council, has set up "
            f"Alongside for you. You can read what we write about {about}, see plans and "
            f"meetings, and tell us what you think. To sign in, go to {link} and enter this "
            f"{how}. We will send you a code to type in. You do not need a password. "
            "If you did not expect this, tell your worker."
        ),
    )
    return grant


def portal_access_current(case: Case) -> dict[int, FamilyAccess]:
    """Each person's current grant on this case, by person id."""
    return {
        g.person_id: g
        for g in FamilyAccess.objects.filter(case=case, revoked_at__isnull=True).order_by("id")
    }


def portal_access_ended(case: Case) -> list[FamilyAccess]:
    return list(
        FamilyAccess.objects.filter(case=case, revoked_at__isnull=False)
        .select_related("person")
        .order_by("-revoked_at")
    )
