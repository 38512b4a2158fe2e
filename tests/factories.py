"""Factories for tests: fictional people made by an en_GB Faker."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from alongside.accounts.models import Role, Team, User
from alongside.accounts.services import DEMO_TOTP_SECRET_BASE32, totp_device_create
from alongside.cases.models import Allocation, Case, FamilyAccess
from alongside.chronology.models import Audience, AuthorKind, Entry, Kind
from alongside.people.models import Person

factory.Faker._DEFAULT_LOCALE = "en_GB"


class PlainFaker(factory.Faker):
    """A Faker value without apostrophes (O'Neill), so tests can look for a name in HTML
    as plain text; escaping names is tested on its own."""

    def evaluate(self, instance: object, step: object, extra: dict[str, object]) -> str:
        return str(super().evaluate(instance, step, extra)).replace("'", "")


PASSWORD = "correct horse battery staple"


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    code = factory.Sequence(lambda n: f"team-{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@example.test")
    full_name = PlainFaker("name")
    role = Role.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def totp(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()
            totp_device_create(user=self, secret_base32=DEMO_TOTP_SECRET_BASE32)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    council_id = factory.Sequence(lambda n: f"T{n:08d}")
    first_names = PlainFaker("first_name")
    last_name = PlainFaker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=1, maximum_age=16)


class FamilyUserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"family{n}@example.test")
    phone = factory.Sequence(lambda n: f"07700900{n:03d}")
    full_name = PlainFaker("name")
    role = Role.FAMILY
    team = None
    person = factory.SubFactory(PersonFactory, date_of_birth=datetime.date(1990, 5, 1))


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"C{n:07d}")
    child = factory.SubFactory(PersonFactory)
    referral_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    team = factory.SubFactory(TeamFactory)
    worker = None

    @factory.post_generation
    def allocation(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and self.team_id:
            Allocation.objects.create(
                case=self, worker=self.worker, team=self.team, started_on=self.referral_date
            )


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = Entry

    case = factory.SubFactory(CaseFactory)
    kind = Kind.NOTE
    occurred_at = factory.LazyFunction(timezone.now)
    author_kind = AuthorKind.STAFF
    author_user = factory.SubFactory(UserFactory)
    audience = Audience.FAMILY
    withheld_reason = ""
    title = factory.Faker("sentence", nb_words=4)
    text = factory.Faker("paragraph")


def grant_family(case: Case, user: User) -> FamilyAccess:
    return FamilyAccess.objects.create(case=case, person=user.person, reason="Parent")
