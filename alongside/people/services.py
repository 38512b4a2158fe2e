"""Every change to a person or their network goes through these functions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.people.codes import ContactChannel, Disability, RelationshipKind
from alongside.people.identifiers import (
    normalise_nhs_number,
    normalise_upn,
    validate_nhs_number,
    validate_upn,
)
from alongside.people.models import Person, Relationship

if TYPE_CHECKING:
    from alongside.accounts.models import User

EDITABLE = frozenset(
    {
        "first_names",
        "last_name",
        "preferred_name",
        "pronouns",
        "date_of_birth",
        "expected_date_of_birth",
        "sex",
        "gender",
        "ethnicity",
        "disabilities",
        "first_language",
        "interpreter_needed",
        "communication_needs",
        "preferred_formats",
        "contact_days",
        "contact_times",
        "preferred_channel",
        "email",
        "phone",
        "address",
        "postcode",
        "nhs_number",
        "upn",
        "preferred_worker_gender",
        "preferred_worker_language",
    }
)


def _clean(fields: dict[str, Any], *, current: Person | None = None) -> dict[str, Any]:
    exclude_pk = current.pk if current is not None else None
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    errors: dict[str, list[ValidationError]] = {}
    cleaned = dict(fields)
    for name, normalise, validate in (
        ("nhs_number", normalise_nhs_number, validate_nhs_number),
        ("upn", normalise_upn, validate_upn),
    ):
        value = cleaned.get(name)
        if value:
            try:
                validate(value)
            except ValidationError as error:
                errors[name] = [error]
            else:
                cleaned[name] = normalise(value)
                clash = Person.objects.filter(**{name: cleaned[name]})
                if exclude_pk is not None:
                    clash = clash.exclude(pk=exclude_pk)
                if clash.exists():
                    errors[name] = [ValidationError("Another person already has this number")]
        elif name in cleaned:
            cleaned[name] = None
    if cleaned.get("date_of_birth") and cleaned.get("expected_date_of_birth"):
        errors["expected_date_of_birth"] = [
            ValidationError("Give a date of birth or an expected date of birth, not both")
        ]
    born = cleaned.get("date_of_birth")
    if born and born > timezone.localdate():
        errors["date_of_birth"] = [ValidationError("The date of birth must be in the past")]

    def now(name: str) -> Any:
        return cleaned[name] if name in cleaned else getattr(current, name, None)

    channel = now("preferred_channel")
    if channel == ContactChannel.EMAIL and not (now("email") or "").strip():
        errors["email"] = [ValidationError("Enter an email address, or choose text messages")]
    if channel == ContactChannel.TEXT and not (now("phone") or "").strip():
        errors["phone"] = [ValidationError("Enter a mobile number, or choose email")]
    disabilities = cleaned.get("disabilities") or []
    if Disability.NONE in disabilities and len(disabilities) > 1:
        errors["disabilities"] = [
            ValidationError("Choose 'No disability' or one or more disabilities, not both")
        ]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _council_id() -> str:
    last = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return f"P{last + 1:08d}"


@transaction.atomic
def person_create(*, by: User | None, **fields: Any) -> Person:
    cleaned = _clean(fields)
    if (
        not (cleaned.get("first_names") or "").strip()
        or not (cleaned.get("last_name") or "").strip()
    ):
        raise ValidationError({"first_names": "Enter their first name and last name"})
    return Person.objects.create(council_id=_council_id(), created_by=by, updated_by=by, **cleaned)


@transaction.atomic
def person_update(*, person: Person, by: User, reason: str = "", **fields: Any) -> Person:
    cleaned = _clean(fields, current=person)
    with pghistory.context(reason=reason or "Record updated"):
        for name, value in cleaned.items():
            setattr(person, name, value)
        person.updated_by = by
        person.updated_at = timezone.now()
        person.save()
    return person


@transaction.atomic
def relationship_add(
    *,
    from_person: Person,
    to_person: Person,
    kind: RelationshipKind,
    by: User | None,
    parental_responsibility: bool = False,
    notes: str = "",
) -> Relationship:
    if from_person.pk == to_person.pk:
        raise ValidationError("A person cannot be related to themselves")
    relationship, _ = Relationship.objects.get_or_create(
        from_person=from_person,
        to_person=to_person,
        kind=kind,
        ended_on=None,
        defaults={
            "parental_responsibility": parental_responsibility,
            "notes": notes,
            "created_by": by,
            "updated_by": by,
        },
    )
    return relationship


@transaction.atomic
def person_merge(*, keep: Person, duplicate: Person, by: User, reason: str) -> Person:
    """Fold a duplicate record into the one kept. Nothing is lost: the duplicate is
    archived and points at the kept record, and every move is in the history."""
    from alongside.accounts.models import Role
    from alongside.cases.models import Case, FamilyAccess
    from alongside.journey.models import Contact

    if by.role != Role.TEAM_MANAGER:
        raise ValidationError("Only a team manager can merge records")
    if keep.pk == duplicate.pk or duplicate.merged_into_id is not None:
        raise ValidationError("Choose two different records that are not already merged")
    if not reason.strip():
        raise ValidationError({"reason": "Say why these are the same person"})
    if Case.objects.filter(child__in=[keep, duplicate], closed_on__isnull=True).count() > 1:
        raise ValidationError("Both records have an open case: close one case first")
    now = timezone.now()
    with pghistory.context(reason=f"Merged person {duplicate.council_id}: {reason.strip()}"):
        Case.objects.filter(child=duplicate).update(child=keep, updated_by=by, updated_at=now)
        Contact.objects.filter(child=duplicate).update(child=keep, updated_by=by, updated_at=now)
        FamilyAccess.objects.filter(person=duplicate).update(person=keep, updated_at=now)
        _move_relationships(duplicate, keep, by)
        for name in ("nhs_number", "upn"):
            if getattr(keep, name) is None and getattr(duplicate, name) is not None:
                value = getattr(duplicate, name)
                setattr(duplicate, name, None)
                duplicate.save(update_fields=[name])
                setattr(keep, name, value)
        keep.updated_by = by
        keep.updated_at = now
        keep.save()
        duplicate.merged_into = keep
        duplicate.archived_at = now
        duplicate.updated_by = by
        duplicate.updated_at = now
        duplicate.save(update_fields=["merged_into", "archived_at", "updated_by", "updated_at"])
    return keep


def _move_relationships(duplicate: Person, keep: Person, by: User) -> None:
    """End each current relationship of the duplicate and make it again with the kept record."""
    today = timezone.localdate()
    current = Relationship.objects.filter(ended_on__isnull=True)
    moves = [(rel, keep, rel.to_person) for rel in current.filter(from_person=duplicate)]
    moves += [(rel, rel.from_person, keep) for rel in current.filter(to_person=duplicate)]
    for rel, from_person, to_person in moves:
        _end(rel, today, by)
        if from_person.pk != to_person.pk:
            relationship_add(
                from_person=from_person,
                to_person=to_person,
                kind=RelationshipKind(rel.kind),
                by=by,
                parental_responsibility=rel.parental_responsibility,
                notes=rel.notes,
            )


def _end(rel: Relationship, day: datetime.date, by: User) -> None:
    rel.ended_on = day
    rel.notes = (rel.notes + " (moved when records were merged)").strip()[:200]
    rel.updated_by = by
    rel.save(update_fields=["ended_on", "notes", "updated_by"])
