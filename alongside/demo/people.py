"""Invented people for the demo council: names from Faker, details from the seeded random."""

from __future__ import annotations

import datetime
import random
import re
from typing import TypeVar

from faker import Faker

from alongside.demo import texts
from alongside.demo.signins import DEMO_DOMAIN, PARENT, YOUNG_PERSON
from alongside.demo.specs import PersonSpec, Plan, RelationshipSpec
from alongside.people.codes import Disability, Ethnicity, Format, Sex, Weekday
from alongside.people.identifiers import nhs_check_digit, upn_check_letter

T = TypeVar("T")
DAY = datetime.timedelta(days=1)
E = Ethnicity
ETHNICITY_WEIGHTS = {
    E.WBRI: 62, E.WIRI: 0.6, E.WOTH: 7, E.WIRT: 0.3, E.WROM: 0.7, E.MWBC: 2.2, E.MWBA: 1.2,
    E.MWAS: 1.5, E.MOTH: 2, E.AIND: 2.3, E.APKN: 3.5, E.ABAN: 1.6, E.AOTH: 1.6, E.BCRB: 1.4,
    E.BAFR: 4, E.BOTH: 0.6, E.CHNE: 0.5, E.OOTH: 1.8, E.REFU: 0.6, E.NOBT: 2.5,
}  # fmt: skip
WHITE = frozenset({E.WBRI, E.WIRI, E.WOTH, E.WIRT, E.WROM})
D = Disability
CHILD_DISABILITIES = {
    D.AUT: 30, D.LD: 20, D.COMM: 15, D.BEH: 15, D.HEAR: 4, D.VIS: 3, D.MOB: 5, D.PC: 2,
    D.INC: 2, D.HAND: 1, D.CON: 1, D.DDA: 3,
}  # fmt: skip
ADULT_DISABILITIES = (D.LD, D.MOB, D.VIS, D.HEAR, D.DDA, D.COMM)
WEEKDAYS = (Weekday.MON, Weekday.TUE, Weekday.WED, Weekday.THU, Weekday.FRI)
RESERVED_PHONES = frozenset({PARENT.phone, YOUNG_PERSON.phone})
NAME_POOL = 3000
# A unique pupil number starts with the number of the council where the child's school
# is (DfE's list, checked by census rule 1530). The demo council has no number of its
# own (999), so its schools take these: children cross council borders for school.
UPN_LA_CODES = ("873", "874", "881", "882", "883")


