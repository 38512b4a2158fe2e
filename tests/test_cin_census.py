"""The Children in Need census, built from the record and checked all year round.

Golden files: ``tests/golden/cin/census_2026.xml`` is the return for the year ending
31 March 2026 built from the purpose-built children below. When the return changes
on purpose, regenerate it and read the diff before committing:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_cin_census.py -k golden

The DfE validator (``csc-validator-be-cin``) runs on that file in its own virtual
environment, made under ``var/`` on first use (about a minute; later runs reuse it).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.cases.models import Case
from alongside.journey.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Conference,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from alongside.people.identifiers import upn_check_letter
from alongside.people.models import Person
from alongside.people.services import person_update
from alongside.returns import checks
from alongside.returns.census import (
    AssessmentRow,
    CensusChild,
    Episode,
    Section47Row,
    census_period,
)
from alongside.returns.models import ExportStatus, ExportVia, ReturnDownload, ReturnExport
from alongside.returns.selectors import (
    census_check,
    census_children,
    census_children_from,
    census_problems,
    council_rows,
)
from alongside.returns.services import cin_census_build
from alongside.returns.tasks import build_cin_census
from alongside.returns.validator import validate_file
from tests.conftest import staff_client
from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden" / "cin"
YEAR = 2026  # the collection year 1 April 2025 to 31 March 2026
BUILT_AT = datetime.datetime(2026, 4, 20, 9, 30)
AFTER_YEAR_END = datetime.date(2026, 4, 20)
D = datetime.date


def upn(establishment: int, serial: int) -> str:
    """A UPN with a right check letter, from West Sussex (938)."""
    body = f"938{establishment:04d}25{serial:03d}"
    return upn_check_letter(body) + body


def child(council_id: str, **fields) -> Person:
    defaults = {"sex": "F", "ethnicity": "WBRI", "disabilities": ["NONE"]}
    return PersonFactory(council_id=council_id, **{**defaults, **fields})


def case_for(person: Person, team, opened: datetime.date, **fields) -> Case:
    return CaseFactory(child=person, team=team, referral_date=opened, **fields)


def referral(case: Case, on: datetime.date, source: str, need: str, **fields) -> Referral:
    if fields.get("closed_on") and "step_down_offer" not in fields:
        fields["step_down_offer"] = "Told where to come back for help"
    return Referral.objects.create(
        case=case, referral_date=on, source=source, primary_need=need, **fields
    )


def assessment(ref: Referral, started: datetime.date, authorised=None, factors=(), **f):
    return Assessment.objects.create(
        referral=ref,
        started_on=started,
        completed_on=authorised,
        authorised_on=authorised,
        factors=list(factors),
        outcome=f.pop("outcome", "cin_plan" if authorised else ""),
        **f,
    )


def enquiry(ref: Referral, on: datetime.date, completed=None, outcome="") -> Section47Enquiry:
    discussion = StrategyDiscussion.objects.create(referral=ref, held_on=on, decision="s47_joint")
    return Section47Enquiry.objects.create(
        referral=ref,
        strategy_discussion=discussion,
        started_on=on,
        completed_on=completed,
        outcome=outcome,
    )


def conference(ref: Referral, kind: str, held: datetime.date, plan=None, **f) -> Conference:
    return Conference.objects.create(
        referral=ref, kind=kind, scheduled_for=held, held_on=held, plan=plan, **f
    )


def cp_plan(ref: Referral, started: datetime.date, category: str, **f) -> ChildProtectionPlan:
    return ChildProtectionPlan.objects.create(
        referral=ref,
        started_on=started,
        initial_category=category,
        latest_category=f.pop("latest", category),
        **f,
    )


def cin_plan(ref: Referral, started: datetime.date, ended=None) -> ChildInNeedPlan:
    return ChildInNeedPlan.objects.create(
        referral=ref, started_on=started, ended_on=ended, end_reason="Ended" if ended else ""
    )


# --- The purpose-built children ------------------------------------------------------


def two_episodes(team) -> Person:
    """Referred in April, helped with a plan, closed in August; referred again in November."""
    person = child("ALG001", date_of_birth=D(2015, 6, 1), upn=upn(2001, 1))
    first = case_for(person, team, D(2025, 4, 10), closed_on=D(2025, 8, 1), closure_reason="RC7")
    ref = referral(first, D(2025, 4, 10), "2A", "N4", closed_on=D(2025, 8, 1), closure_reason="RC7")
    assessment(ref, D(2025, 4, 11), D(2025, 5, 20), ["4B", "3B"])
    cin_plan(ref, D(2025, 5, 20), D(2025, 8, 1))
    second = case_for(person, team, D(2025, 11, 3))
    ref = referral(second, D(2025, 11, 3), "6", "N1")
    assessment(ref, D(2025, 11, 3), D(2025, 12, 10), ["16A"])
    cin_plan(ref, D(2025, 12, 10))
    return person


def plan_across_the_year_start(team) -> Person:
    """On a child protection plan from October 2024 to December 2025, and on one before."""
    person = child(
        "ALG002", date_of_birth=D(2012, 2, 14), sex="M", ethnicity="MWBC", upn=upn(2002, 2)
    )
    old = case_for(person, team, D(2021, 3, 1), closed_on=D(2022, 1, 10), closure_reason="RC7")
    ref = referral(old, D(2021, 3, 1), "6", "N1", closed_on=D(2022, 1, 10), closure_reason="RC7")
    cp_plan(ref, D(2021, 4, 1), "NEG", ended_on=D(2021, 10, 1))
    case = case_for(person, team, D(2024, 9, 2))
    ref = referral(case, D(2024, 9, 2), "3A", "N1")
    assessment(ref, D(2024, 9, 2), D(2024, 10, 1), ["3B", "17A"], outcome="strategy")
    enquiry(ref, D(2024, 9, 20), D(2024, 10, 4), "icpc")
    plan = cp_plan(ref, D(2024, 10, 9), "EMO", ended_on=D(2025, 12, 3))
    conference(ref, "initial", D(2024, 10, 9), plan, plan_needed=True, category="EMO")
    conference(ref, "review", D(2025, 1, 8), plan, plan_needed=True, category="EMO")
    conference(ref, "review", D(2025, 7, 2), plan, plan_needed=True, category="EMO")
    conference(ref, "review", D(2025, 12, 3), plan, plan_needed=False)
    cin_plan(ref, D(2025, 12, 3))
    return person


def unborn(team) -> Person:
    """Referred before birth by the health visitor; the assessment is still going."""
    person = child(
        "ALG003", date_of_birth=None, expected_date_of_birth=D(2026, 6, 15), sex="U",
        ethnicity="NOBT", disabilities=[],
    )  # fmt: skip
    case = case_for(person, team, D(2026, 1, 12))
    ref = referral(case, D(2026, 1, 12), "3B", "N3")
    assessment(ref, D(2026, 2, 16))
    return person


def no_further_action(team) -> Person:
    """A referral the front door decided needed no further action; no UPN known."""
    person = child("ALG004", date_of_birth=D(2014, 3, 3), ethnicity="BAFR", disabilities=[])
    case = case_for(person, team, D(2025, 6, 16))
    referral(case, D(2025, 6, 16), "1C", "N0", no_further_action=True)
    return person


def early_help_after_assessment(team) -> Person:
    """Assessed, then closed with a referral to early help (RC9)."""
    person = child(
        "ALG005", date_of_birth=D(2010, 7, 21), sex="M", ethnicity="AIND", upn=upn(2005, 5)
    )
    case = case_for(person, team, D(2025, 9, 1), closed_on=D(2025, 10, 14), closure_reason="RC9")
    ref = referral(case, D(2025, 9, 1), "2B", "N5", closed_on=D(2025, 10, 14), closure_reason="RC9")
    assessment(ref, D(2025, 9, 2), D(2025, 10, 14), ["4B", "14A"], outcome="early_help")
    return person


def several_disabilities(team) -> Person:
    """Autism, communication and learning; a UPN corrected once, so a former UPN."""
    person = child(
        "ALG006", date_of_birth=D(2013, 11, 30), sex="M", ethnicity="WOTH",
        disabilities=["AUT", "COMM", "LD"], upn=upn(2006, 16),
    )  # fmt: skip
    person_update(
        person=person, by=None, reason="The school sent the right number", upn=upn(2006, 6)
    )
    case = case_for(person, team, D(2025, 5, 7))
    ref = referral(case, D(2025, 5, 7), "3D", "N2")
    assessment(ref, D(2025, 5, 8), D(2025, 6, 20), ["5A", "6A"])
    cin_plan(ref, D(2025, 6, 20))
    return person


def section_47_no_conference(team) -> Person:
    """A section 47 enquiry that found no conference was needed; the assessment went on."""
    person = child("ALG007", date_of_birth=D(2016, 1, 9), ethnicity="WIRI", upn=upn(2007, 7))
    case = case_for(person, team, D(2025, 7, 14))
    ref = referral(case, D(2025, 7, 14), "6", "N1")
    assessment(ref, D(2025, 7, 14), D(2025, 8, 22), ["3A"])
    enquiry(ref, D(2025, 7, 16), D(2025, 7, 25), "continue")
    cin_plan(ref, D(2025, 8, 22))
    return person


def conference_and_plan(team) -> Person:
    """Strategy discussion, enquiry, initial conference and a plan, all in the year."""
    person = child(
        "ALG008", date_of_birth=D(2011, 4, 4), sex="M", ethnicity="BCRB", upn=upn(2008, 8)
    )
    case = case_for(person, team, D(2025, 10, 6))
    ref = referral(case, D(2025, 10, 6), "2A", "N1")
    assessment(ref, D(2025, 10, 6), D(2025, 11, 14), ["18C", "2B"], outcome="strategy")
    enquiry(ref, D(2025, 10, 8), D(2025, 10, 22), "icpc")
    plan = cp_plan(ref, D(2025, 10, 29), "PHY", latest="MUL")
    conference(ref, "initial", D(2025, 10, 29), plan, plan_needed=True, category="PHY")
    conference(ref, "review", D(2026, 1, 28), plan, plan_needed=True, category="MUL")
    return person


def died(team) -> Person:
    """A disabled young person who died; the episode closed with RC2."""
    person = child(
        "ALG009", date_of_birth=D(2008, 5, 5), date_of_death=D(2026, 2, 2), ethnicity="MOTH",
        disabilities=["MOB", "PC"], upn=upn(2009, 9),
    )  # fmt: skip
    case = case_for(person, team, D(2025, 12, 1), closed_on=D(2026, 2, 2), closure_reason="RC2")
    ref = referral(case, D(2025, 12, 1), "3E", "N2", closed_on=D(2026, 2, 2), closure_reason="RC2")
    assessment(ref, D(2025, 12, 1), D(2026, 1, 9), ["6A"])
    cin_plan(ref, D(2026, 1, 9), D(2026, 2, 2))
    return person


SCENARIOS = [
    two_episodes,
    plan_across_the_year_start,
    unborn,
    no_further_action,
    early_help_after_assessment,
    several_disabilities,
    section_47_no_conference,
    conference_and_plan,
    died,
]


@pytest.fixture
def children(settings):
    settings.LA_CODE = "938"
    team = TeamFactory(name="Assessment team")
    return {make.__name__: make(team) for make in SCENARIOS}


def built_xml() -> bytes:
    return cin_census_build(year=YEAR, generated_at=BUILT_AT).xml


def child_element(xml: bytes, la_child_id: str) -> ET.Element:
    root = ET.fromstring(xml)  # noqa: S314 - our own output
    for element in root.iter("Child"):
        if element.findtext("ChildIdentifiers/LAchildID") == la_child_id:
            return element
    raise AssertionError(f"{la_child_id} is not in the return")


# --- The return ------------------------------------------------------------------------


def test_the_return_matches_the_golden_file(children):
    xml = built_xml()
    golden = GOLDEN / f"census_{YEAR}.xml"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(xml)
    assert xml.decode() == golden.read_text(), "Run with UPDATE_GOLDEN=1 and read the diff"


def test_the_header_names_the_collection_year_and_council(children):
    root = ET.fromstring(built_xml())  # noqa: S314
    assert root.findtext("Header/CollectionDetails/Collection") == "CIN"
    assert root.findtext("Header/CollectionDetails/Year") == "2026"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
    assert root.findtext("Header/Source/LEA") == "938"
    assert root.findtext("Header/Source/DateTime") == "2026-04-20T09:30:00"
    ids = [c.findtext("ChildIdentifiers/LAchildID") for c in root.iter("Child")]
    assert ids == [f"ALG00{n}" for n in range(1, 10)]


def test_two_episodes_in_one_year_are_two_cin_details(children):
    element = child_element(built_xml(), "ALG001")
    episodes = element.findall("CINdetails")
    assert [e.findtext("CINreferralDate") for e in episodes] == ["2025-04-10", "2025-11-03"]
    assert episodes[0].findtext("CINclosureDate") == "2025-08-01"
    assert episodes[0].findtext("ReasonForClosure") == "RC7"
    assert episodes[0].findtext("CINPlanDates/CINPlanEndDate") == "2025-08-01"
    assert episodes[1].find("CINclosureDate") is None
    assert episodes[1].findtext("CINPlanDates/CINPlanStartDate") == "2025-12-10"


def test_a_plan_from_before_the_year_carries_its_end_reviews_and_earlier_plans(children):
    element = child_element(built_xml(), "ALG002")
    (episode,) = element.findall("CINdetails")
    assert episode.find("Assessments") is None  # authorised before 1 April 2025
    assert episode.find("Section47") is None  # its conference was before the year
    (plan,) = episode.findall("ChildProtectionPlans")
    assert plan.findtext("CPPstartDate") == "2024-10-09"
    assert plan.findtext("CPPendDate") == "2025-12-03"
    assert plan.findtext("NumberOfPreviousCPP") == "1"
    reviews = [r.text for r in plan.findall("Reviews/CPPreviewDate")]
    assert reviews == ["2025-07-02", "2025-12-03"]


def test_an_unborn_child_has_an_expected_date_sex_u_and_upn_unknown_un1(children):
    ids = child_element(built_xml(), "ALG003").find("ChildIdentifiers")
    assert ids.find("PersonBirthDate") is None
    assert ids.findtext("ExpectedPersonBirthDate") == "2026-06-15"
    assert ids.findtext("Sex") == "U"
    assert ids.findtext("UPNunknown") == "UN1"


def test_a_referral_with_no_further_action_is_flagged_and_explains_the_missing_upn(children):
    element = child_element(built_xml(), "ALG004")
    (episode,) = element.findall("CINdetails")
    assert episode.findtext("ReferralNFA") == "1"
    assert [e.tag for e in episode] == [
        "CINreferralDate", "ReferralSource", "PrimaryNeedCode", "ReferralNFA",
    ]  # fmt: skip
    assert element.findtext("ChildIdentifiers/UPNunknown") == "UN7"


def test_closure_after_assessment_to_early_help_is_rc9_with_the_assessment(children):
    (episode,) = child_element(built_xml(), "ALG005").findall("CINdetails")
    assert episode.findtext("ReasonForClosure") == "RC9"
    factors = [f.text for f in episode.findall("Assessments/FactorsIdentifiedAtAssessment/*")]
    assert factors == ["4B", "14A"]


def test_several_disabilities_each_appear_and_the_corrected_upn_is_the_former_one(children):
    element = child_element(built_xml(), "ALG006")
    assert [d.text for d in element.findall("ChildCharacteristics/Disabilities/Disability")] == [
        "AUT", "COMM", "LD",
    ]  # fmt: skip
    assert element.findtext("ChildIdentifiers/UPN") == upn(2006, 6)
    assert element.findtext("ChildIdentifiers/FormerUPN") == upn(2006, 16)


def test_a_section_47_needing_no_conference_says_so_with_its_target(children):
    (s47,) = child_element(built_xml(), "ALG007").findall("CINdetails/Section47")
    assert s47.findtext("S47ActualStartDate") == "2025-07-16"
    assert s47.findtext("InitialCPCtarget") == "2025-08-06"  # 15 working days on
    assert s47.find("DateOfInitialCPC") is None
    assert s47.findtext("ICPCnotRequired") == "1"


def test_the_initial_conference_goes_on_the_enquiry_and_starts_the_plan(children):
    (episode,) = child_element(built_xml(), "ALG008").findall("CINdetails")
    assert episode.find("DateOfInitialCPC") is None  # DfE 2884: never at both levels
    assert episode.findtext("Section47/DateOfInitialCPC") == "2025-10-29"
    assert episode.findtext("Section47/ICPCnotRequired") == "0"
    plan = episode.find("ChildProtectionPlans")
    assert plan.findtext("CPPstartDate") == "2025-10-29"
    assert plan.findtext("LatestCategoryOfAbuse") == "MUL"
    assert plan.findtext("NumberOfPreviousCPP") == "0"


def test_dates_after_the_reference_date_have_not_happened_yet(children):
    person = children["conference_and_plan"]
    plan = ChildProtectionPlan.objects.get(referral__case__child=person)
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(ended_on=D(2026, 4, 15))
    assert (
        child_element(built_xml(), "ALG008").find("CINdetails/ChildProtectionPlans/CPPendDate")
        is None
    )


@pytest.mark.parametrize("year", [YEAR - 1, YEAR, YEAR + 1])
def test_a_child_read_in_one_statement_is_the_child_the_whole_return_reads(children, year):
    # The child's record reads one child's rows in one statement; the return reads the
    # council one kind of record at a time. Every purpose-built child (two episodes, a plan
    # across the year's start, unborn, no further action, a corrected UPN, a conference and
    # plan, died) comes out the same both ways, alone and all together.
    period = census_period(year)
    ids = [person.pk for person in children.values()]
    whole = census_children_from(council_rows(period), period)
    assert whole, "the scenarios have episodes in every year tested"
    assert census_children(period, child_ids=ids) == whole
    for person_id in ids:
        alone = census_children_from(council_rows(period, [person_id]), period)
        assert census_children(period, child_ids=[person_id]) == alone


def test_the_purpose_built_children_pass_every_check(children):
    check = census_check(YEAR, today=AFTER_YEAR_END)
    assert (check.children, check.episodes) == (9, 10)
    assert [(p.code, p.la_child_id) for p in check.problems] == []


# --- The DfE validator -------------------------------------------------------------------


def test_the_golden_file_passes_the_dfe_schema_and_rules_with_its_queries_listed():
    result = validate_file(GOLDEN / f"census_{YEAR}.xml", YEAR)
    print(result.summary())
    assert result.children == 9
    assert result.schema_errors == []
    assert result.errors == []
    assert result.rules_crashed == []
    # Queries are the council's to explain, never hidden: any new one fails this test.
    assert sorted({(q.code, q.child) for q in result.queries}) == []
    assert sorted(f.code for f in result.return_level) == ["2887Q"]


def test_the_validator_reports_a_broken_file_as_data(tmp_path):
    xml = (GOLDEN / f"census_{YEAR}.xml").read_text()
    broken = xml.replace("<Sex>U</Sex>", "<Sex>M</Sex>").replace(
        "<ReferralSource>2B</ReferralSource>", "<ReferralSource>ZZ</ReferralSource>"
    )
    path = tmp_path / "broken.xml"
    path.write_text(broken)
    result = validate_file(path, YEAR)
    assert not result.clean
    assert {"8750", "8866"} <= {e.code for e in result.errors}
    assert any("ReferralSource" in e["message"] for e in result.schema_errors)


# --- Clean all year: the checks on the record ----------------------------------------------


def codes(case: Case, today=AFTER_YEAR_END) -> list[str]:
    return sorted(p.code for p in census_problems(case, today=today))


def test_an_unborn_child_recorded_as_male_fails_until_sex_is_not_known(children):
    person = children["unborn"]
    case = Case.objects.get(child=person)
    person_update(person=person, by=None, sex="M")
    (problem,) = census_problems(case, today=AFTER_YEAR_END)
    assert problem.code == "8750"
    assert problem.severity == "error"
    assert "not born yet" in problem.message
    assert problem.url == reverse("staff:child-edit", args=[case.pk])
    person_update(person=person, by=None, sex="U")
    assert codes(case) == []


def test_an_expected_birth_far_from_the_census_date_is_queried(children):
    person = children["unborn"]
    case = Case.objects.get(child=person)
    # Reference date 31 March 2026: a month before it to nine months after is expected.
    Person.objects.filter(pk=person.pk).update(expected_date_of_birth=D(2026, 2, 27))
    (problem,) = census_problems(case, today=AFTER_YEAR_END)
    assert problem.code == "8530Q" and problem.severity == "query"
    assert "27 February 2026" in problem.message
    Person.objects.filter(pk=person.pk).update(expected_date_of_birth=D(2026, 12, 31))
    assert codes(case) == ["8530Q"]
    Person.objects.filter(pk=person.pk).update(expected_date_of_birth=D(2026, 5, 1))
    assert codes(case) == []
    # Before the year ends a date still to come is not asked about; one gone by is.
    Person.objects.filter(pk=person.pk).update(expected_date_of_birth=D(2026, 4, 10))
    assert codes(case) == ["8530Q"]


def test_a_school_age_child_without_a_upn_is_queried_and_an_invalid_one_is_an_error(children):
    person = children["section_47_no_conference"]
    case = Case.objects.get(child=person)
    Person.objects.filter(pk=person.pk).update(upn=None)
    assert codes(case) == ["8770Q"]
    Person.objects.filter(pk=person.pk).update(upn="A938200725007")  # wrong check letter
    (problem,) = census_problems(case, today=AFTER_YEAR_END)
    assert problem.code == "1510"
    assert "the first letter does not match the rest" in problem.message
    Person.objects.filter(pk=person.pk).update(
        upn=upn_check_letter("999200725007") + "999200725007"
    )
    assert codes(case) == ["1530"]


def test_a_missing_disability_is_an_error_for_a_born_child(children):
    person = children["two_episodes"]
    Person.objects.filter(pk=person.pk).update(disabilities=[])
    case = Case.objects.filter(child=person).latest("referral_date")
    assert codes(case) == ["8540"]


def test_no_further_action_with_an_assessment_fails(children):
    ref = Referral.objects.get(case__child=children["no_further_action"])
    assessment(ref, D(2025, 6, 17), D(2025, 7, 1), ["21"])
    problems = census_problems(ref.case, today=AFTER_YEAR_END)
    assert [p.code for p in problems] == ["8831"]
    assert "an assessment" in problems[0].message
    assert problems[0].url == reverse("staff:journey", args=[ref.case_id])


def test_a_plan_that_does_not_start_on_the_conference_day_fails_until_corrected(children):
    person = children["conference_and_plan"]
    plan = ChildProtectionPlan.objects.get(referral__case__child=person)
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(started_on=D(2025, 10, 30))
    case = plan.referral.case
    assert codes(case) == ["2885"]
    ChildProtectionPlan.objects.filter(pk=plan.pk).update(started_on=D(2025, 10, 29))
    assert codes(case) == []


def test_closing_after_assessment_needs_an_assessment_and_nothing_more(children):
    ref = Referral.objects.get(case__child=children["early_help_after_assessment"])
    Assessment.objects.filter(referral=ref).update(referral=Referral.objects.exclude(pk=ref.pk)[0])
    assert codes(ref.case) == ["8825Q"]
    assessment(ref, D(2025, 9, 2), D(2025, 10, 14), ["4B"])
    enquiry(ref, D(2025, 9, 10), D(2025, 9, 20), "continue")
    assert codes(ref.case) == ["2990"]


def test_an_open_assessment_is_queried_after_45_working_days(children):
    case = Case.objects.get(child=children["unborn"])
    # Started 16 February: 44 working days later is 21 April (Easter counts as holidays).
    assert codes(case, today=D(2026, 3, 31)) == []
    Assessment.objects.filter(referral__case=case).update(started_on=D(2026, 1, 12))
    assert codes(case, today=D(2026, 3, 31)) == ["8670Q"]


def test_an_enquiry_is_queried_when_no_conference_follows_in_15_working_days(children):
    ref = Referral.objects.get(case__child=children["section_47_no_conference"])
    Section47Enquiry.objects.filter(referral=ref).update(completed_on=None, outcome="")
    # DfE counts the start as day 1, so it asks on the 15th working day after the start.
    assert codes(ref.case, today=D(2025, 8, 5)) == []
    assert codes(ref.case, today=D(2025, 8, 6)) == ["8675Q"]


def test_an_enquiry_without_an_assessment_is_queried(children):
    ref = Referral.objects.get(case__child=children["section_47_no_conference"])
    other = Referral.objects.exclude(pk=ref.pk).first()
    Assessment.objects.filter(referral=ref).update(referral=other)
    (problem,) = census_problems(ref.case, today=AFTER_YEAR_END)
    assert (problem.code, problem.severity) == ("2991Q", "query")
    assert "no child and family assessment" in problem.message


def test_a_child_in_need_plan_during_a_protection_plan_fails(children):
    ref = Referral.objects.get(case__child=children["conference_and_plan"])
    cin_plan(ref, D(2025, 11, 14))
    assert codes(ref.case) == ["4001"]


def test_the_checks_the_database_already_prevents_still_read_right():
    """Rules the constraints make impossible here, checked on the return's own rows."""
    period = census_period(YEAR)
    saturday = D(2025, 11, 8)
    episode = Episode(
        id=1, case_id=1, referral_date=D(2025, 11, 3), source="", primary_need="",
        no_further_action=False,
        assessments=[AssessmentRow(2, D(2025, 11, 3), D(2025, 11, 20), ())],
        enquiries=[Section47Row(3, D(2025, 11, 3), saturday, saturday, False)],
    )  # fmt: skip
    person = CensusChild(
        person_id=1, case_id=1, la_child_id="ABC-1", upn="", former_upn="",
        birth_date=D(2015, 1, 1), expected_birth_date=None, sex="M", death_date=None,
        ethnicity="WBRI", disabilities=("NONE", "AUT"), episodes=[episode],
    )  # fmt: skip
    found = {p.code for p in checks.check_child(person, period, today=AFTER_YEAR_END)}
    assert found == {"1580", "8770Q", "8790", "8866", "8610", "8897Q", "8870Q", "8875"}
    fixed = replace(person, la_child_id="ABC1", disabilities=("AUT",), upn=upn(1, 1))
    fixed.episodes = [
        replace(
            episode,
            source="2A",
            primary_need="N1",
            assessments=[replace(episode.assessments[0], factors=("21",))],
            enquiries=[replace(episode.enquiries[0], icpc_target=D(2025, 11, 10), icpc_date=None)],
        )
    ]
    assert {p.code for p in checks.check_child(fixed, period, today=D(2025, 11, 20))} == set()


