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
    journey: JourneySpec = field(default_factory=lambda: JourneySpec())

    @property
    def team(self) -> int:
        return self.allocations[-1].team

    @property
    def worker(self) -> int | None:
        return self.allocations[-1].worker


# --- The statutory journey of one case ---------------------------------------------------
#
# Staff are plan indexes (``by``, ``lead``, ``chair``); other records are referred to by
# their index in the lists of the same journey or referral.


@dataclass(slots=True)
class ContactSpec:
    child: int
    received_at: datetime.datetime
    kind: str
    source: str
    reason: str
    sharing_basis: str
    by: int  # who recorded it
    lawful_reason: str = ""
    referrer_name: str = ""
    referrer_organisation: str = ""
    referrer_email: str = ""
    referrer_phone: str = ""
    next_step: str = ""
    decision_reason: str = ""
    decided_at: datetime.datetime | None = None
    decided_by: int | None = None
    family_told: bool = True
    family_not_told_reason: str = ""
    asked_by: int | None = None  # the family member asking, for a request for help
    on_case: bool = True  # on the case's chronology; False for a child with no open case


@dataclass(slots=True)
class MeetingSpec:
    held_on: datetime.date
    by: int
    notes: str = ""


@dataclass(slots=True)
class AssessmentSpec:
    started_on: datetime.date
    by: int
    factors: list[str] = field(default_factory=list)
    outcome: str = ""
    family_views: str = ""
    child_views: str = ""
    child_seen: bool = False
    child_seen_alone: bool = False
    completed_on: datetime.date | None = None
    authorised_on: datetime.date | None = None
    authorised_by: int | None = None
    late_reason: str = ""


@dataclass(slots=True)
class EnquirySpec:
    started_on: datetime.date
    completed_on: datetime.date | None = None
    outcome: str = ""


@dataclass(slots=True)
class StrategySpec:
    held_on: datetime.date
    decision: str
    by: int
    notes: str
    family_told: str
    participants: list[tuple[str, str, str]]  # name, agency, role
    enquiry: EnquirySpec | None = None
    told_now: bool = True  # False while the police ask that the family is not told yet


@dataclass(slots=True)
class CpPlanSpec:
    started_on: datetime.date
    category: str
    latest_category: str
    visit_every: int
    by: int
    ended_on: datetime.date | None = None
    end_reason: str = ""
    core_groups: list[MeetingSpec] = field(default_factory=list)


@dataclass(slots=True)
class ConferenceSpec:
    kind: str
    held_on: datetime.date
    chair: int
    plan_needed: bool
    category: str
    plan: int  # index in the referral's cp_plans


@dataclass(slots=True)
class CinPlanSpec:
    started_on: datetime.date
    by: int
    plan: str
    ended_on: datetime.date | None = None
    end_reason: str = ""
    carried_from: int = -1  # index in the journey's early help episodes
    reviews: list[MeetingSpec] = field(default_factory=list)


@dataclass(slots=True)
class ReferralSpec:
    contact: int  # index in the journey's contacts
    referral_date: datetime.date
    source: str
    primary_need: str
    by: int
    no_further_action: bool = False
    closed_on: datetime.date | None = None
    closure_reason: str = ""
    step_down_offer: str = ""
    assessments: list[AssessmentSpec] = field(default_factory=list)
    strategies: list[StrategySpec] = field(default_factory=list)
    conferences: list[ConferenceSpec] = field(default_factory=list)
    cp_plans: list[CpPlanSpec] = field(default_factory=list)
    cin_plans: list[CinPlanSpec] = field(default_factory=list)


@dataclass(slots=True)
class EarlyHelpSpec:
    lead: int
    started_on: datetime.date
    family_plan: str
    ended_on: datetime.date | None = None
    end_reason: str = ""


@dataclass(slots=True)
class JourneySpec:
    contacts: list[ContactSpec] = field(default_factory=list)
    referrals: list[ReferralSpec] = field(default_factory=list)
    early_help: list[EarlyHelpSpec] = field(default_factory=list)
    visits: list[datetime.date] = field(default_factory=list)  # recent child protection visits


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
    # Contacts waiting at the front door about children with no open case.
    front_door_contacts: list[ContactSpec] = field(default_factory=list)

    def staff_index(self, demo_key: str) -> int:
        return next(i for i, s in enumerate(self.staff) if s.demo_key == demo_key)
