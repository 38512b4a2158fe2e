"""The front door and the case's Journey tab: through the policy, keeping what was typed."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.audit.models import AccessLog
from alongside.cases.models import Case
from alongside.journey import services
from alongside.journey.codes import NextStep
from alongside.journey.letters import family_decision_text
from alongside.journey.models import (
    Assessment,
    ChildProtectionPlan,
    Conference,
    Contact,
    CoreGroup,
    EarlyHelpEpisode,
    PlanReview,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)
from alongside.people.models import Person
from alongside.plain.readability import read
from tests.conftest import staff_client
from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days_ago(n: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=n)


def date_fields(name: str, day: datetime.date) -> dict[str, int]:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def contact_post(**overrides):
    data = {
        **date_fields("received_on", TODAY()),
        "received_time": "00:01",
        "kind": "referral",
        "source": "2A",
        "referrer_name": "Pat Head",
        "referrer_organisation": "Hill Primary School",
        "referrer_email": "office@school.example.test",
        "referrer_phone": "",
        "reason": "Came to school hungry three days running.",
        "information_shared": "",
        "sharing_basis": "consent",
        "lawful_reason": "",
    }
    data.update(overrides)
    return data


def decide_post(team, worker=None, **overrides):
    data = {
        "next_step": "assessment",
        "reason": "Needs a fuller look with the family",
        "team": team.pk,
        "worker": worker.pk if worker else "",
        "primary_need": "N1",
        "tell_family": "yes",
        "not_told_reason": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer(cast):
    return UserFactory(team=TeamFactory(name="Front door"), role=Role.FRONT_DOOR)


def record_contact(child, by, **overrides):
    data = {
        "child": child,
        "received_at": timezone.now() - datetime.timedelta(days=30),
        "kind": "referral",
        "source": "6",
        "reason": "Police called to the home.",
        "sharing_basis": "consent",
        "by": by,
    }
    data.update(overrides)
    return services.contact_record(**data)


@pytest.fixture
def journey(cast):
    """The cast's case with one of every journey step, some still open."""
    case, worker, manager = cast["case"], cast["worker"], cast["manager"]
    contact = record_contact(case.child, worker)
    services.contact_decide(
        contact=contact,
        next_step="strategy",
        reason="Injury seen at school",
        by=manager,
        team=cast["team_a"],
        worker=worker,
    )
    referral = Referral.objects.get(case=case)
    one = services.strategy_discussion_record(
        referral=referral,
        held_on=days_ago(28),
        decision="s47_joint",
        participants=[("Sam Patel", "Police", "Detective")],
        notes="",
        family_told="",
        by=worker,
    )
    services.section47_complete(
        enquiry=one.enquiries.get(),
        completed_on=days_ago(20),
        outcome="icpc",
        conference_date=days_ago(15),
        by=worker,
    )
    services.conference_record(
        conference=Conference.objects.get(referral=referral, kind="initial"),
        held_on=days_ago(15),
        plan_needed=True,
        category="NEG",
        next_review=days_ago(15) + datetime.timedelta(days=90),
        by=worker,
    )
    two = services.strategy_discussion_record(
        referral=referral,
        held_on=days_ago(5),
        decision="s47_single",
        participants=[("Jo Lee", "Health", "")],
        notes="",
        family_told="",
        by=worker,
    )
    services.cin_plan_start(referral=referral, started_on=days_ago(14), by=worker)
    services.early_help_start(case=case, lead=worker, started_on=days_ago(3), by=worker)
    return {
        "referral": referral,
        "assessment": Assessment.objects.get(referral=referral),
        "enquiry": two.enquiries.get(),
        "review_conference": Conference.objects.get(referral=referral, kind="review"),
        "cp_plan": ChildProtectionPlan.objects.get(referral=referral),
        "cin_plan": referral.cin_plans.get(),
        "episode": EarlyHelpEpisode.objects.get(case=case),
    }


