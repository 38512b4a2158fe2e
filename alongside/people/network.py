"""The child's network as staff keep it: who is in it now, who was, and ending a link.

A relationship is recorded from the network member to the child ("Ann is parent of
Sam"), the way the handover pack, meeting invitations, the conference network diagram
and the family's messages read it. Nothing is deleted: an ended relationship keeps its
end date, and the history keeps who ended it, when and why.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alongside.people.codes import RelationshipKind
from alongside.people.models import Person, Relationship
from alongside.people.services import person_create, relationship_add

if TYPE_CHECKING:
    from alongside.accounts.models import User


@dataclass
class Link:
    relationship: Relationship
    other: Person
    reads: str
    end_reason: str = ""


def _reads(rel: Relationship) -> str:
    return f"{rel.from_person.display_name} is {rel.get_kind_display().lower()} {rel.to_person.display_name}"


def child_network(child: Person) -> tuple[list[Link], list[Link]]:
    """The child's current and ended relationships, both directions, in two queries."""
    rels = list(
        Relationship.objects.filter(Q(from_person=child) | Q(to_person=child))
        .select_related("from_person", "to_person")
        .order_by("ended_on", "kind", "id")
    )
    ended_ids = [r.pk for r in rels if r.ended_on is not None]
    reasons: dict[int, str] = {}
    if ended_ids:
        events = (
            Relationship.pgh_event_model.objects.filter(  # type: ignore[attr-defined]
                pgh_obj_id__in=ended_ids, ended_on__isnull=False
            )
            .select_related("pgh_context")
            .order_by("pgh_obj_id", "pgh_id")
        )
        for event in events:
            if event.pgh_obj_id not in reasons and event.pgh_context_id:
                reasons[event.pgh_obj_id] = str(event.pgh_context.metadata.get("reason", ""))
    current: list[Link] = []
    ended: list[Link] = []
    for rel in rels:
        other = rel.from_person if rel.to_person_id == child.pk else rel.to_person
        link = Link(rel, other, _reads(rel), reasons.get(rel.pk, ""))
        (current if rel.ended_on is None else ended).append(link)
    return current, ended


@transaction.atomic
def relationship_end(
    *, relationship: Relationship, on: datetime.date, reason: str, by: User
) -> Relationship:
    """End a relationship on a day, with a reason the history keeps. Never deleted."""
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Say why this relationship has ended"
    if on > timezone.localdate():
        errors["on"] = "The date it ended must be today or in the past"
    if errors:
        raise ValidationError(errors)
    locked = Relationship.objects.select_for_update().get(pk=relationship.pk)
    if locked.ended_on is not None:
        raise ValidationError("This relationship has already ended")
    with pghistory.context(reason=reason.strip()):
        locked.ended_on = on
        locked.updated_by = by
        locked.updated_at = timezone.now()
        locked.save(update_fields=["ended_on", "updated_by", "updated_at"])
    return locked


@transaction.atomic
def network_member_add(
    *,
    child: Person,
    person: Person,
    kind: RelationshipKind,
    by: User,
    parental_responsibility: bool = False,
    lives_with: bool = False,
    notes: str = "",
) -> Relationship:
    """Record ``person`` as ``kind`` the child; if the child lives with them, that too."""
    if person.pk == child.pk:
        raise ValidationError("Choose someone other than the child")
    if person.archived_at is not None:
        raise ValidationError("This record is archived. Choose the current record.")
    if Relationship.objects.filter(
        from_person=person, to_person=child, kind=kind, ended_on__isnull=True
    ).exists():
        raise ValidationError(
            {"kind": f"{person.display_name} is already recorded as {kind.label.lower()} the child"}
        )
    with pghistory.context(reason="Added to the child's network"):
        relationship = relationship_add(
            from_person=person,
            to_person=child,
            kind=kind,
            by=by,
            parental_responsibility=parental_responsibility,
            notes=notes,
        )
        if lives_with and kind != RelationshipKind.LIVES_WITH:
            relationship_add(
                from_person=person, to_person=child, kind=RelationshipKind.LIVES_WITH, by=by
            )
    return relationship


@transaction.atomic
def network_person_create(
    *,
    child: Person,
    by: User,
    person_fields: dict[str, object],
    kind: RelationshipKind,
    parental_responsibility: bool = False,
    lives_with: bool = False,
    notes: str = "",
) -> Relationship:
    """Record someone new to the council and add them to the child's network, or neither."""
    person = person_create(by=by, **person_fields)
    return network_member_add(
        child=child,
        person=person,
        kind=kind,
        by=by,
        parental_responsibility=parental_responsibility,
        lives_with=lives_with,
        notes=notes,
    )
