"""Staff, their teams, and the people who sign in to the family portal."""

from __future__ import annotations

from typing import Any

import pghistory
import pgtrigger
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from alongside.core.models import Tracked


class Team(Tracked):
    name = models.CharField(max_length=100, unique=True)
    code = models.SlugField(max_length=30, unique=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    FAMILY_SUPPORT_WORKER = "family_support_worker", "Family support worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    FRONT_DOOR = "front_door", "Front door officer"
    CHAIR = "chair", "Conference chair"
    FGC_COORDINATOR = "fgc_coordinator", "Family group conference coordinator"
    DATA_TEAM = "data_team", "Data team"
    ADMIN = "admin", "Staff administrator"
    FAMILY = "family", "Family member"
    YOUNG_PERSON = "young_person", "Young person"
    SUPPORTER = "supporter", "Supporter or advocate"


STAFF_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.FAMILY_SUPPORT_WORKER,
        Role.TEAM_MANAGER,
        Role.FRONT_DOOR,
        Role.CHAIR,
        Role.FGC_COORDINATOR,
        Role.DATA_TEAM,
        Role.ADMIN,
    }
)
FAMILY_ROLES = frozenset({Role.FAMILY, Role.YOUNG_PERSON})
# Everyone who signs in to the portal with a one-time code.
PORTAL_ROLES = FAMILY_ROLES | {Role.SUPPORTER}


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("role", Role.ADMIN)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


@pghistory.track(
    pghistory.UpdateEvent(
        "user.update",
        condition=pghistory.AnyChange(exclude=["last_login", "password"]),
    )
)
class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in. Staff have a team and a role; family members are a Person."""

    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=20, blank=True, db_index=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=30, choices=Role.choices)
    job_title = models.CharField(max_length=100, blank=True)
    gender = models.CharField(
        max_length=10, blank=True, choices=[("", "Not given"), ("woman", "Woman"), ("man", "Man")]
    )
    languages = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    contact_phone = models.CharField("work phone", max_length=20, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    managed_teams = models.ManyToManyField(Team, blank=True, related_name="managers")
    person = models.OneToOneField(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["family", "young_person"])
                | models.Q(person__isnull=False),
                name="family_user_is_a_person",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_family(self) -> bool:
        return self.role in FAMILY_ROLES

    @property
    def is_portal_user(self) -> bool:
        return self.role in PORTAL_ROLES

    @property
    def is_staff(self) -> bool:  # Django's flag: nobody uses Django's admin site.
        return False


class LoginCode(models.Model):
    """A one-time sign-in code for a family member. Only a hash is kept."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="login_codes")
    code_hash = models.CharField(max_length=128)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"Sign-in code for user {self.user_id} ({self.get_channel_display()})"


class StaffInvitation(models.Model):
    """A one-time link for a new staff member to choose their password. Only a hash is kept."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations")
    token_hash = models.CharField(max_length=128, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        triggers = [pgtrigger.Protect(name="never_deleted", operation=pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"Set-up link for user {self.user_id}"


class AuthenticatorReset(models.Model):
    """An authenticator an administrator turned off: the device is kept, disabled, with why.

    A device with a reset never counts again; its owner sets up a new one from the one-time
    link the reset emails them.
    """

    device = models.OneToOneField(
        "otp_totp.TOTPDevice", on_delete=models.PROTECT, related_name="reset"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="authenticator_resets")
    reset_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reset_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()

    class Meta:
        ordering = ["-reset_at"]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="authenticator_reset_has_a_reason"
            )
        ]

    def __str__(self) -> str:
        return f"Authenticator of user {self.user_id} reset at {self.reset_at:%Y-%m-%d %H:%M}"