def test_the_whole_council_lists_problems_by_rule(children):
    Person.objects.filter(pk=children["two_episodes"].pk).update(disabilities=[])
    Person.objects.filter(pk=children["unborn"].pk).update(sex="F")
    check = census_check(YEAR, today=AFTER_YEAR_END)
    assert [(rule.code, n) for rule, n in check.by_rule()] == [("8540", 1), ("8750", 1)]
    assert {p.la_child_id for p in check.problems} == {"ALG001", "ALG003"}


def test_a_child_born_after_the_reference_date_was_unborn_on_it(children):
    person = children["unborn"]
    Person.objects.filter(pk=person.pk).update(
        date_of_birth=D(2026, 6, 10), expected_date_of_birth=None, sex="F"
    )
    (census_child,) = census_children(census_period(YEAR), child_ids=[person.pk])
    assert (census_child.birth_date, census_child.expected_birth_date) == (None, D(2026, 6, 10))
    assert census_child.sex == "U"


# --- Pages, command and task ----------------------------------------------------------------


@pytest.fixture
def data_team(db):
    return UserFactory(team=None, role=Role.DATA_TEAM)


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def test_the_childs_record_shows_a_census_problem_and_correcting_it_clears_it(children):
    person = children["two_episodes"]
    Person.objects.filter(pk=person.pk).update(disabilities=[])
    case = Case.objects.filter(child=person).latest("referral_date")
    worker = UserFactory(team=case.team, role=Role.SOCIAL_WORKER)
    client = staff_client(worker)
    page = client.get(reverse("staff:case", args=[case.pk])).content.decode()
    assert "Nothing is recorded about disability." in page
    assert reverse("staff:child-edit", args=[case.pk]) in page
    person.refresh_from_db()
    form = {
        "first_names": person.first_names, "last_name": person.last_name, "sex": "F",
        "ethnicity": "WBRI", "disabilities": ["NONE"], "date_of_birth_day": "1",
        "date_of_birth_month": "6", "date_of_birth_year": "2015", "first_language": "English",
        "upn": person.upn, "reason": "Disability recorded for the census",
    }  # fmt: skip
    response = client.post(reverse("staff:child-edit", args=[case.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(reverse("staff:case", args=[case.pk])).content.decode()
    assert "Nothing is recorded about disability." not in page
    assert "Nothing in this record would stop the children in need census return." in page


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMIN, Role.FRONT_DOOR, Role.CHAIR]
)
def test_other_staff_get_404_on_the_census_pages(cast, role):
    user = UserFactory(team=cast["team_a"], role=role)
    client = staff_client(user)
    export = ReturnExport.objects.create(collection="CIN", year=YEAR, via=ExportVia.COMMAND)
    for url in [
        reverse("staff:returns-cin-census"),
        reverse("staff:returns-cin-census-rule", args=["8750"]),
        reverse("staff:returns-download", args=[export.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("staff:returns-cin-census"), {"year": YEAR}).status_code == 404


def test_a_parent_gets_404_on_the_census_pages(cast):
    client = Client()
    client.force_login(cast["parent"])
    assert client.get(reverse("staff:returns-cin-census")).status_code == 404


def test_the_data_team_sees_problems_by_rule_and_opens_each_child(children, data_team):
    Person.objects.filter(pk=children["unborn"].pk).update(sex="F")
    client = staff_client(data_team)
    page = client.get(reverse("staff:returns-cin-census") + f"?year={YEAR}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "9 children with 10 episodes" in text
    assert "Sex of an unborn child" in text
    detail = client.get(reverse("staff:returns-cin-census-rule", args=["8750"]) + f"?year={YEAR}")
    case = Case.objects.get(child=children["unborn"])
    body = detail.content.decode()
    assert "ALG003" in body and case.reference in body
    # The data team is not in the case's team: the record opens through break-glass.
    assert f"{reverse('staff:break-glass')}?reference={case.reference}" in body
    assert client.get(reverse("staff:returns-cin-census-rule", args=["nope"])).status_code == 404


def test_a_restricted_case_is_counted_but_not_named_or_offered(children, data_team):
    Person.objects.filter(pk=children["unborn"].pk).update(sex="F")
    case = Case.objects.get(child=children["unborn"])
    Case.objects.filter(pk=case.pk).update(is_restricted=True, restriction_reason="Staff family")
    client = staff_client(data_team)
    url = reverse("staff:returns-cin-census-rule", args=["8750"]) + f"?year={YEAR}"
    body = client.get(url).content.decode()
    assert "A restricted case" in body
    assert case.reference not in body and "ALG003" not in body
    assert reverse("staff:break-glass") not in body


def test_the_data_team_builds_the_return_in_the_background_and_downloads_it(
    children, data_team, media, django_capture_on_commit_callbacks
):
    client = staff_client(data_team)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("staff:returns-cin-census"), {"year": YEAR})
    assert response.status_code == 302
    export = ReturnExport.objects.get()
    assert (export.status, export.created_by, export.via) == ("ready", data_team, "page")
    assert (export.children, export.episodes) == (9, 10)
    download = client.get(reverse("staff:returns-download", args=[export.pk]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert export.sha256 == hashlib.sha256(body).hexdigest()
    assert b"<LAchildID>ALG009</LAchildID>" in body
    assert ReturnDownload.objects.filter(export=export, user=data_team).count() == 1
    page = client.get(reverse("staff:returns-cin-census") + f"?year={YEAR}").content.decode()
    assert "downloaded 1 time" in page


def test_a_year_before_sex_was_collected_or_in_the_future_is_refused(data_team):
    client = staff_client(data_team)
    for year in (2024, 2099):
        response = client.post(reverse("staff:returns-cin-census"), {"year": year}, follow=True)
        assert "Select a valid choice" in response.content.decode()
    assert not ReturnExport.objects.exists()


def test_the_build_task_is_safe_to_run_twice(children, media):
    export = ReturnExport.objects.create(collection="CIN", year=YEAR, via=ExportVia.PAGE)
    build_cin_census.call(export.pk)
    export.refresh_from_db()
    first = (export.status, export.sha256, export.file.name)
    build_cin_census.call(export.pk)
    export.refresh_from_db()
    assert (export.status, export.sha256, export.file.name) == first
    assert export.status == ExportStatus.READY


def test_the_command_writes_the_return_and_records_it(children, tmp_path):
    out = tmp_path / "cin.xml"
    call_command("cin_census", year=YEAR, out=out, stdout=io.StringIO())
    written = out.read_bytes()
    golden = (GOLDEN / f"census_{YEAR}.xml").read_text()

    def undated(text: str) -> str:
        return re.sub(r"<DateTime>[^<]*</DateTime>", "", text)

    assert undated(written.decode()) == undated(golden)
    export = ReturnExport.objects.get()
    assert (export.via, export.children, export.created_by) == ("command", 9, None)
    assert export.sha256 == hashlib.sha256(written).hexdigest()


def test_the_command_refuses_a_year_it_cannot_build(tmp_path):
    with pytest.raises(CommandError, match="Choose a collection year from 2025"):
        call_command("cin_census", year=2024, out=tmp_path / "x.xml")
