"""A child's case: opened by a referral, allocated to a worker and team, closed with a reason."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from alongside.core.models import Tracked

NO_DELETE = pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete)


def worker_changes_sql(child: str = "") -> str:
    """Marks each allocation that changed the child's worker (stored in ``changes_worker``).

    A child's allocations with a worker, across all of the child's cases, are taken in the
    order they started; an allocation changes the worker when the one before it had a
    different worker. Allocations without a worker change nothing. ``child`` is an SQL
    expression for the one child to mark again; without it every child is marked again.
    Only rows whose mark is wrong are written.
    """
    which = f"c.child_id = {child}" if child else "TRUE"
    # Built only from the constant expressions above, never from input.
    return f"""
UPDATE cases_allocation AS a SET changes_worker = m.changed
  FROM (SELECT al.id,
               coalesce(al.worker_id <> lag(al.worker_id) OVER (
                   PARTITION BY c.child_id ORDER BY al.started_on, al.id), FALSE) AS changed
          FROM cases_allocation al JOIN cases_case c ON c.id = al.case_id
         WHERE {which} AND al.worker_id IS NOT NULL
        UNION ALL
        SELECT al.id, FALSE
          FROM cases_allocation al JOIN cases_case c ON c.id = al.case_id
         WHERE {which} AND al.worker_id IS NULL) AS m
 WHERE a.id = m.id AND a.changes_worker IS DISTINCT FROM m.changed;
"""  # noqa: S608


# The marks are kept by the database, so every way an allocation is written (the services, the
# demo loader, a data fix) keeps them true: after an allocation is added or its case, worker or
# start changes, and after a case moves to another child (two records of one child merged).
ALLOCATION_MARKS_WORKER_CHANGES = pgtrigger.Trigger(
    name="marks_worker_changes",
    when=pgtrigger.After,
    operation=pgtrigger.Insert | pgtrigger.UpdateOf("case_id", "worker_id", "started_on"),
    declare=[("who", "bigint")],
    func=(
        "SELECT child_id INTO who FROM cases_case WHERE id = NEW.case_id;"  # noqa: S608
        + worker_changes_sql("who")
        + "IF TG_OP = 'UPDATE' AND OLD.case_id IS DISTINCT FROM NEW.case_id THEN\n"
        "SELECT child_id INTO who FROM cases_case WHERE id = OLD.case_id;"
        + worker_changes_sql("who")
        + "END IF;\nRETURN NULL;"
    ),
)
CASE_MARKS_WORKER_CHANGES = pgtrigger.Trigger(
    name="marks_worker_changes",
    when=pgtrigger.After,
    operation=pgtrigger.UpdateOf("child_id"),
    func=worker_changes_sql("NEW.child_id") + worker_changes_sql("OLD.child_id") + "RETURN NULL;",
)


class Stage(models.TextChoices):
    REFERRAL = "referral", "Referral"
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT = "assessment", "Child and family assessment"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection"
    LOOKED_AFTER = "looked_after", "Looked after"
    CLOSED = "closed", "Closed"


class ClosureReason(models.TextChoices):
    """DfE CIN census reason for closure (N00103), RC1 to RC9."""

    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to another local authority"
    RC6 = "RC6", "Transferred to adult social care"
    RC7 = "RC7", "Services ceased for any other reason"
    RC8 = "RC8", "Closed after assessment, no further action"
    RC9 = "RC9", "Closed after assessment, referred to early help"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Case(Tracked):
    reference = models.CharField(max_length=20, unique=True)
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    referral_date = models.DateField()
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REFERRAL)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocated_cases",
    )
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    is_restricted = models.BooleanField(default=False)
    restriction_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-referral_date"]
        triggers = [NO_DELETE, CASE_MARKS_WORKER_CHANGES]
        indexes = [models.Index(fields=["team", "worker"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(closure_reason=""),
                name="case_closed_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(is_restricted=False) | ~Q(restriction_reason=""),
                name="case_restricted_with_reason",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(closed_on__isnull=True),
                name="one_open_case_per_child",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class CaseType(Tracked):
    """A kind of work a case involves beyond its stage, such as court proceedings.

    Loaded as data (migration ``0004_case_types``); staff administrators add, weigh
    and stop using them on the caseload settings page. ``weight`` is what a case of
    this type counts towards its worker's caseload on top of its stage. A type no
    longer used is never deleted: it stops counting and is not offered again.
    """

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, unique=True)
    hint = models.CharField(max_length=200, blank=True)
    weight = models.DecimalField(max_digits=4, decimal_places=2, default=0)
    source = models.CharField(max_length=300)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        triggers = [NO_DELETE]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="case_type_weight_not_negative"
            ),
            models.CheckConstraint(condition=~Q(source=""), name="case_type_has_source"),
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class CaseTypeMark(Tracked):
    """That a case is of a type, from when, by whom and why; ended, never deleted."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="type_marks")
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, related_name="marks")
    reason = models.CharField(max_length=200)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["case_type__name"]
        triggers = [NO_DELETE]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "case_type"],
                condition=Q(ended_at__isnull=True),
                name="one_current_case_type_mark",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | ~Q(end_reason=""),
                name="case_type_mark_ended_with_reason",
            ),
        ]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), exclude=["changes_worker"])
class Allocation(Tracked):
    """Who held the case, in which team, from when to when."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    # Kept by the database (see worker_changes_sql): whether this allocation changed the
    # child's worker. Read by the team view, which counts changes over a year.
    changes_worker = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-started_on", "-id"]
        triggers = [NO_DELETE, ALLOCATION_MARKS_WORKER_CHANGES]
        indexes = [
            models.Index(
                fields=["case", "started_on"],
                condition=Q(changes_worker=True),
                name="allocation_worker_changes",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on__isnull=True), name="one_current_allocation"
            ),
        ]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class RestrictedAccess(Tracked):
    """The explicit list of staff who may open a restricted case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="restricted_access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        triggers = [NO_DELETE]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"], condition=Q(revoked_at__isnull=True), name="one_grant"
            ),
        ]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class FamilyAccess(Tracked):
    """A family member or young person who may see this case in the portal."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="family_access")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        triggers = [NO_DELETE]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"],
                condition=Q(revoked_at__isnull=True),
                name="one_family_grant",
            ),
        ]


class SupporterScope(models.TextChoices):
    MEETINGS = "meetings", "Meetings only"
    MEETINGS_DOCUMENTS = "meetings_documents", "Meetings and documents"
    EVERYTHING = "everything", "Everything the family can see"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class SupporterAccess(Tracked):
    """A supporter or advocate the family invited, seeing only what the family chose."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="supporter_access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scope = models.CharField(max_length=20, choices=SupporterScope.choices)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        triggers = [NO_DELETE]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(revoked_at__isnull=True),
                name="one_supporter_grant",
            ),
        ]

    def __str__(self) -> str:
        return f"Supporter {self.user_id} on case {self.case_id} ({self.scope})"


class BreakGlassReason(models.TextChoices):
    COVERING = "covering", "Covering for an absent colleague"
    URGENT_SAFEGUARDING = "urgent", "Urgent safeguarding concern"
    DUTY = "duty", "Duty or out-of-hours enquiry"
    OTHER = "other", "Other (explain below)"


class BreakGlass(models.Model):
    """A staff member outside the team opening a case, with a written reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="break_glass")
    reason_kind = models.CharField(max_length=10, choices=BreakGlassReason.choices)
    reason = models.TextField()
    opened_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-opened_at"]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]
        indexes = [models.Index(fields=["user", "case", "-expires_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="break_glass_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Break-glass on case {self.case_id} by user {self.user_id}"
