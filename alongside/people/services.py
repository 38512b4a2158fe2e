"""Every change to a person or their network goes through these functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.people.codes import Disability, RelationshipKind
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
        "email",
        "phone",
        "address",
        "postcode",
        "nhs_number",
        "upn",
    }
)


def _clean(fields: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
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
    cleaned = _clean(fields, exclude_pk=person.pk)
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
