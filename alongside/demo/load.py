"""Write a demo plan to the database in bulk.

The big tables (people, relationships, cases, allocations, entries and the journey
records, see ``journey_load``) go in with PostgreSQL's COPY; teams, staff and access
grants through the ORM and services. Everything happens in one transaction.

pghistory's insert triggers are switched off for the load with ``pgtrigger.ignore``:
fired row by row they slow a load of many thousands of rows in one transaction to
a crawl (each firing gets slower the more the transaction has written). The same
insert events are then written with one INSERT ... SELECT per table, so every row
still has its history. The triggers that refuse deletes are never touched.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import pghistory
import pgtrigger
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from alongside.accounts.models import Team, User
from alongside.accounts.services import totp_device_create
from alongside.cases.models import (
    Allocation,
    Case,
    CaseType,
    CaseTypeMark,
    FamilyAccess,
    RestrictedAccess,
    worker_changes_sql,
)
from alongside.cases.services import family_access_grant
from alongside.chronology.models import Entry
from alongside.demo.copying import (
    at_ten,
    copy_rows,
    last_id,
    record_insert_events,
    reserve_ids,
)
from alongside.demo.entries import iter_entries
from alongside.demo.journey_entries import contact_entries
from alongside.demo.journey_load import JourneyLoader
from alongside.demo.rows import EntryRow
from alongside.demo.signins import DEMO_PASSWORD, DEMO_TOTP_SECRET, PARENT, YOUNG_PERSON
from alongside.demo.specs import Plan
from alongside.journey.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Contact,
    CoreGroup,
    EarlyHelpEpisode,
    PlanReview,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
    StrategyParticipant,
)
from alongside.people.models import Person, Relationship

JOURNEY = (
    Contact, Referral, EarlyHelpEpisode, Assessment, StrategyDiscussion, Section47Enquiry,
    ChildProtectionPlan, Conference, CoreGroup, ChildInNeedPlan, PlanReview,
)  # fmt: skip
COPIED = (Person, Relationship, Case, Allocation, Entry, *JOURNEY, StrategyParticipant)
TRACKED = (Person, Relationship, Case, Allocation, Entry, *JOURNEY, RestrictedAccess, FamilyAccess)
HISTORY_TRIGGERS = tuple(f"{model._meta.label}:insert_insert" for model in TRACKED)
# Copied allocations are marked once, all together, instead of once a row.
BULK_TRIGGERS = (*HISTORY_TRIGGERS, f"{Allocation._meta.label}:marks_worker_changes")
PERSON_COLUMNS = (
    "id", "council_id", "first_names", "last_name", "preferred_name", "pronouns",
    "date_of_birth", "expected_date_of_birth", "date_of_death", "sex", "gender", "ethnicity",
    "disabilities", "first_language", "interpreter_needed", "communication_needs",
    "preferred_formats", "contact_days", "contact_times", "email", "phone", "address",
    "postcode", "nhs_number", "upn", "created_at", "updated_at",
)  # fmt: skip
RELATIONSHIP_COLUMNS = (
    "from_person_id", "to_person_id", "kind", "parental_responsibility", "notes", "ended_on",
    "created_at", "updated_at",
)  # fmt: skip
CASE_COLUMNS = (
    "id", "reference", "child_id", "referral_date", "stage", "team_id", "worker_id", "closed_on",
    "closure_reason", "is_restricted", "restriction_reason", "created_at", "updated_at",
)  # fmt: skip
ALLOCATION_COLUMNS = (
    "case_id", "worker_id", "team_id", "started_on", "ended_on", "reason", "created_at",
    "updated_at", "created_by_id", "updated_by_id",
)  # fmt: skip
ENTRY_COLUMNS = (
    "case_id", "kind", "occurred_at", "author_kind", "author_user_id", "author_person_id",
    "author_agency", "audience", "withheld_reason", "title", "text", "status", "archived_at",
    "archive_reason", "created_at", "updated_at", "created_by_id", "updated_by_id",
)  # fmt: skip


class Loader:
    def __init__(self, plan: Plan, out: Callable[[str], None]) -> None:
        self.plan = plan
        self.out = out
        self.team_ids: list[int] = []
        self.staff_ids: list[int] = []
        self.person_ids: list[int] = []
        self.case_ids: list[int] = []
        self.entry_of: dict[tuple[int, int], int] = {}  # (case, contact) -> the entry recording it

    def run(self) -> None:
        with transaction.atomic(), pghistory.context(reason="Demo council loaded"):
            before = {model: last_id(model) for model in TRACKED}
            self._teams_and_staff()
            with pgtrigger.ignore(*BULK_TRIGGERS):
                self._people()
                self._cases()
                self._access()
                self._case_types()
                self._entries()
                self._journey()
            events = sum(record_insert_events(m, before[m]) for m in TRACKED)
            self.out(f"History: {events:,} insert events recorded")
        with connection.cursor() as cursor:
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in COPIED)
            cursor.execute(f"ANALYZE {tables}")

    def _teams_and_staff(self) -> None:
        plan = self.plan
        teams = Team.objects.bulk_create([Team(name=t.name, code=t.code) for t in plan.teams])
        self.team_ids = [t.pk for t in teams]
        users = [
            User(
                email=s.email,
                full_name=s.full_name,
                role=s.role,
                job_title=s.job_title,
                team_id=self.team_ids[s.team],
                phone=s.phone,
                password=make_password(DEMO_PASSWORD if s.demo_key else None),
            )
            for s in plan.staff
        ]
        self.staff_ids = [u.pk for u in User.objects.bulk_create(users)]
        through = User.managed_teams.through
        through.objects.bulk_create(
            through(user_id=self.staff_ids[staff], team_id=self.team_ids[team])
            for team, staff in plan.managers.items()
        )
        for index, staff in enumerate(plan.staff):
            if staff.demo_key:
                totp_device_create(user=users[index], secret_base32=DEMO_TOTP_SECRET)
        self.out(f"Teams and staff: {len(teams)} teams, {len(users)} staff")

    def _people(self) -> None:
        plan = self.plan
        self.person_ids = reserve_ids(Person, len(plan.persons))
        count = copy_rows(Person, PERSON_COLUMNS, self._person_rows())
        ids = self.person_ids
        links = copy_rows(
            Relationship,
            RELATIONSHIP_COLUMNS,
            (
                (ids[r.from_person], ids[r.to_person], str(r.kind), r.parental_responsibility,
                 r.notes, r.ended_on, at_ten(plan.persons[r.to_person].recorded_on),
                 at_ten(plan.persons[r.to_person].recorded_on))
                for r in plan.relationships
            ),
        )  # fmt: skip
        self.out(f"People: {count:,} people, {links:,} relationships")

    def _person_rows(self) -> Iterator[tuple[Any, ...]]:
        for pk, p in zip(self.person_ids, self.plan.persons, strict=True):
            at = at_ten(p.recorded_on)
            yield (
                pk, f"P{pk:08d}", p.first_names, p.last_name, p.preferred_name, p.pronouns,
                p.date_of_birth, p.expected_date_of_birth, p.date_of_death, str(p.sex), p.gender,
                str(p.ethnicity), [str(d) for d in p.disabilities], p.first_language,
                p.interpreter_needed, p.communication_needs, [str(f) for f in p.preferred_formats],
                [str(d) for d in p.contact_days], p.contact_times, p.email, p.phone, p.address,
                p.postcode, p.nhs_number, p.upn, at, at,
            )  # fmt: skip

    def _cases(self) -> None:
        plan, staff = self.plan, self.staff_ids
        self.case_ids = reserve_ids(Case, len(plan.cases))
        rows = []
        for pk, c in zip(self.case_ids, plan.cases, strict=True):
            worker = None if c.worker is None else staff[c.worker]
            at = at_ten(c.referral_date)
            rows.append((
                pk, f"C{pk:07d}", self.person_ids[c.child], c.referral_date, str(c.stage),
                self.team_ids[c.team], worker, c.closed_on, str(c.closure_reason),
                c.is_restricted, c.restriction_reason, at, at,
            ))  # fmt: skip
        count = copy_rows(Case, CASE_COLUMNS, rows)
        allocations = copy_rows(Allocation, ALLOCATION_COLUMNS, self._allocation_rows())
        with connection.cursor() as cursor:
            cursor.execute(worker_changes_sql())
        self.out(f"Cases: {count:,} cases, {allocations:,} allocations")

    def _allocation_rows(self) -> Iterator[tuple[Any, ...]]:
        plan, staff = self.plan, self.staff_ids
        for pk, case in zip(self.case_ids, plan.cases, strict=True):
            for a in case.allocations:
                worker = None if a.worker is None else staff[a.worker]
                manager = staff[plan.managers[a.team]]
                at = at_ten(a.started_on)
                yield (
                    pk, worker, self.team_ids[a.team], a.started_on, a.ended_on, a.reason, at,
                    at, manager, manager,
                )  # fmt: skip

    def _access(self) -> None:
        """Restricted cases name who may open them; the demo family can see its cases."""
        plan, staff = self.plan, self.staff_ids
        grants = []
        for pk, case in zip(self.case_ids, plan.cases, strict=True):
            if not case.is_restricted:
                continue
            manager = staff[plan.managers[case.team]]
            allowed = [manager] + ([staff[case.worker]] if case.worker is not None else [])
            grants += [
                RestrictedAccess(
                    case_id=pk, user_id=user, reason=case.restriction_reason,
                    created_by_id=manager, updated_by_id=manager,
                )
                for user in allowed
            ]  # fmt: skip
        RestrictedAccess.objects.bulk_create(grants)
        self._family_accounts()
        self.out(f"Access: {len(grants)} named grants on restricted cases, 2 family accounts")

    def _case_types(self) -> None:
        """Some open cases have case types, so caseloads weigh more than stages alone."""
        types = dict(CaseType.objects.filter(is_active=True).values_list("code", "pk"))
        rng = random.Random(len(self.case_ids))
        # (type, the stages it goes with, the share of those open cases that have it)
        shares = [
            ("care-proceedings", {"looked_after", "child_protection"}, 0.25),
            ("pre-proceedings", {"child_protection"}, 0.10),
            ("disabled-child", {"child_in_need", "child_protection", "looked_after"}, 0.08),
            ("unaccompanied", {"looked_after"}, 0.06),
            ("exploitation", {"child_in_need", "child_protection", "looked_after"}, 0.04),
        ]
        plan, staff = self.plan, self.staff_ids
        marks = []
        for pk, case in zip(self.case_ids, plan.cases, strict=True):
            if case.closed_on is not None:
                continue
            manager = staff[plan.managers[case.team]]
            for code, stages, share in shares:
                if code in types and case.stage in stages and rng.random() < share:
                    marks.append(
                        CaseTypeMark(
                            case_id=pk, case_type_id=types[code],
                            reason="Recorded at the team's case review",
                            created_by_id=manager, updated_by_id=manager,
                        )
                    )  # fmt: skip
        CaseTypeMark.objects.bulk_create(marks)
        self.out(f"Case types: {len(marks):,} on open cases")

    def _family_accounts(self) -> None:
        demo = self.plan.demo
        parent = Person.objects.get(pk=self.person_ids[demo.parent])
        young = Person.objects.get(pk=self.person_ids[demo.young_person])
        for signin, person in ((PARENT, parent), (YOUNG_PERSON, young)):
            User.objects.create_user(
                signin.email, None, full_name=person.full_name, role=signin.role,
                person=person, phone=signin.phone,
            )  # fmt: skip
        for index in demo.cases:
            case = Case.objects.get(pk=self.case_ids[index])
            family_access_grant(
                case=case, person=parent, reason="Parent with parental responsibility", by=None
            )
            if self.plan.cases[index].child == demo.young_person:
                family_access_grant(case=case, person=young, reason="Their own case", by=None)

    def _entries(self) -> None:
        """Contact entries first, with ids reserved for them to point at; then the rest."""
        linked = list(contact_entries(self.plan))
        ids = reserve_ids(Entry, len(linked))
        self.entry_of = {(row.case, row.contact): pk for row, pk in zip(linked, ids, strict=True)}
        rows = ((pk, *self._entry_row(row)) for row, pk in zip(linked, ids, strict=True))
        count = copy_rows(Entry, ("id", *ENTRY_COLUMNS), rows)
        expected = sum(c.entries for c in self.plan.cases)
        self.out(f"Entries: {count:,} recording contacts; writing at least {expected:,} more")
        count += copy_rows(Entry, ENTRY_COLUMNS, self._entry_rows(expected))
        self.out(f"Entries: {count:,} written")

    def _journey(self) -> None:
        counts = JourneyLoader(self, self.entry_of).run()
        self.out("Journey: " + ", ".join(f"{n:,} {what}" for what, n in counts.items()))

    def _entry_rows(self, expected: int) -> Iterator[tuple[Any, ...]]:
        step = max(10_000, expected // 10)
        for number, row in enumerate(iter_entries(self.plan), start=1):
            if number % step == 0:
                self.out(f"Entries: {number:,} so far")
            if row.contact < 0:  # contact entries are already written
                yield self._entry_row(row)

    def _entry_row(self, row: EntryRow) -> tuple[Any, ...]:
        author = row.author
        user = None if author.user is None else self.staff_ids[author.user]
        person = None if author.person is None else self.person_ids[author.person]
        return (
            self.case_ids[row.case], str(row.kind), row.occurred_at, str(author.kind), user,
            person, author.agency, str(row.audience), str(row.withheld_reason), row.title,
            row.text, str(row.status), row.archived_at, row.archive_reason, row.occurred_at,
            row.occurred_at, user, user,
        )  # fmt: skip
