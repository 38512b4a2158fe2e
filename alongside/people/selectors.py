from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from alongside.messaging.models import Channel
from alongside.people.codes import ContactChannel
from alongside.people.models import Person, Relationship, names_text

if TYPE_CHECKING:
    from alongside.accounts.models import User


def network_of(person: Person) -> QuerySet[Relationship]:
    """Current relationships in both directions, with both people loaded."""
    return (
        Relationship.objects.filter(
            Q(from_person=person) | Q(to_person=person), ended_on__isnull=True
        )
        .select_related("from_person", "to_person")
        .order_by("kind", "id")
    )


def contact_route(
    person: Person | None, user: User | None = None, *, email: str = ""
) -> tuple[Channel, str] | None:
    """Where to send a person a message: the channel they chose, else email if we have
    an address, else a text. ``email`` (an invitation's own address) comes before the
    person's; a family member's portal account fills in what their record lacks."""
    account_email = user.email if user else ""
    if account_email.lower().endswith(".invalid"):
        account_email = ""  # a sign-in name for someone who has only a phone: never mail it
    email = email or (person.email if person else "") or account_email
    phone = (person.phone if person else "") or (user.phone if user else "")
    chosen = person.preferred_channel if person else ""
    if chosen == ContactChannel.TEXT and phone:
        return Channel.SMS, phone
    if email:
        return Channel.EMAIL, email
    if phone:
        return Channel.SMS, phone
    return None


def people_named(part: str) -> QuerySet[Person]:
    """People whose names (first, last or the name they use) contain this text, in any case.

    One condition on one expression, which the trigram index ``person_names_trgm`` serves.
    """
    return Person.objects.alias(names=names_text()).filter(names__contains=part.strip().lower())
