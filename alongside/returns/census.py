"""The Children in Need census: the return's shape and its XML, as pure functions.

``selectors.census_children()`` reads the record into the dataclasses below, already
cut to the collection year and seen as at its reference date (anything dated after
31 March has not happened yet). ``census_xml()`` writes them out; nothing here reads
the database or the clock, so the same children always give the same bytes.

The structure (element names, their order and nesting, ISO dates, ``0``/``1`` flags)
is the DfE CIN census XML as read by the DfE validation rules in the data-to-insight
validator (``csc-validator-be-cin``: ``cin_validator/ingress.py`` and the
``fake_data`` sample files), with ``Sex`` (M, F, U) in place of ``GenderCurrent``
from the 2024-25 collection. ``schema/cin_census.xsd`` states it as a schema.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from alongside.timescales.calendar import add_months

COLLECTION = "CIN"
# The first collection year whose return this builds: Sex replaced GenderCurrent in 2024-25.
FIRST_YEAR = 2025


@dataclass(frozen=True)
class Period:
    """A collection year: 1 April to 31 March, the reference date."""

    year: int
    start: datetime.date
    end: datetime.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, datetime.date) and self.start <= day <= self.end


def census_period(year: int) -> Period:
    """The collection year ending 31 March ``year``."""
    return Period(year, datetime.date(year - 1, 4, 1), datetime.date(year, 3, 31))


def collection_year_for(day: datetime.date) -> int:
    """The collection year that ``day`` falls in (1 April 2025 is in 2026's)."""
    return day.year + 1 if day.month >= 4 else day.year


def ruleset_for(year: int) -> str:
    """The data-to-insight validator's rule pack for a collection year (cin2024_25 for 2025)."""
    return f"cin{year - 1}_{year % 100:02d}"


@dataclass(frozen=True)
class Header:
    year: int
    la_code: str
    generated_at: datetime.datetime
    software: str = "Alongside"
    release: str = "1"
    serial: str = "001"

    @property
    def reference_date(self) -> datetime.date:
        return census_period(self.year).end


@dataclass(frozen=True)
class AssessmentRow:
    id: int
    started_on: datetime.date
    authorised_on: datetime.date | None
    factors: tuple[str, ...]


@dataclass(frozen=True)
class CinPlanRow:
    id: int
    started_on: datetime.date
    ended_on: datetime.date | None


@dataclass(frozen=True)
class Section47Row:
    id: int
    started_on: datetime.date
    icpc_target: datetime.date | None
    icpc_date: datetime.date | None
    icpc_not_required: bool
    completed: bool = False


@dataclass(frozen=True)
class ProtectionPlanRow:
    id: int
    started_on: datetime.date
    ended_on: datetime.date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    review_dates: tuple[datetime.date, ...] = ()


@dataclass
class Episode:
    """One CINdetails module: a referral and what followed it, within the year."""

    id: int
    case_id: int
    referral_date: datetime.date
    source: str
    primary_need: str
    no_further_action: bool
    closed_on: datetime.date | None = None
    closure_reason: str = ""
    icpc_date: datetime.date | None = None
    assessments: list[AssessmentRow] = field(default_factory=list)
    cin_plans: list[CinPlanRow] = field(default_factory=list)
    enquiries: list[Section47Row] = field(default_factory=list)
    cp_plans: list[ProtectionPlanRow] = field(default_factory=list)


@dataclass
class CensusChild:
    person_id: int
    case_id: int
    la_child_id: str
    upn: str
    former_upn: str
    birth_date: datetime.date | None
    expected_birth_date: datetime.date | None
    sex: str
    death_date: datetime.date | None
    ethnicity: str
    disabilities: tuple[str, ...]
    episodes: list[Episode] = field(default_factory=list)
    upn_unknown: str = ""
    case_reference: str = ""

    @property
    def is_unborn(self) -> bool:
        return self.birth_date is None and self.expected_birth_date is not None


def school_age_born_by(period: Period) -> datetime.date:
    """Born on or before this day: of school age for the UPN rule (as DfE rule 8770Q counts it)."""
    return add_months(add_months(period.end, 4) + datetime.timedelta(days=31), -72)


def upn_unknown_reason(child: CensusChild, period: Period) -> str:
    """Why there is no UPN, from what was recorded; "" when the record cannot say.

    UN1 the child is not of school age (unborn included); UN7 every referral in the
    year ended with no further action; UN6 the assessment found an unaccompanied
    asylum-seeking child (factor 9A). Otherwise nothing is claimed: DfE queries a
    school-age child with neither (8770Q) and the record shows it as a problem.
    """
    if child.upn:
        return ""
    if child.is_unborn or (child.birth_date and child.birth_date > school_age_born_by(period)):
        return "UN1"
    if child.episodes and all(e.no_further_action for e in child.episodes):
        return "UN7"
    factors = {f for e in child.episodes for a in e.assessments for f in a.factors}
    if "9A" in factors:
        return "UN6"
    return ""


# --- XML ------------------------------------------------------------------------------


def _date(day: datetime.date) -> str:
    return day.isoformat()


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _add(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _maybe(parent: ET.Element, tag: str, value: str | datetime.date | None) -> None:
    if value is None or value == "":
        return
    _add(parent, tag, _date(value) if isinstance(value, datetime.date) else value)


def _header(root: ET.Element, header: Header) -> None:
    element = _add(root, "Header")
    details = _add(element, "CollectionDetails")
    _add(details, "Collection", COLLECTION)
    _add(details, "Year", str(header.year))
    _add(details, "ReferenceDate", _date(header.reference_date))
    source = _add(element, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", header.la_code)
    _add(source, "SoftwareCode", header.software)
    _add(source, "Release", header.release)
    _add(source, "SerialNo", header.serial)
    _add(source, "DateTime", header.generated_at.replace(microsecond=0, tzinfo=None).isoformat())


def _identifiers(parent: ET.Element, child: CensusChild) -> None:
    element = _add(parent, "ChildIdentifiers")
    _add(element, "LAchildID", child.la_child_id)
    _maybe(element, "UPN", child.upn)
    _maybe(element, "FormerUPN", child.former_upn)
    _maybe(element, "UPNunknown", child.upn_unknown)
    _maybe(element, "PersonBirthDate", child.birth_date)
    _maybe(element, "ExpectedPersonBirthDate", child.expected_birth_date)
    _add(element, "Sex", child.sex)
    _maybe(element, "PersonDeathDate", child.death_date)


def _characteristics(parent: ET.Element, child: CensusChild) -> None:
    element = _add(parent, "ChildCharacteristics")
    _add(element, "Ethnicity", child.ethnicity)
    if child.disabilities:
        disabilities = _add(element, "Disabilities")
        for code in child.disabilities:
            _add(disabilities, "Disability", code)


def _assessment(parent: ET.Element, row: AssessmentRow) -> None:
    element = _add(parent, "Assessments")
    _add(element, "AssessmentActualStartDate", _date(row.started_on))
    _maybe(element, "AssessmentAuthorisationDate", row.authorised_on)
    if row.authorised_on and row.factors:
        factors = _add(element, "FactorsIdentifiedAtAssessment")
        for code in row.factors:
            _add(factors, "AssessmentFactors", code)


def _section47(parent: ET.Element, row: Section47Row) -> None:
    element = _add(parent, "Section47")
    _add(element, "S47ActualStartDate", _date(row.started_on))
    _maybe(element, "InitialCPCtarget", row.icpc_target)
    _maybe(element, "DateOfInitialCPC", row.icpc_date)
    _add(element, "ICPCnotRequired", _flag(row.icpc_not_required))


def _protection_plan(parent: ET.Element, row: ProtectionPlanRow) -> None:
    element = _add(parent, "ChildProtectionPlans")
    _add(element, "CPPstartDate", _date(row.started_on))
    _maybe(element, "CPPendDate", row.ended_on)
    _add(element, "InitialCategoryOfAbuse", row.initial_category)
    _add(element, "LatestCategoryOfAbuse", row.latest_category)
    _add(element, "NumberOfPreviousCPP", str(row.previous_plans))
    if row.review_dates:
        reviews = _add(element, "Reviews")
        for day in row.review_dates:
            _add(reviews, "CPPreviewDate", _date(day))


def _episode(parent: ET.Element, episode: Episode) -> None:
    element = _add(parent, "CINdetails")
    _add(element, "CINreferralDate", _date(episode.referral_date))
    _add(element, "ReferralSource", episode.source)
    _maybe(element, "PrimaryNeedCode", episode.primary_need)
    if episode.closed_on:
        _add(element, "CINclosureDate", _date(episode.closed_on))
        _maybe(element, "ReasonForClosure", episode.closure_reason)
    _maybe(element, "DateOfInitialCPC", episode.icpc_date)
    for assessment in episode.assessments:
        _assessment(element, assessment)
    for plan in episode.cin_plans:
        dates = _add(element, "CINPlanDates")
        _add(dates, "CINPlanStartDate", _date(plan.started_on))
        _maybe(dates, "CINPlanEndDate", plan.ended_on)
    for enquiry in episode.enquiries:
        _section47(element, enquiry)
    _add(element, "ReferralNFA", _flag(episode.no_further_action))
    for cp_plan in episode.cp_plans:
        _protection_plan(element, cp_plan)


def census_xml(header: Header, children: Iterable[CensusChild]) -> bytes:
    """The return as UTF-8 XML bytes, children in the order given."""
    root = ET.Element("Message")
    _header(root, header)
    element = _add(root, "Children")
    for child in children:
        child_element = _add(element, "Child")
        _identifiers(child_element, child)
        _characteristics(child_element, child)
        for episode in child.episodes:
            _episode(child_element, episode)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


@dataclass(frozen=True)
class Counts:
    children: int
    episodes: int


def counts(children: Sequence[CensusChild]) -> Counts:
    return Counts(len(children), sum(len(c.episodes) for c in children))