def journey_urls(case, j):
    base = f"/staff/cases/{case.pk}/journey"
    return [
        f"{base}/",
        f"{base}/assessments/{j['assessment'].pk}/complete/",
        f"{base}/assessments/{j['assessment'].pk}/authorise/",
        f"{base}/referrals/{j['referral'].pk}/strategy-discussion/",
        f"{base}/enquiries/{j['enquiry'].pk}/complete/",
        f"{base}/conferences/{j['review_conference'].pk}/",
        f"{base}/cp-plans/{j['cp_plan'].pk}/core-group/",
        f"{base}/cp-plans/{j['cp_plan'].pk}/end/",
        f"{base}/cin-plans/{j['cin_plan'].pk}/review/",
        f"{base}/referrals/{j['referral'].pk}/close/",
        f"{base}/early-help/new/",
        f"{base}/early-help/{j['episode'].pk}/step-up/",
    ]


# --- The front door --------------------------------------------------------------------


def test_front_door_officer_records_and_decides_and_the_worker_sees_the_journey(cast, officer):
    client = staff_client(officer)
    child = cast["stranger_child"]
    response = client.post(f"/staff/front-door/new/?person={child.pk}", contact_post())
    contact = Contact.objects.get(child=child)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/front-door/{contact.pk}/decide/"

    listing = client.get("/staff/front-door/").content.decode()
    assert child.full_name in listing and "Decision due" in listing

    page = client.get(response["Location"]).content.decode()
    assert "Came to school hungry three days running." in page and "Record the decision" in page

    response = client.post(
        f"/staff/front-door/{contact.pk}/decide/",
        decide_post(cast["team_a"], cast["worker"]),
        follow=True,
    )
    case = Case.objects.get(child=child)
    # A front-door officer cannot open the case, so they are back at the front door.
    assert response.redirect_chain[-1][0] == "/staff/front-door/"
    html = response.content.decode()
    assert f"Decision recorded: Child and family assessment. Case {case.reference}" in html
    assert "No contacts are waiting for a decision." in html

    journey = staff_client(cast["worker"]).get(f"/staff/cases/{case.pk}/journey/")
    html = journey.content.decode()
    assert journey.status_code == 200
    assert "Child and family assessment" in html and "What is due" in html
    assert "Referral of" in html and "Schools" in html and "Abuse or neglect" in html
    assert "Finish the assessment" in html


def test_a_manager_deciding_for_their_own_team_lands_on_the_journey(cast):
    child = cast["stranger_child"]
    contact = record_contact(child, cast["manager"])
    client = staff_client(cast["manager"])
    response = client.post(
        f"/staff/front-door/{contact.pk}/decide/", decide_post(cast["team_a"], cast["worker"])
    )
    case = Case.objects.get(child=child)
    assert response["Location"] == f"/staff/cases/{case.pk}/journey/"
    html = client.get(response["Location"]).content.decode()
    assert "Decision recorded" in html and "Child and family assessment" in html


def test_after_deciding_the_page_shows_the_familys_letter_with_its_reading_once(cast):
    child = cast["stranger_child"]
    contact = record_contact(child, cast["manager"])
    client = staff_client(cast["manager"])
    response = client.post(
        f"/staff/front-door/{contact.pk}/decide/", decide_post(cast["team_a"], cast["worker"])
    )
    html = client.get(response["Location"]).content.decode()
    letter = family_decision_text(NextStep.ASSESSMENT, child.display_name, "Needs a fuller look")
    assert "What the family is sent" in html
    assert "This is called an assessment." in html and letter.split(". ")[-1] in html
    assert f"Reading score: grade {read(letter).grade:.1f}" in html
    assert "When a social worker gets to know your family" in html  # assessment, plainly
    assert "What the family is sent" not in client.get(response["Location"]).content.decode()


def test_no_letter_is_shown_when_the_family_is_not_told(cast):
    child = cast["stranger_child"]
    contact = record_contact(child, cast["manager"])
    client = staff_client(cast["manager"])
    post = decide_post(
        cast["team_a"], cast["worker"], tell_family="no", not_told_reason="Telling them is a risk"
    )
    response = client.post(f"/staff/front-door/{contact.pk}/decide/", post)
    assert response.status_code == 302
    assert "What the family is sent" not in client.get(response["Location"]).content.decode()