class PeopleMaker:
    """Makes persons and relationships into the plan, and hands out unique identifiers."""

    def __init__(self, plan: Plan, seed: int) -> None:
        self.plan = plan
        self.today = plan.today
        self.rng = random.Random(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        # Faker's weighted picks are slow, so draw pools of names once and pick from those.
        self.female = [self.fake.first_name_female() for _ in range(NAME_POOL)]
        self.male = [self.fake.first_name_male() for _ in range(NAME_POOL)]
        self.surnames = [self.fake.last_name() for _ in range(NAME_POOL)]
        self.postcodes = [self.fake.postcode() for _ in range(NAME_POOL)]
        self.nhs_used: set[str] = set()
        self.upn_serials: dict[tuple[int, int], int] = {}
        self.emails: set[str] = set()
        self.schools: dict[int, list[tuple[str, int, str]]] = {}
        self.school_names: list[tuple[str, str]] = []

    # --- Small helpers ---------------------------------------------------------------

    def pick(self, weights: dict[T, float] | dict[T, int]) -> T:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def days_ago(self, days: int) -> datetime.date:
        return self.today - days * DAY

    def surname(self) -> str:
        return self.rng.choice(self.surnames)

    def first_name(self, sex: str) -> str:
        return self.rng.choice(self.female if sex == Sex.FEMALE else self.male)

    def last_name(self, person: int) -> str:
        return self.plan.persons[person].last_name

    def born_on(self, person: int) -> datetime.date | None:
        return self.plan.persons[person].date_of_birth

    def is_unborn(self, person: int) -> bool:
        return self.plan.persons[person].date_of_birth is None

    def has_died(self, person: int) -> bool:
        return self.plan.persons[person].date_of_death is not None

    def home_of(self, person: int) -> tuple[str, str]:
        p = self.plan.persons[person]
        return p.address, p.postcode

    def ethnicity(self) -> str:
        return self.pick(ETHNICITY_WEIGHTS)

    def mixed(self, mother: int, father: int) -> str:
        """A child's ethnicity from their parents'."""
        ours = self.plan.persons[mother].ethnicity
        theirs = self.plan.persons[father].ethnicity
        if ours == theirs or theirs in (E.REFU, E.NOBT):
            return ours
        pair = {ours, theirs}
        if pair & WHITE and pair & {E.BCRB}:
            return E.MWBC
        if pair & WHITE and pair & {E.BAFR}:
            return E.MWBA
        if pair & WHITE and pair & {E.AIND, E.APKN, E.ABAN, E.AOTH}:
            return E.MWAS
        return E.MOTH

    def home(self, area: str) -> tuple[str, str]:
        rng = self.rng
        street = f"{rng.randint(1, 180)} {self.surname()} {rng.choice(texts.STREET_KINDS)}"
        if rng.random() < 0.2:
            street = f"Flat {rng.randint(1, 24)}\n{street}"
        return f"{street}\n{area}", rng.choice(self.postcodes)

    def born(self, age: int) -> datetime.date:
        return self.days_ago(int(age * 365.25) + self.rng.randint(1, 364))

    # --- Identifiers -----------------------------------------------------------------

    def nhs_number(self) -> str:
        """A valid NHS number from the range the NHS keeps for testing (999...)."""
        while True:
            first_nine = f"999{self.rng.randrange(1_000_000):06d}"
            check = nhs_check_digit(first_nine)
            number = f"{first_nine}{check}"
            if check is not None and number not in self.nhs_used:
                self.nhs_used.add(number)
                return number

    def upn(self, establishment: int, born: datetime.date) -> str | None:
        year = (born.year + 4) % 100  # the year they started school
        serial = self.upn_serials.get((establishment, year), 0) + 1
        if serial > 999:
            return None
        self.upn_serials[(establishment, year)] = serial
        la_code = UPN_LA_CODES[establishment % len(UPN_LA_CODES)]
        last_twelve = f"{la_code}{establishment:04d}{year:02d}{serial:03d}"
        return f"{upn_check_letter(last_twelve)}{last_twelve}"

    def phone(self) -> str:
        while True:  # Ofcom's range for drama: never a real mobile
            number = f"07700900{self.rng.randrange(1000):03d}"
            if number not in RESERVED_PHONES:
                return number

    def email(self, first: str, last: str) -> str:
        local = f"{ascii_slug(first)}.{ascii_slug(last)}{self.rng.randint(1, 99)}"
        return f"{local}@example.com"

    def staff_name(self, demo_key: str) -> tuple[str, str]:
        first = self.first_name(self.rng.choice((Sex.FEMALE, Sex.MALE)))
        last = self.surname()
        if demo_key:
            return f"{first} {last}", f"{demo_key.replace('_', '.')}@{DEMO_DOMAIN}"
        local = f"{ascii_slug(first)}.{ascii_slug(last)}"
        email, n = f"{local}@{DEMO_DOMAIN}", 1
        while email in self.emails:
            n += 1
            email = f"{local}{n}@{DEMO_DOMAIN}"
        self.emails.add(email)
        return f"{first} {last}", email

    # --- Schools ---------------------------------------------------------------------

    def add_schools(self, team: int, area: str) -> None:
        """Four primary and two secondary schools in each area."""
        if not self.school_names:
            self.school_names = [
                (f"{word} {kind}", phase)
                for word in texts.SCHOOL_WORDS
                for kind, phase in texts.SCHOOL_KINDS
            ]
            self.rng.shuffle(self.school_names)
        schools: list[tuple[str, int, str]] = []
        for wanted in ("primary",) * 4 + ("secondary",) * 2:
            found = next((n for n in self.school_names if n[1] == wanted), None)
            if found is None:
                kind = "Primary School" if wanted == "primary" else "Academy"
                found = (f"{area} {kind} {len(schools) + 1}", wanted)
            else:
                self.school_names.remove(found)
            base = 2000 if wanted == "primary" else 4000
            number = base + team * 10 + len(schools)
            schools.append((found[0], number, wanted))
        self.schools[team] = schools

    def school(self, team: int, age: int) -> tuple[str, int] | None:
        if not 4 <= age <= 17:
            return None
        phase = "primary" if age <= 10 else "secondary"
        name, number, _ = self.rng.choice([s for s in self.schools[team] if s[2] == phase])
        return name, number

    # --- People ----------------------------------------------------------------------

    def add(self, person: PersonSpec) -> int:
        self.plan.persons.append(person)
        return len(self.plan.persons) - 1

    def relate(
        self,
        from_person: int,
        to_person: int,
        kind: str,
        *,
        responsibility: bool = False,
        notes: str = "",
        ended_on: datetime.date | None = None,
    ) -> None:
        self.plan.relationships.append(
            RelationshipSpec(from_person, to_person, kind, responsibility, notes, ended_on)
        )

    def adult(
        self, sex: str, last_name: str, age: int, ethnicity: str, home: tuple[str, str]
    ) -> int:
        """A parent: contact details, language and access needs."""
        rng = self.rng
        first = self.first_name(sex)
        person = PersonSpec(first, last_name, sex, self.born(age), ethnicity, *home, self.today)
        self._language(person)
        self._adult_disabilities(person)
        self._contacts(person, likely=0.9)
        person.nhs_number = self.nhs_number() if rng.random() < 0.8 else None
        return self.add(person)

    def relative(self, parent: int, sex: str, *, generation: int, stranger: bool = False) -> int:
        """A grandparent (generation 1), or an aunt, uncle, partner or friend (generation 0)."""
        rng = self.rng
        of = self.plan.persons[parent]
        born = of.date_of_birth or self.today
        age = (self.today - born).days // 365 + (rng.randint(18, 32) if generation else 0)
        age = max(18, age + (rng.randint(-10, 10) if not generation else 0))
        same_name = not stranger and rng.random() < 0.5
        last = of.last_name if same_name else self.surname()
        ethnicity = of.ethnicity if not stranger else self.ethnicity()
        home = self.home_of(parent) if rng.random() < 0.1 else self.home(area_of(of.address))
        first = self.first_name(sex)
        person = PersonSpec(first, last, sex, self.born(age), ethnicity, *home, self.today)
        if generation and sex == Sex.MALE and rng.random() < 0.04:
            person.date_of_death = self.days_ago(rng.randint(60, 3000))
        self._language(person)
        self._adult_disabilities(person)
        self._contacts(person, likely=0.5)
        person.nhs_number = self.nhs_number() if rng.random() < 0.5 else None
        return self.add(person)

    def child(
        self, last_name: str, age: int, ethnicity: str, home: tuple[str, str], team: int
    ) -> int:
        rng = self.rng
        sex = rng.choice((Sex.FEMALE, Sex.MALE))
        first = self.first_name(sex)
        born = self.born(age)
        person = PersonSpec(first, last_name, sex, born, ethnicity, *home, self.today)
        if rng.random() < 0.2:
            middle = self.first_name(sex)
            person.first_names = f"{first} {middle}"
            person.preferred_name = middle if rng.random() < 0.25 else ""
        if age >= 13 and rng.random() < 0.03:
            person.pronouns, person.gender = "they/them", "Non-binary"
        self._child_disabilities(person)
        person.nhs_number = self.nhs_number() if rng.random() < 0.97 else None
        if age >= 14:
            person.phone = self.phone() if rng.random() < 0.4 else ""
            person.email = self.email(first, last_name) if rng.random() < 0.15 else ""
        index = self.add(person)
        school = self.school(team, age)
        if school is not None:
            self.plan.schools[index] = school[0]
            person.upn = self.upn(school[1], born) if rng.random() < 0.95 else None
        return index

    def unborn(self, last_name: str, ethnicity: str, home: tuple[str, str]) -> int:
        expected = self.today + self.rng.randint(7, 150) * DAY
        person = PersonSpec(
            "Unborn baby", last_name, Sex.UNKNOWN, None, ethnicity, *home, self.today
        )
        person.expected_date_of_birth = expected
        return self.add(person)

    def make_demo_family(self, parent: int, young_person: int) -> None:
        """The parent and young person who sign in to the portal in the demo."""
        mum = self.plan.persons[parent]
        mum.email, mum.phone = PARENT.email, PARENT.phone
        mum.first_language, mum.interpreter_needed, mum.communication_needs = "English", False, ""
        mum.contact_days = [Weekday.MON, Weekday.WED, Weekday.FRI]
        mum.contact_times = "After the school run, 9:30am to 2:30pm"
        mum.preferred_formats = [Format.STANDARD]
        child = self.plan.persons[young_person]
        child.email, child.phone = YOUNG_PERSON.email, YOUNG_PERSON.phone
        self.plan.demo.parent, self.plan.demo.young_person = parent, young_person

    # --- Needs and contact details ----------------------------------------------------

    def _language(self, person: PersonSpec) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.005:
            person.first_language, person.interpreter_needed = "British Sign Language", True
            person.disabilities = [Disability.HEAR]
            person.communication_needs = (
                "Deaf: uses British Sign Language. Book a BSL interpreter for every meeting."
            )
        elif person.ethnicity in texts.LANGUAGES and roll < 0.35:
            language = rng.choice(texts.LANGUAGES[person.ethnicity])
            person.first_language = language
            if rng.random() < 0.5:
                person.interpreter_needed = True
                person.communication_needs = (
                    f"Needs a {language} interpreter for meetings, visits and calls."
                )
                if rng.random() < 0.6:
                    person.preferred_formats = [Format.OWN_LANGUAGE]

    def _adult_disabilities(self, person: PersonSpec) -> None:
        rng = self.rng
        if person.disabilities:
            return
        roll = rng.random()
        if roll < 0.7:
            return
        if roll < 0.9:
            person.disabilities = [Disability.NONE]
            return
        codes: list[str] = sorted(rng.sample(ADULT_DISABILITIES, rng.randint(1, 2)))
        person.disabilities = codes
        if Disability.LD in codes:
            person.preferred_formats = [*person.preferred_formats, Format.EASY_READ]
            person.communication_needs = "Prefers easy read letters and short meetings."
        if Disability.VIS in codes:
            large = rng.random() < 0.6
            person.preferred_formats = [
                *person.preferred_formats,
                Format.LARGE_PRINT if large else Format.AUDIO,
            ]

    def _child_disabilities(self, person: PersonSpec) -> None:
        """Asked at every assessment: "no disability" for most children, one or two for some."""
        rng = self.rng
        roll = rng.random()
        if not 0.82 <= roll < 0.95:
            person.disabilities = [Disability.NONE]
            return
        codes = {self.pick(CHILD_DISABILITIES) for _ in range(rng.randint(1, 2))}
        person.disabilities = sorted(codes)
        if codes & {Disability.AUT, Disability.LD, Disability.COMM}:
            person.communication_needs = (
                "Uses pictures and short sentences. Give extra time to answer."
            )
            person.preferred_formats = [Format.EASY_READ]

    def _contacts(self, person: PersonSpec, *, likely: float) -> None:
        rng = self.rng
        if rng.random() < likely * 0.9:
            person.phone = self.phone()
        if rng.random() < likely * 0.6:
            person.email = self.email(person.first_names, person.last_name)
        if rng.random() < likely * 0.5:
            days = sorted(rng.sample(range(5), rng.randint(2, 5)))
            person.contact_days = [WEEKDAYS[d] for d in days]
            person.contact_times = rng.choice(texts.CONTACT_TIMES)


def ascii_slug(value: str) -> str:
    return re.sub(r"[^a-z]", "", value.lower())


def area_of(address: str) -> str:
    return address.rsplit("\n", 1)[-1]
