"""The demo council as plain data, before anything touches the database.

People, cases and allocations refer to each other by their index in the plan's
lists; the loader turns indexes into database ids.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Size:
    name: str
    children: int
    localities: int  # caseworking teams
    social_workers: int  # per locality team
    support_workers: int  # per locality team
    central: int  # chairs, front door, data, admin, coordinators
    entries_per_child: int
    demo_caseload: int  # open cases for the demo social worker
    front_door_team: bool


SIZES = {
    "small": Size("small", 200, 2, 7, 2, 5, 20, 12, False),
    "medium": Size("medium", 5_000, 13, 7, 2, 20, 20, 18, True),
    "large": Size("large", 50_000, 28, 7, 2, 20, 20, 18, True),
}


@dataclass(slots=True)
class TeamSpec:
    name: str
    code: str
    area: str


@dataclass(slots=True)
class StaffSpec:
    full_name: str
    email: str
    role: str
    job_title: str
    team: int
    phone: str
    demo_key: str = ""


@dataclass(slots=True)
class PersonSpec:
    first_names: str
    last_name: str
    sex: str
    date_of_birth: datetime.date | None
    ethnicity: str
    address: str
    postcode: str
    recorded_on: datetime.date
    expected_date_of_birth: datetime.date | None = None
    date_of_death: datetime.date | None = None
    preferred_name: str = ""
    pronouns: str = ""
    gender: str = ""
    disabilities: list[str] = field(default_factory=list)
    first_language: str = "English"
    interpreter_needed: bool = False
    communication_needs: str = ""
    preferred_formats: list[str] = field(default_factory=list)
    contact_days: list[str] = field(default_factory=list)
    contact_times: str = ""
    email: str = ""
    phone: str = ""
    nhs_number: str | None = None
    upn: str | None = None


@dataclass(slots=True)
class RelationshipSpec:
    from_person: int
    to_person: int
    kind: str
    parental_responsibility: bool = False
    notes: str = ""
    ended_on: datetime.date | None = None


@dataclass(slots=True)
class AllocationSpec:
    worker: int | None
    team: int
    started_on: datetime.date
    ended_on: datetime.date | None
    reason: str


@dataclass(slots=True)
class Episode:
    """One period of work with a family: each child in it gets a case."""

    referral_date: datetime.date
    stage: str
    path: list[tuple[str, datetime.date]]
    team: int
    closed_on: datetime.date | None = None
    closure_reason: str = ""
    allocations: list[AllocationSpec] = field(default_factory=list)


@dataclass(slots=True)
class FamilySpec:
    area: str
    carers: list[int]  # parents with parental responsibility, main carer first
    relatives: list[int]  # grandparents and others who may write in the chronology
    children: list[int]
    episodes: list[Episode]
    demo_worker: bool = False


@dataclass(slots=True)
class CaseSpec:
    child: int
    family: int
    referral_date: datetime.date
    stage: str
    path: list[tuple[str, datetime.date]]
    allocations: list[AllocationSpec]
    closed_on: datetime.date | None = None
    closure_reason: str = ""
    is_restricted: bool = False
    restriction_reason: str = ""
    entries: int = 0

    @property
    def team(self) -> int:
        return self.allocations[-1].team

    @property
    def worker(self) -> int | None:
        return self.allocations[-1].worker


@dataclass(slots=True)
class DemoFamily:
    family: int = -1
    parent: int = -1
    young_person: int = -1
    cases: list[int] = field(default_factory=list)


@dataclass
class Plan:
    size: Size
    seed: int
    today: datetime.date
    teams: list[TeamSpec] = field(default_factory=list)
    staff: list[StaffSpec] = field(default_factory=list)
    persons: list[PersonSpec] = field(default_factory=list)
    relationships: list[RelationshipSpec] = field(default_factory=list)
    families: list[FamilySpec] = field(default_factory=list)
    cases: list[CaseSpec] = field(default_factory=list)
    schools: dict[int, str] = field(default_factory=dict)  # child index -> school name
    managers: dict[int, int] = field(default_factory=dict)  # team index -> manager index
    chairs: list[int] = field(default_factory=list)
    front_door: list[int] = field(default_factory=list)
    demo: DemoFamily = field(default_factory=DemoFamily)

    def staff_index(self, demo_key: str) -> int:
        return next(i for i, s in enumerate(self.staff) if s.demo_key == demo_key)
