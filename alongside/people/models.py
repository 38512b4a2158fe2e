"""People and their network: anyone in a child's life, linked as a graph."""

from __future__ import annotations

import datetime

import pghistory
import pgtrigger
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Concat, Lower

from alongside.core.models import Tracked
from alongside.people.codes import (
    ContactChannel,
    Disability,
    Ethnicity,
    Format,
    RelationshipKind,
    Sex,
    Weekday,
)

NO_DELETE = pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)


def names_text() -> Func:
    """A person's names in lower case, as one text: what a search by part of a name matches.

    A trigram index (``person_names_trgm``) is built on exactly this expression, so a
    ``LIKE '%part%'`` on it reads only the people whose names share its letters.
    """
    return Lower(
        Concat(
            "first_names",
            Value(" "),
            "last_name",
            Value(" "),
            "preferred_name",
            output_field=models.TextField(),
        )
    )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Person(Tracked):
    council_id = models.CharField("council person id", max_length=20, unique=True)
    first_names = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField("gender, as they describe it", max_length=60, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    disabilities = ArrayField(
        models.CharField(max_length=4, choices=Disability.choices), default=list, blank=True
    )
    first_language = models.CharField(max_length=60, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    communication_needs = models.TextField(blank=True)
    preferred_formats = ArrayField(
        models.CharField(max_length=20, choices=Format.choices), default=list, blank=True
    )
    contact_days = ArrayField(
        models.CharField(max_length=3, choices=Weekday.choices), default=list, blank=True
    )
    contact_times = models.CharField("best times to contact", max_length=100, blank=True)
    preferred_channel = models.CharField(
        "how they want to hear from us",
        max_length=5,
        choices=ContactChannel.choices,
        blank=True,
        help_text="Empty: no preference, so email if there is an address, else a text.",
    )
    preferred_worker_gender = models.CharField(
        "would like a worker who is",
        max_length=10,
        blank=True,
        choices=[("", "No preference"), ("woman", "A woman"), ("man", "A man")],
    )
    preferred_worker_language = models.CharField(
        "would like a worker who speaks", max_length=60, blank=True
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    nhs_number = models.CharField(max_length=10, null=True, blank=True, unique=True)
    upn = models.CharField("unique pupil number", max_length=13, null=True, blank=True, unique=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    class Meta:
        ordering = ["last_name", "first_names"]
        triggers = [NO_DELETE]
        indexes = [
            models.Index(fields=["last_name", "first_names"]),
            GinIndex(
                OpClass(Lower("last_name"), name="gin_trgm_ops"), name="person_last_name_trgm"
            ),
            GinIndex(OpClass(names_text(), name="gin_trgm_ops"), name="person_names_trgm"),
            models.Index(
                Func(F("last_name"), function="dmetaphone"), name="person_last_name_sound"
            ),
            models.Index(fields=["date_of_birth"], name="person_date_of_birth"),
            models.Index(fields=["postcode"], name="person_postcode"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~(
                    Q(date_of_birth__isnull=False) & Q(expected_date_of_birth__isnull=False)
                ),
                name="person_born_or_expected_not_both",
            ),
            models.CheckConstraint(
                condition=Q(disabilities__len__lte=13),
                name="person_disabilities_bounded",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(archived_at__isnull=False),
                name="merged_person_is_archived",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_names.split(" ")[0]
        return f"{first} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def age_on(self, day: datetime.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Relationship(Tracked):
    """<from_person> is <kind> <to_person>: "Aisha is parent of Sam"."""

    from_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="relationships_out"
    )
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_in")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    parental_responsibility = models.BooleanField(default=False)
    notes = models.CharField(max_length=200, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_person=models.F("to_person")), name="relationship_not_self"
            ),
            models.UniqueConstraint(
                fields=["from_person", "to_person", "kind"],
                condition=Q(ended_on__isnull=True),
                name="relationship_unique_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_person} — {self.get_kind_display().lower()} — {self.to_person}"
