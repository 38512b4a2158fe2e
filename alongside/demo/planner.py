"""Make the demo council's plan: the same size, seed and day always give the same plan.

Faker ("en_GB", seeded with the seed) makes every name; ``random.Random(seed)``
makes every other choice, in a fixed order.
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from dataclasses import dataclass, field

from alongside.accounts.models import Role
from alongside.cases.models import ClosureReason, Stage
from alongside.demo import texts
from alongside.demo.journey import JourneyPlanner
from alongside.demo.paths import PathMaker, stage_on
from alongside.demo.people import PeopleMaker
from alongside.demo.signins import ADMIN, CENTRAL_SIGNINS, CHAIR, MANAGER, WORKER, WORKER2
from alongside.demo.specs import (
    AllocationSpec,
    CaseSpec,
    Episode,
    FamilySpec,
    Plan,
    Size,
    StaffSpec,
    TeamSpec,
)
from alongside.people.codes import RelationshipKind as Rel
from alongside.people.codes import Sex

DAY = datetime.timedelta(days=1)
S = Stage
STAGE_WEIGHTS = {
    S.REFERRAL: 6,
    S.EARLY_HELP: 13,
    S.ASSESSMENT: 10,
    S.CHILD_IN_NEED: 22,
    S.CHILD_PROTECTION: 12,
    S.LOOKED_AFTER: 15,
    S.CLOSED: 22,
}
OPEN_SPAN_DAYS: dict[str, tuple[int, int]] = {
    S.REFERRAL: (1, 35),
    S.ASSESSMENT: (12, 60),
    S.EARLY_HELP: (60, 1100),
    S.CHILD_IN_NEED: (120, 2500),
    S.CHILD_PROTECTION: (90, 2200),
    S.LOOKED_AFTER: (180, 5475),
}
CLOSED_FROM = {
    S.ASSESSMENT: 35,
    S.EARLY_HELP: 15,
    S.CHILD_IN_NEED: 30,
    S.CHILD_PROTECTION: 10,
    S.LOOKED_AFTER: 10,
}
CLOSED_DURATION_DAYS = {
    S.ASSESSMENT: (15, 60),
    S.EARLY_HELP: (60, 700),
    S.CHILD_IN_NEED: (90, 1500),
    S.CHILD_PROTECTION: (120, 1200),
    S.LOOKED_AFTER: (200, 3000),
}
R = ClosureReason
CLOSURE_WEIGHTS = {
    S.ASSESSMENT: {R.RC8: 60, R.RC9: 40},
    S.EARLY_HELP: {R.RC7: 85, R.RC5: 15},
    S.CHILD_IN_NEED: {R.RC7: 75, R.RC5: 12, R.RC3: 8, R.RC6: 5},
    S.CHILD_PROTECTION: {R.RC7: 70, R.RC5: 15, R.RC3: 15},
    S.LOOKED_AFTER: {R.RC4: 30, R.RC1: 20, R.RC7: 25, R.RC3: 15, R.RC6: 10},
}
PREVIOUS_LAST_STAGE = {S.ASSESSMENT: 50, S.EARLY_HELP: 30, S.CHILD_IN_NEED: 20}
PRE_BIRTH_STAGES = frozenset({S.REFERRAL, S.ASSESSMENT, S.CHILD_IN_NEED, S.CHILD_PROTECTION})
# Entries a month, by the stage the case is (or last was) at.
ENTRY_RATE: dict[str, float] = {
    S.REFERRAL: 4.0,
    S.ASSESSMENT: 3.0,
    S.EARLY_HELP: 0.8,
    S.CHILD_IN_NEED: 0.9,
    S.CHILD_PROTECTION: 1.6,
    S.LOOKED_AFTER: 0.5,
}
CENTRAL_ROLES = (
    Role.FRONT_DOOR,
    Role.DATA_TEAM,
    Role.FGC_COORDINATOR,
    Role.FRONT_DOOR,
    Role.CHAIR,
    Role.FRONT_DOOR,
    Role.CHAIR,
    Role.ADMIN,
    Role.FGC_COORDINATOR,
    Role.FRONT_DOOR,
    Role.CHAIR,
    Role.DATA_TEAM,
)
ELDEST_AGE_WEIGHTS = (3, 3, 3, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 7, 7, 6, 5)
FAMILY_SIZE_WEIGHTS = {1: 35, 2: 28, 3: 18, 4: 10, 5: 5, 6: 4}
DEMO_AGES = (14, 9, 4)
# Every eighth family being assessed has waited longer than 45 working days (about 63 days).
LATE_ASSESSMENT_EVERY, LATE_ASSESSMENT_DAYS = 8, (66, 90)
DEMO_CP_DAYS = 250  # the demo family's plan: reviewed once, the next review in a few weeks


@dataclass
class Household:
    team: int
    home: tuple[str, str]
    mother: int
    fathers: list[int]
    children: list[int] = field(default_factory=list)
    father_of: dict[int, int] = field(default_factory=dict)


def make_plan(size: Size, seed: int, today: datetime.date) -> Plan:
    """Everything in the demo council, as data. The same arguments give the same plan."""
    return Planner(size, seed, today).run()


class Planner:
    def __init__(self, size: Size, seed: int, today: datetime.date) -> None:
        self.size = size
        self.today = today
        self.plan = Plan(size=size, seed=seed, today=today)
        self.people = PeopleMaker(self.plan, seed)
        self.rng = self.people.rng
        self.paths = PathMaker(self.rng)
        self.workers: dict[int, list[int]] = {}
        self.support: dict[int, list[int]] = {}
        self.current_cases: dict[int, list[int]] = {}  # family -> its open cases
        self.assessed = 0  # families being assessed now
        self.demo_worker = -1

    def run(self) -> Plan:
        self._teams()
        self._staff()
        self.demo_worker = self.plan.staff_index(WORKER.key)
        children = 0
        while children < self.size.children:
            demo = not self.plan.families
            wanted = len(DEMO_AGES) if demo else self._family_size(self.size.children - children)
            children += self._family(wanted, demo=demo)
        self._demo_caseload()
        for index, family in enumerate(self.plan.families):
            self._allocate(family)
            self._cases(index, family)
        self._restrict()
        JourneyPlanner(self.plan, self.people.female + self.people.male, self.people.surnames).run()
        self._entry_targets()
        return self.plan

    # --- Teams and staff -------------------------------------------------------------

    def _teams(self) -> None:
        for area in texts.AREAS[: self.size.localities]:
            code = f"demo-{area.lower()}"
            self.plan.teams.append(TeamSpec(f"Demo {area}", code, area))
        if self.size.front_door_team:
            self.plan.teams.append(TeamSpec("Demo Front Door", "demo-front-door", "Front Door"))
        self.plan.teams.append(
            TeamSpec("Demo Safeguarding and Quality", "demo-quality", "Safeguarding and Quality")
        )
        for team in range(self.size.localities):
            self.people.add_schools(team, self.plan.teams[team].area)

    def _staff(self) -> None:
        quality = len(self.plan.teams) - 1
        front = quality - 1 if self.size.front_door_team else quality
        self._add_staff(WORKER.role, 0, WORKER.key)
        self._add_staff(WORKER2.role, 1, WORKER2.key)
        self._add_staff(MANAGER.role, 0, MANAGER.key)
        self._add_staff(ADMIN.role, quality, ADMIN.key)
        self._add_staff(CHAIR.role, quality, CHAIR.key)
        for team in range(self.size.localities):
            if team != 0:
                self._add_staff(Role.TEAM_MANAGER, team)
            for _ in range(self.size.social_workers - (1 if team < 2 else 0)):
                self._add_staff(Role.SOCIAL_WORKER, team)
            for _ in range(self.size.support_workers):
                self._add_staff(Role.FAMILY_SUPPORT_WORKER, team)
        fixed = dict(CENTRAL_SIGNINS)
        for role in itertools.islice(itertools.cycle(CENTRAL_ROLES), self.size.central - 2):
            signin = fixed.pop(role, None)
            team = front if role == Role.FRONT_DOOR else quality
            self._add_staff(role, team, signin.key if signin else "")

    def _add_staff(self, role: str, team: int, demo_key: str = "") -> None:
        full_name, email = self.people.staff_name(demo_key)
        job_title = self.rng.choice(texts.STAFF_TITLES[role])
        phone = f"020 7946 0{self.rng.randrange(1000):03d}"
        index = len(self.plan.staff)
        self.plan.staff.append(StaffSpec(full_name, email, role, job_title, team, phone, demo_key))
        if role == Role.SOCIAL_WORKER:
            self.workers.setdefault(team, []).append(index)
        elif role == Role.FAMILY_SUPPORT_WORKER:
            self.support.setdefault(team, []).append(index)
        elif role == Role.TEAM_MANAGER:
            self.plan.managers[team] = index
        elif role == Role.CHAIR:
            self.plan.chairs.append(index)
        elif role == Role.FRONT_DOOR:
            self.plan.front_door.append(index)

    # --- Families --------------------------------------------------------------------

    def _family_size(self, remaining: int) -> int:
        return min(remaining, self.people.pick(FAMILY_SIZE_WEIGHTS))

    def _family(self, wanted: int, *, demo: bool) -> int:
        """Add one family and its network; return how many children it has."""
        rng = self.rng
        team = 0 if demo else rng.randrange(self.size.localities)
        stage = S.CHILD_PROTECTION if demo else self.people.pick(STAGE_WEIGHTS)
        ages = list(DEMO_AGES) if demo else self._child_ages(wanted)
        if stage == S.CLOSED and min(ages) == 0:
            stage = S.ASSESSMENT  # a closed case needs every child born before it closed
        unborn = not demo and stage in PRE_BIRTH_STAGES and rng.random() < 0.06
        first_person = len(self.plan.persons)
        household = self._household(team, ages, unborn=unborn, demo=demo)
        carers, relatives = self._network(household)
        episodes = self._episodes(stage, team, household, demo=demo)
        for person in self.plan.persons[first_person:]:
            person.recorded_on = episodes[0].referral_date
        area = self.plan.teams[team].area
        family = FamilySpec(area, carers, relatives, household.children, episodes)
        if demo:
            self.people.make_demo_family(household.mother, household.children[0])
            self.plan.demo.family = len(self.plan.families)
        self.plan.families.append(family)
        return len(household.children)

    def _child_ages(self, wanted: int) -> list[int]:
        rng = self.rng
        eldest = rng.choices(range(18), weights=ELDEST_AGE_WEIGHTS)[0]
        eldest = max(eldest, min(17, (wanted - 1) * 2))
        ages = [eldest]
        while len(ages) < wanted and ages[-1] - 1 >= 0:
            ages.append(max(0, ages[-1] - rng.randint(1, 3 if wanted > 3 else 4)))
        return ages

    def _household(self, team: int, ages: list[int], *, unborn: bool, demo: bool) -> Household:
        rng, people = self.rng, self.people
        ethnicity = people.ethnicity()
        home = people.home(self.plan.teams[team].area)
        mother_age = max(ages) + rng.randint(17, 36)
        mother = people.adult(Sex.FEMALE, people.surname(), mother_age, ethnicity, home)
        n_fathers = 2 if not demo and len(ages) >= 2 and rng.random() < 0.3 else 1
        fathers = []
        for _ in range(n_fathers):
            surname = people.surname() if rng.random() < 0.6 else people.last_name(mother)
            father_home = home if rng.random() < 0.45 else people.home(self.plan.teams[team].area)
            age = max(mother_age + rng.randint(-3, 8), max(ages) + 17)
            eth = ethnicity if rng.random() < 0.75 else people.ethnicity()
            fathers.append(people.adult(Sex.MALE, surname, age, eth, father_home))
        household = Household(team, home, mother, fathers)
        ordered = sorted(ages, reverse=True)
        for position, age in enumerate(ordered):
            father = fathers[0] if position < (len(ordered) + 1) // 2 else fathers[-1]
            surname = people.last_name(father if rng.random() < 0.55 else mother)
            child = people.child(surname, age, people.mixed(mother, father), home, team)
            household.children.append(child)
            household.father_of[child] = father
        if unborn:
            baby = people.unborn(people.last_name(mother), people.mixed(mother, fathers[-1]), home)
            household.children.append(baby)
            household.father_of[baby] = fathers[-1]
        return household

    # --- Networks --------------------------------------------------------------------

    def _network(self, household: Household) -> tuple[list[int], list[int]]:
        """Relationships around the children.

        Returns the parents with parental responsibility (main carer first) and the
        relatives who may write in the chronology.
        """
        carers = self._parents(household)
        self._siblings(household)
        relatives = self._grandparents(household)
        self._aunts_and_uncles(household)
        self._new_partner(household)
        self._friends_and_supporters(household)
        return carers, relatives

    def _parents(self, household: Household) -> list[int]:
        people, rng = self.people, self.rng
        carers = [household.mother]
        for child in household.children:
            people.relate(household.mother, child, Rel.PARENT, responsibility=True)
        for father in household.fathers:
            pr = rng.random() < 0.75
            if pr:
                carers.append(father)
            apart = people.home_of(father) != household.home
            notes = "Lives separately; sees the children at weekends" if apart else ""
            for child, his in household.father_of.items():
                if his == father:
                    unborn = people.is_unborn(child)
                    people.relate(
                        father, child, Rel.PARENT, responsibility=pr and not unborn, notes=notes
                    )
        return carers

    def _siblings(self, household: Household) -> None:
        kids = household.children
        for i, older in enumerate(kids):
            for younger in kids[i + 1 :]:
                half = household.father_of[older] != household.father_of[younger]
                self.people.relate(
                    older, younger, Rel.SIBLING, notes="Half-sibling" if half else ""
                )

    def _grandparents(self, household: Household) -> list[int]:
        people = self.people
        writers: list[int] = []
        sides = (
            (household.mother, "Maternal", {0: 20, 1: 40, 2: 40}),
            (household.fathers[0], "Paternal", {0: 35, 1: 40, 2: 25}),
        )
        for parent, side, weights in sides:
            for n in range(people.pick(weights)):
                sex = Sex.FEMALE if n == 0 else Sex.MALE
                grandparent = people.relative(parent, sex, generation=1)
                word = "grandmother" if sex == Sex.FEMALE else "grandfather"
                people.relate(grandparent, parent, Rel.PARENT)
                for child in household.children:
                    people.relate(grandparent, child, Rel.GRANDPARENT, notes=f"{side} {word}")
                if not people.has_died(grandparent):
                    writers.append(grandparent)
        if writers and self.rng.random() < 0.04:
            self.people.relate(
                household.children[0], writers[0], Rel.LIVES_WITH, notes="During the week"
            )
        return writers[:2]

    def _aunts_and_uncles(self, household: Household) -> None:
        people = self.people
        for _ in range(people.pick({0: 30, 1: 35, 2: 25, 3: 10})):
            parent = household.mother if self.rng.random() < 0.6 else household.fathers[0]
            sex = self.rng.choice((Sex.FEMALE, Sex.MALE))
            relative = people.relative(parent, sex, generation=0)
            people.relate(relative, parent, Rel.SIBLING)
            for child in household.children:
                people.relate(relative, child, Rel.AUNT_UNCLE)

    def _new_partner(self, household: Household) -> None:
        rng, people = self.rng, self.people
        roll = rng.random()
        if roll >= 0.24:
            return
        step = roll < 0.12
        sex = Sex.MALE if rng.random() < 0.9 else Sex.FEMALE
        partner = people.relative(household.mother, sex, generation=0, stranger=True)
        ended = people.days_ago(rng.randint(30, 700)) if step and rng.random() < 0.2 else None
        kind = Rel.STEP_PARENT if step else Rel.PARTNER_OF_PARENT
        for child in household.children:
            pr = step and rng.random() < 0.1
            people.relate(partner, child, kind, responsibility=pr, ended_on=ended)
        if step or rng.random() < 0.5:
            notes = "Separated" if ended else ("Married" if step else "")
            people.relate(partner, household.mother, Rel.LIVES_WITH, notes=notes, ended_on=ended)

    def _friends_and_supporters(self, household: Household) -> None:
        people = self.people
        for _ in range(people.pick({0: 50, 1: 35, 2: 15})):
            friend = people.relative(household.mother, Sex.FEMALE, generation=0, stranger=True)
            people.relate(friend, household.mother, Rel.FRIEND, notes="Friend of the family")
        for _ in range(people.pick({0: 45, 1: 40, 2: 15})):
            sex = self.rng.choice((Sex.FEMALE, Sex.MALE))
            helper = people.relative(household.mother, sex, generation=0, stranger=True)
            notes = self.rng.choice(texts.SUPPORTER_NOTES)
            for child in household.children:
                people.relate(helper, child, Rel.SUPPORTS, notes=notes)

    # --- Episodes of work and their cases -----------------------------------------------

    def _episodes(
        self, stage: str, team: int, household: Household, *, demo: bool
    ) -> list[Episode]:
        born = [self.people.born_on(c) for c in household.children]
        dates = [d for d in born if d is not None]
        eldest = min(dates) if dates else None
        if stage == S.CLOSED:
            current = self._closed_episode(team, eldest, max(dates) if dates else None)
        else:
            current = self._open_episode(stage, team, eldest, span=700 if demo else None)
        previous = None if demo else self._previous_episode(current, eldest)
        return [previous, current] if previous else [current]

    def _open_episode(
        self, stage: str, team: int, eldest: datetime.date | None, span: int | None
    ) -> Episode:
        rng = self.rng
        low, high = OPEN_SPAN_DAYS[stage]
        if stage == S.ASSESSMENT:
            self.assessed += 1
            if self.assessed % LATE_ASSESSMENT_EVERY == 3:
                low, high = LATE_ASSESSMENT_DAYS
        demo = span is not None
        span = span or rng.randint(low, high)
        referral = self.people.days_ago(span)
        if eldest is None:
            referral = self.people.days_ago(rng.randint(7, max(7, min(span, 120))))
        elif referral < eldest - 120 * DAY:
            referral = min(eldest - rng.randint(0, 120) * DAY, self.today - DAY)
        cp_days = DEMO_CP_DAYS if demo else None
        path = self.paths.make(stage, referral, self.today, cp_days=cp_days)
        return Episode(referral, stage, path, team)

    def _closed_episode(
        self, team: int, eldest: datetime.date | None, youngest: datetime.date | None
    ) -> Episode:
        rng = self.rng
        last = self.people.pick(CLOSED_FROM)
        room = (self.today - youngest).days - 30 if youngest else 5475
        closed_on = self.people.days_ago(rng.randint(7, max(8, min(5475, room))))
        referral = closed_on - rng.randint(*CLOSED_DURATION_DAYS[last]) * DAY
        if eldest is not None:
            referral = max(referral, eldest - 120 * DAY)
        referral = min(referral, closed_on - 14 * DAY)
        reason = self.people.pick(CLOSURE_WEIGHTS[last])
        path = self.paths.make(last, referral, closed_on, reason=reason)
        return Episode(referral, S.CLOSED, [*path, (S.CLOSED, closed_on)], team, closed_on, reason)

    def _previous_episode(self, current: Episode, eldest: datetime.date | None) -> Episode | None:
        rng = self.rng
        if eldest is None or rng.random() >= 0.15:
            return None
        gap = (current.referral_date - eldest).days
        if gap < 400:
            return None
        start_ago = rng.randint(200, min(gap, 4000))
        referral = current.referral_date - start_ago * DAY
        closed_on = referral + rng.randint(20, min(600, start_ago - 100)) * DAY
        last = self.people.pick(PREVIOUS_LAST_STAGE)
        reason = self.people.pick(CLOSURE_WEIGHTS[last])
        path = self.paths.make(last, referral, closed_on, reason=reason)
        team = rng.randrange(self.size.localities)
        return Episode(referral, S.CLOSED, [*path, (S.CLOSED, closed_on)], team, closed_on, reason)

    def _demo_caseload(self) -> None:
        """The demo worker holds the demo family's cases and a few more in their team."""
        families = self.plan.families
        families[0].demo_worker = True
        count = len(families[0].children)
        candidates = [
            i
            for i, f in enumerate(families[1:], start=1)
            if f.episodes[-1].closed_on is None
            and f.episodes[-1].team == 0
            and f.episodes[-1].stage not in (S.EARLY_HELP, S.REFERRAL)
            and not (
                # The demo worker's assessments are not yet due: the late ones are elsewhere.
                f.episodes[-1].stage == S.ASSESSMENT
                and f.episodes[-1].referral_date < self.today - 45 * DAY
            )
        ]
        self.rng.shuffle(candidates)
        for index in candidates:
            children = len(families[index].children)
            if count + children > self.size.demo_caseload + 2:
                continue
            families[index].demo_worker = True
            count += children

    def _allocate(self, family: FamilySpec) -> None:
        demo_worker = self.demo_worker
        for episode in family.episodes:
            is_open = episode.closed_on is None
            final = demo_worker if family.demo_worker and is_open else None
            episode.allocations = self._allocations(episode, final, avoid_demo=is_open)

    def _allocations(
        self, episode: Episode, final: int | None, *, avoid_demo: bool
    ) -> list[AllocationSpec]:
        rng = self.rng
        end = episode.closed_on or self.today
        changes = self._change_days((end - episode.referral_date).days, force=final is not None)
        starts = [episode.referral_date] + [episode.referral_date + d * DAY for d in changes]
        result: list[AllocationSpec] = []
        previous: int | None = None
        for i, started in enumerate(starts):
            last = i == len(starts) - 1
            team = episode.team
            if not last and rng.random() < 0.08:
                team = rng.randrange(self.size.localities)
            avoid = {previous, final}
            if last and avoid_demo:
                avoid.add(self.demo_worker)
            worker = (
                final
                if last and final is not None
                else self._pick_worker(team, stage_on(episode.path, started), avoid)
            )
            result.append(
                AllocationSpec(worker, team, started, None, self._reason(i, team, result))
            )
            previous = worker
        for before, after in itertools.pairwise(result):
            before.ended_on = after.started_on
        result[-1].ended_on = episode.closed_on
        if episode.stage == S.REFERRAL and final is None and rng.random() < 0.3:
            result[-1].worker = None
        return result

    def _change_days(self, days: int, *, force: bool) -> list[int]:
        rng = self.rng
        if days < 45:
            return []
        count = int(days / 365 * rng.uniform(0.4, 1.3))
        count += 1 if days > 120 and rng.random() < 0.5 else 0
        count = max(min(count, 7), 2 if force else 0)
        return sorted({rng.randint(14, days - 7) for _ in range(count)})

    def _reason(self, i: int, team: int, so_far: list[AllocationSpec]) -> str:
        if i == 0:
            return "Case opened"
        if so_far[-1].team != team:
            return f"The family moved to the {self.plan.teams[team].area} area"
        return self.rng.choice(texts.REALLOCATION_REASONS)

    def _pick_worker(self, team: int, stage: str, avoid: set[int | None]) -> int:
        pool = self.support[team] if stage == S.EARLY_HELP else self.workers[team]
        choices = [w for w in pool if w not in avoid] or pool
        return self.rng.choice(choices)

    def _cases(self, family_index: int, family: FamilySpec) -> None:
        for episode in family.episodes:
            for child in family.children:
                start = self._child_start(episode, child)
                if start is None:
                    continue
                end = episode.closed_on or self.today
                path = self.paths.joined(episode.path, start, end)
                case = CaseSpec(
                    child,
                    family_index,
                    start,
                    path[-1][0],
                    path,
                    clip_allocations(episode.allocations, start),
                    episode.closed_on,
                    episode.closure_reason,
                )
                index = len(self.plan.cases)
                self.plan.cases.append(case)
                if episode.closed_on is None:
                    self.current_cases.setdefault(family_index, []).append(index)
                    if family_index == self.plan.demo.family:
                        self.plan.demo.cases.append(index)

    def _child_start(self, episode: Episode, child: int) -> datetime.date | None:
        born = self.people.born_on(child)
        end = episode.closed_on or self.today
        if born is None:  # unborn: a pre-birth referral
            if episode.closed_on is not None:
                return None
            return max(episode.referral_date, self.people.days_ago(self.rng.randint(14, 120)))
        if born <= episode.referral_date:
            return episode.referral_date
        if born >= end:
            return None
        return max(episode.referral_date, born - self.rng.randint(0, 120) * DAY)

    def _restrict(self) -> None:
        """A few open cases are restricted: only named staff may open them."""
        families = self.plan.families
        candidates = [i for i in self.current_cases if not families[i].demo_worker and i != 0]
        self.rng.shuffle(candidates)
        candidates.sort(key=lambda i: families[i].episodes[-1].team != 0)
        wanted = max(2, round(len(self.plan.cases) * 0.01))
        done = 0
        for family_index in candidates:
            if done >= wanted:
                break
            reason = self.rng.choice(texts.RESTRICTION_REASONS)
            for case_index in self.current_cases[family_index]:
                case = self.plan.cases[case_index]
                case.is_restricted = True
                case.restriction_reason = reason
                done += 1

    def _entry_targets(self) -> None:
        """How many chronology entries each case gets: more for longer and busier cases."""
        cases = self.plan.cases
        raw: list[float] = []
        minimum: list[int] = []
        for case in cases:
            end = case.closed_on or self.today
            months = max(0.25, (end - case.referral_date).days / 30.4)
            busiest = case.path[-2][0] if case.stage == S.CLOSED else case.stage
            factor = 0.8 if case.stage == S.CLOSED else 1.0
            raw.append(months * ENTRY_RATE[busiest] * factor)
            minimum.append(3 + len(case.allocations) + len(case.path))
        target = self.size.children * self.size.entries_per_child
        scale = 1.0
        for _ in range(4):
            counts = [max(m, round(r * scale)) for m, r in zip(minimum, raw, strict=True)]
            scale *= target / sum(counts)
        for case, count in zip(cases, counts, strict=True):
            case.entries = count
        for index in self.plan.demo.cases:
            cases[index].entries = max(cases[index].entries, 40)


def clip_allocations(
    allocations: list[AllocationSpec], start: datetime.date
) -> list[AllocationSpec]:
    kept = [a for a in allocations if a.ended_on is None or a.ended_on > start]
    if kept and kept[0].started_on < start:
        kept[0] = dataclasses.replace(kept[0], started_on=start)
    return kept
