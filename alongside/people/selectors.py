from __future__ import annotations

from django.db.models import Q, QuerySet

from alongside.people.models import Person, Relationship


def network_of(person: Person) -> QuerySet[Relationship]:
    """Current relationships in both directions, with both people loaded."""
    return (
        Relationship.objects.filter(
            Q(from_person=person) | Q(to_person=person), ended_on__isnull=True
        )
        .select_related("from_person", "to_person")
        .order_by("kind", "id")
    )