def test_sharing_without_consent_needs_a_lawful_reason_and_keeps_what_was_typed(cast, officer):
    client = staff_client(officer)
    child = cast["stranger_child"]
    response = client.post(
        f"/staff/front-door/new/?person={child.pk}", contact_post(sharing_basis="no_consent")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Give the lawful reason for sharing without consent" in html
    assert 'href="#id_lawful_reason"' in html
    assert "Came to school hungry three days running." in html
    assert 'value="Pat Head"' in html and 'value="Hill Primary School"' in html
    assert 'value="no_consent" checked' in html
    assert not Contact.objects.filter(child=child).exists()


def test_an_impossible_time_and_a_future_date_are_refused(cast, officer):
    client = staff_client(officer)
    url = f"/staff/front-door/new/?person={cast['stranger_child'].pk}"
    html = client.post(url, contact_post(received_time="25:61")).content.decode()
    assert "Enter a time like 09:15 or 14:30" in html and 'value="25:61"' in html
    future = contact_post(**date_fields("received_on", TODAY() + datetime.timedelta(days=2)))
    html = client.post(url, future).content.decode()
    assert "The date and time cannot be in the future" in html
    assert 'id="id_received_on-error"' in html
    assert not Contact.objects.exists()


def test_no_further_action_needs_a_reason_shown_on_its_field(cast, officer):
    contact = record_contact(cast["stranger_child"], officer)
    client = staff_client(officer)
    response = client.post(
        f"/staff/front-door/{contact.pk}/decide/",
        decide_post(cast["team_a"], next_step="nfa", reason=""),
    )
    html = response.content.decode()
    assert "Say why there will be no further action" in html
    assert 'id="id_reason-error"' in html
    assert 'value="nfa" checked' in html
    contact.refresh_from_db()
    assert contact.next_step == ""


def test_early_help_needs_a_lead_and_the_family_not_told_needs_a_reason(cast, officer):
    contact = record_contact(cast["stranger_child"], officer)
    client = staff_client(officer)
    html = client.post(
        f"/staff/front-door/{contact.pk}/decide/",
        decide_post(cast["team_a"], next_step="early_help", tell_family="no"),
    ).content.decode()
    assert "Choose the lead practitioner" in html
    assert "Say why the family will not be told" in html
    html = client.post(
        f"/staff/front-door/{contact.pk}/decide/",
        decide_post(cast["team_a"], cast["other_worker"]),
    ).content.decode()
    assert "Choose a worker in Team A, or nobody yet" in html
    contact.refresh_from_db()
    assert contact.next_step == ""


def test_a_decided_contact_shows_its_decision_and_cannot_be_decided_again(cast, officer):
    contact = record_contact(cast["stranger_child"], officer)
    client = staff_client(officer)
    client.post(
        f"/staff/front-door/{contact.pk}/decide/",
        decide_post(cast["team_a"], next_step="advice", reason="Leaflet on local food bank"),
    )
    response = client.post(
        f"/staff/front-door/{contact.pk}/decide/", decide_post(cast["team_a"], next_step="nfa")
    )
    html = response.content.decode()
    assert "Decision on this contact" in html and "Information and advice" in html
    assert "Leaflet on local food bank" in html and "Record the decision" not in html
    contact.refresh_from_db()
    assert contact.next_step == "advice"


def test_record_someone_new_then_the_contact_about_them(cast, officer):
    client = staff_client(officer)
    data = {
        "first_names": "Ada",
        "last_name": "Newperson",
        **date_fields("date_of_birth", datetime.date(2019, 4, 2)),
        **date_fields("expected_date_of_birth", datetime.date(2027, 1, 1)),
        "sex": "F",
        "postcode": "ab1 2cd",
        "address": "1 High Street",
    }
    html = client.post("/staff/front-door/new-person/", data).content.decode()
    assert "Give a date of birth or an expected date of birth, not both" in html
    assert 'value="Newperson"' in html and "1 High Street" in html
    assert not Person.objects.filter(last_name="Newperson").exists()

    data.update({f"expected_date_of_birth_{part}": "" for part in ("day", "month", "year")})
    response = client.post("/staff/front-door/new-person/", data)
    person = Person.objects.get(last_name="Newperson")
    assert person.postcode == "AB1 2CD" and person.created_by == officer
    assert response["Location"] == f"/staff/front-door/new/?person={person.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Record a contact about Ada Newperson" in page


def test_find_a_person_offers_to_record_a_contact_or_someone_new(cast, officer):
    child = cast["stranger_child"]
    html = staff_client(officer).get("/staff/people/", {"name": child.full_name}).content.decode()
    assert f"/staff/front-door/new/?person={child.pk}" in html
    assert "Nobody matches?" in html and "/staff/front-door/new-person/" in html


@pytest.mark.parametrize("who", ["admin", "chair", "parent"])
def test_the_front_door_is_for_front_door_roles_only(cast, who):
    client = staff_client(cast[who]) if who != "parent" else None
    if client is None:
        from django.test import Client

        client = Client()
        client.force_login(cast["parent"])
    contact = record_contact(cast["stranger_child"], cast["worker"])
    for url in (
        "/staff/front-door/",
        f"/staff/front-door/new/?person={cast['stranger_child'].pk}",
        "/staff/front-door/new-person/",
        f"/staff/front-door/{contact.pk}/decide/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_restricted_child_is_left_out_of_the_front_door(cast, officer):
    restricted = CaseFactory(
        team=cast["team_a"], is_restricted=True, restriction_reason="Staff member's child"
    )
    hidden = record_contact(restricted.child, cast["manager"])
    shown = record_contact(cast["stranger_child"], cast["manager"])
    client = staff_client(officer)
    html = client.get("/staff/front-door/").content.decode()
    assert cast["stranger_child"].full_name in html
    assert restricted.child.full_name not in html
    assert client.get(f"/staff/front-door/{hidden.pk}/decide/").status_code == 404
    assert client.get(f"/staff/front-door/new/?person={restricted.child.pk}").status_code == 404
    assert client.get(f"/staff/front-door/{shown.pk}/decide/").status_code == 200


def test_front_door_lists_the_oldest_first_with_overdue_tags(cast, officer):
    older = record_contact(
        cast["stranger_child"], officer, received_at=timezone.now() - datetime.timedelta(days=10)
    )
    newer = record_contact(PersonFactory(), officer, received_at=timezone.now())
    html = staff_client(officer).get("/staff/front-door/").content.decode()
    assert html.index(older.child.full_name) < html.index(newer.child.full_name)
    assert "govuk-tag--red" in html and "Overdue" in html


# --- The Journey tab and its forms -------------------------------------------------------


@pytest.mark.parametrize("who", ["other_worker", "other_manager", "admin", "chair"])
def test_staff_outside_the_team_get_404_on_the_journey_and_every_form(cast, journey, who):
    client = staff_client(cast[who])
    before = AccessLog.objects.count()
    page, *forms = journey_urls(cast["case"], journey)
    assert client.get(page).status_code == 404
    for url in forms:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert AccessLog.objects.count() == before


def test_break_glass_reader_sees_the_journey_but_gets_403_on_every_form(cast, journey):
    from alongside.cases.services import break_glass_open

    break_glass_open(
        user=cast["other_worker"],
        case=cast["case"],
        reason_kind="duty",
        reason="Duty desk call about the child tonight",
        mfa_at=timezone.now(),
    )
    client = staff_client(cast["other_worker"])
    page, *forms = journey_urls(cast["case"], journey)
    response = client.get(page)
    assert response.status_code == 200
    assert "Record a strategy discussion" not in response.content.decode()
    for url in forms:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url


def test_the_worker_reaches_every_journey_page(cast, journey):
    client = staff_client(cast["worker"])
    for url in journey_urls(cast["case"], journey):
        if "/authorise/" in url:
            continue
        assert client.get(url).status_code == 200, url


def test_journey_page_shows_every_step(cast, journey):
    html = staff_client(cast["worker"]).get(f"/staff/cases/{cast['case'].pk}/journey/")
    html = html.content.decode()
    for text in (
        "Child protection",
        "Sam Patel, Police (Detective)",
        "Section 47 enquiry jointly with the police",
        "Initial child protection conference",
        "Review child protection conference",
        "Child protection plan from",
        "Neglect",
        "Child in need plan from",
        "Early help from",
        "What is due",
        "Record the outcome",
        "Record a core group",
        "Step up",
    ):
        assert text in html, text


def test_a_worker_finishes_the_assessment_and_only_a_manager_authorises_it(cast, journey):
    worker = staff_client(cast["worker"])
    base = f"/staff/cases/{cast['case'].pk}/journey/assessments/{journey['assessment'].pk}"
    data = {
        **date_fields("completed_on", TODAY()),
        "factors": ["21", "16A"],
        "outcome": "cin_plan",
        "family_views": "Mum wants help with the mornings.",
        "child_views": "Likes school dinners.",
        "child_seen": "on",
        "child_seen_alone": "on",
        "late_reason": "",
    }
    html = worker.post(f"{base}/complete/", data).content.decode()
    assert "No factors identified" in html and "cannot be chosen with other factors" in html
    assert "Mum wants help with the mornings." in html
    response = worker.post(f"{base}/complete/", {**data, "factors": ["16A", "3B"]})
    assert response.status_code == 302
    assessment = Assessment.objects.get(pk=journey["assessment"].pk)
    assert assessment.factors == ["16A", "3B"] and assessment.child_seen_alone

    assert worker.get(f"{base}/authorise/").status_code == 403
    assert worker.post(f"{base}/authorise/", date_fields("on", TODAY())).status_code == 403
    assessment.refresh_from_db()
    assert assessment.authorised_on is None
    assert (
        f"{base}/authorise/"
        not in worker.get(f"/staff/cases/{cast['case'].pk}/journey/").content.decode()
    )

    manager = staff_client(cast["manager"])
    page = manager.get(f"/staff/cases/{cast['case'].pk}/journey/").content.decode()
    assert f"{base}/authorise/" in page
    response = manager.post(f"{base}/authorise/", date_fields("on", TODAY()), follow=True)
    html = response.content.decode()
    assert "Assessment authorised" in html
    assert f"by {cast['manager'].full_name}" in html
    assert "Neglect; Domestic abuse: parent or carer" in html


def test_strategy_discussion_participants_are_one_per_line(cast, journey):
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/journey/referrals/{journey['referral'].pk}/strategy-discussion/"
    data = {
        **date_fields("held_on", TODAY()),
        "decision": "no_s47",
        "participants": "Ann Bell, Police, Sergeant\nDr Chen",
        "notes": "Bruise explained by a fall at football.",
        "family_told": "",
    }
    html = client.post(url, data).content.decode()
    assert "Line 2 (Dr Chen) needs a name and an agency, separated by a comma" in html
    assert "Bruise explained by a fall at football." in html
    assert "Ann Bell, Police, Sergeant" in html
    data["participants"] = "Ann Bell, Police, Sergeant\n\nDr Chen, GP"
    response = client.post(url, data, follow=True)
    assert "Strategy discussion recorded" in response.content.decode()
    discussion = StrategyDiscussion.objects.latest("id")
    people = list(discussion.participants.values_list("name", "agency", "role"))
    assert people == [("Ann Bell", "Police", "Sergeant"), ("Dr Chen", "GP", "")]


def test_child_protection_steps_through_the_forms(cast, journey):
    client = staff_client(cast["worker"])
    base = f"/staff/cases/{cast['case'].pk}/journey"
    enquiry = journey["enquiry"]
    url = f"{base}/enquiries/{enquiry.pk}/complete/"
    outcome = {**date_fields("completed_on", days_ago(2)), "outcome": "icpc"}
    assert "Give the date of the conference" in client.post(url, outcome).content.decode()
    assert client.post(url, outcome | date_fields("conference_date", TODAY())).status_code == 302
    assert Section47Enquiry.objects.get(pk=enquiry.pk).outcome == "icpc"

    review = journey["review_conference"]
    url = f"{base}/conferences/{review.pk}/"
    held = {**date_fields("held_on", days_ago(1)), "plan_needed": "yes", "category": ""}
    assert "Choose the category of abuse" in client.post(url, held).content.decode()
    assert client.post(url, held | {"category": "EMO"}).status_code == 302
    plan = ChildProtectionPlan.objects.get(pk=journey["cp_plan"].pk)
    assert plan.latest_category == "EMO" and plan.initial_category == "NEG"

    url = f"{base}/cp-plans/{plan.pk}/core-group/"
    early = {**date_fields("held_on", days_ago(40)), "notes": "Too early"}
    assert "cannot meet before the plan started" in client.post(url, early).content.decode()
    group = {**date_fields("held_on", days_ago(1)), "notes": "School attendance up."}
    assert client.post(url, group).status_code == 302
    assert CoreGroup.objects.filter(plan=plan, notes="School attendance up.").exists()

    url = f"{base}/cp-plans/{plan.pk}/end/"
    assert (
        "Say why the plan is ending"
        in client.post(url, date_fields("ended_on", TODAY())).content.decode()
    )
    response = client.post(url, {**date_fields("ended_on", TODAY()), "reason": "Safe now"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.ended_on == TODAY()


def test_child_in_need_review_and_closing_the_referral(cast, journey):
    client = staff_client(cast["worker"])
    base = f"/staff/cases/{cast['case'].pk}/journey"
    response = client.post(
        f"{base}/cin-plans/{journey['cin_plan'].pk}/review/",
        {**date_fields("held_on", days_ago(1)), "notes": "Plan working well."},
    )
    assert response.status_code == 302
    assert PlanReview.objects.filter(notes="Plan working well.").exists()

    url = f"{base}/referrals/{journey['referral'].pk}/close/"
    data = {**date_fields("closed_on", TODAY()), "reason": "", "step_down_offer": ""}
    html = client.post(url, data).content.decode()
    assert "Choose the reason for closing" in html
    assert "Record what the family was offered next" in html
    data.update(reason="RC8", step_down_offer="Family hub drop-in on Tuesdays")
    html = client.post(url, data).content.decode()
    # The plan is still open: the service says so on the reason.
    assert "End the child protection plan before closing" in html
    services.cp_plan_end(
        plan=journey["cp_plan"], ended_on=TODAY(), reason="Safe now", by=cast["worker"]
    )
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Referral closed" in html and "Closed after assessment, no further action" in html
    assert Referral.objects.get(pk=journey["referral"].pk).closed_on == TODAY()


def test_early_help_starts_and_steps_up_through_the_forms(cast):
    client = staff_client(cast["worker"])
    base = f"/staff/cases/{cast['case'].pk}/journey"
    data = {"lead": "", **date_fields("started_on", days_ago(10)), "family_plan": "Routines"}
    assert (
        "Choose the lead practitioner"
        in client.post(f"{base}/early-help/new/", data).content.decode()
    )
    data["lead"] = cast["colleague"].pk
    assert client.post(f"{base}/early-help/new/", data).status_code == 302
    episode = EarlyHelpEpisode.objects.get(case=cast["case"])
    assert episode.lead_practitioner == cast["colleague"]
    again = client.post(f"{base}/early-help/new/", data).content.decode()
    assert "This family already has early help" in again

    url = f"{base}/early-help/{episode.pk}/step-up/"
    step = {**date_fields("on", days_ago(1)), "source": "5D", "reason": ""}
    assert "Say why" in client.post(url, step).content.decode()
    response = client.post(url, step | {"reason": "Injury disclosed"}, follow=True)
    assert "Stepped up from early help" in response.content.decode()
    referral = Referral.objects.get(case=cast["case"])
    assert referral.source == "5D" and referral.cin_plans.get().plan == "Routines"


def test_journey_query_count_does_not_grow_with_core_groups_and_reviews(cast, journey):
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/journey/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        services.core_group_record(
            plan=journey["cp_plan"], held_on=days_ago(10 - n), notes=f"Group {n}", by=cast["worker"]
        )
        services.cin_plan_review_record(
            cin_plan=journey["cin_plan"], held_on=days_ago(10 - n), notes="", by=cast["worker"]
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert "Group 4" in response.content.decode()
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_front_door_reads_the_open_case_before_deciding_and_not_after(cast, officer):
    case = cast["case"]
    contact = record_contact(case.child, officer, received_at=timezone.now())
    client = staff_client(officer)
    page = client.get(f"/staff/front-door/{contact.pk}/decide/").content.decode()
    assert f'href="/staff/cases/{case.pk}/"' in page and "Read the case record" in page
    assert client.get(f"/staff/cases/{case.pk}/").status_code == 200
    assert AccessLog.objects.filter(user=officer, case=case).exists()
    client.post(
        f"/staff/front-door/{contact.pk}/decide/",
        decide_post(cast["team_a"], next_step="advice", reason="Leaflet about local help"),
    )
    assert client.get(f"/staff/cases/{case.pk}/").status_code == 404
