"""Recording a visit on one screen: defaults from the record, everything saved at once or not at all."""

from __future__ import annotations

import datetime
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from alongside.chronology.models import Entry, Kind
from alongside.journey.models import ChildProtectionPlan, Referral
from alongside.messaging.models import Message
from alongside.people.codes import RelationshipKind
from alongside.people.models import Relationship
from alongside.plain.readability import TARGET_GRADE, read
from alongside.plans.models import Commitment, CommitmentAudience, SourceKind
from alongside.timescales.calendar import add_working_days
from alongside.visits import services, words
from alongside.visits.models import Outcome, Visit, VisitSeen
from alongside.visits.selectors import reliability_for_case
from tests.conftest import staff_client
from tests.factories import EntryFactory, PersonFactory
from tests.test_query_counts import assert_flat

pytestmark = pytest.mark.django_db

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
NOTE = "We talked about school and bedtime. Sam showed me a drawing of the new bike."


@pytest.fixture
def family(cast):
    """The cast's child with a mother (email) and a grandmother living with them."""
    child = cast["case"].child
    mother = PersonFactory(first_names="Aisha", last_name="Khan", email="aisha@example.test")
    gran = PersonFactory(first_names="Ruth", last_name="Khan", email="")
    Relationship.objects.create(
        from_person=mother,
        to_person=child,
        kind=RelationshipKind.PARENT,
        parental_responsibility=True,
    )
    Relationship.objects.create(from_person=gran, to_person=child, kind=RelationshipKind.LIVES_WITH)
    return {**cast, "mother": mother, "gran": gran}


def planned(case, worker, *, days_ago: float = 1, hour: int = 16) -> Visit:
    """A home visit planned through the service, then slid into the past to await its outcome."""
    soon = timezone.now() + datetime.timedelta(days=2)
    visit = services.visit_plan(
        case=case,
        worker=worker,
        kind="home_visit",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=1),
        place="12 Mill Lane, Leeds",
        purpose_for_family="To see how the week went.",
        by=worker,
    )
    day = timezone.localdate() - datetime.timedelta(days=int(days_ago))
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    if starts_at > timezone.now():
        starts_at -= datetime.timedelta(days=1)
    Visit.objects.filter(pk=visit.pk).update(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1)
    )
    visit.refresh_from_db()
    return visit


def url(case) -> str:
    return f"/staff/cases/{case.pk}/visits/record/"


def _date(prefix: str, day: datetime.date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def form_data(client: Client, case, **changes) -> dict[str, object]:
    """What the page sends when the worker changes nothing: every default, as the browser would."""
    form = client.get(url(case)).context["form"]
    data: dict[str, object] = {}
    for field in form:
        value = field.value()
        if field.name.endswith("on") and isinstance(value, datetime.date):
            data.update(_date(field.html_name, value))
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif value is not None:
            data[field.html_name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_planned_visit_that_started_most_recently_is_chosen_and_the_network_listed(family):
    case, worker = family["case"], family["worker"]
    older = planned(case, worker, days_ago=3)
    latest = planned(case, worker, days_ago=1)
    response = staff_client(worker).get(url(case))
    form = response.context["form"]
    assert form["visit"].value() == str(latest.pk)
    assert {c[0] for c in form.fields["visit"].choices} >= {str(older.pk), str(latest.pk)}
    assert form["seen"].value() == [str(case.child.pk)]
    page = response.content.decode()
    assert "Aisha Khan (parent)" in page and "Ruth Khan (lives with them)" in page
    assert form["next_place"].value() == "12 Mill Lane, Leeds"
    four_weeks = timezone.localtime(latest.starts_at).date() + datetime.timedelta(weeks=4)
    assert form["next_starts_on"].value() == four_weeks
    assert form["next_starts_time"].value() == "16:00"
    assert form["agreed_1_due_on"].value() == four_weeks
    assert "Why this day?" not in page  # the family gave no days, so no clash to explain


def test_a_planned_visit_can_be_chosen_from_its_link(family):
    case, worker = family["case"], family["worker"]
    older = planned(case, worker, days_ago=3)
    planned(case, worker, days_ago=1)
    form = staff_client(worker).get(f"{url(case)}?visit={older.pk}").context["form"]
    assert form["visit"].value() == str(older.pk)


def test_on_a_protection_plan_the_next_visit_follows_the_plans_frequency(family):
    case, worker = family["case"], family["worker"]
    referral = Referral.objects.create(
        case=case, referral_date=timezone.localdate() - datetime.timedelta(days=60), source="2A"
    )
    ChildProtectionPlan.objects.create(
        referral=referral,
        started_on=timezone.localdate() - datetime.timedelta(days=30),
        initial_category="NEG",
        latest_category="NEG",
        visit_every_working_days=7,
    )
    visit = planned(case, worker, days_ago=0)
    form = staff_client(worker).get(url(case)).context["form"]
    expected = add_working_days(timezone.localtime(visit.starts_at).date(), 7)
    assert form["next_starts_on"].value() == expected


def test_recording_writes_the_outcome_one_entry_commitments_and_the_next_visit(family):
    case, worker, mother = family["case"], family["worker"], family["mother"]
    visit = planned(case, worker)
    client = staff_client(worker)
    entries_before = Entry.objects.filter(case=case).count()
    data = form_data(
        client,
        case,
        seen=[str(case.child.pk), str(mother.pk)],
        seen_others="A neighbour, Mrs Patel",
        child_seen_alone="yes",
        note=NOTE,
        agreed_1_title="Phone the housing officer",
        agreed_1_owner=f"p{mother.pk}",
        agreed_2_title="Send the food bank referral",
    )
    response = client.post(url(case), data)
    assert response.status_code == 302 and response.url == f"/staff/cases/{case.pk}/"
    visit.refresh_from_db()
    assert visit.outcome == Outcome.ON_TIME and visit.child_seen_alone is True
    assert set(visit.seen.all()) == {case.child, mother}
    assert visit.seen_others == "A neighbour, Mrs Patel"

    visit_entries = Entry.objects.filter(case=case, kind=Kind.VISIT)
    assert visit_entries.count() == 1
    entry = visit_entries.get()
    assert entry.title == f"Home visit with {worker.full_name}"
    assert entry.audience == "family"
    assert NOTE in entry.text
    assert "Seen: " in entry.text and "Aisha Khan (parent)" in entry.text
    assert "Mrs Patel" in entry.text and "Seen alone: yes." in entry.text
    assert "We agreed:" in entry.text and "Phone the housing officer (Aisha Khan" in entry.text
    assert "Next visit: " in entry.text

    commitments = {c.title: c for c in Commitment.objects.filter(case=case)}
    housing, food_bank = (
        commitments["Phone the housing officer"],
        commitments["Send the food bank referral"],
    )
    assert housing.owner_person == mother and housing.owner_user is None
    assert food_bank.owner_user == worker and food_bank.owner_person is None
    assert {housing.entry, food_bank.entry} == {entry}
    assert {housing.source, food_bank.source} == {SourceKind.VISIT}
    assert housing.audience == CommitmentAudience.FAMILY

    following = Visit.objects.get(case=case, outcome=Outcome.PLANNED)
    assert following.worker == worker and following.place == "12 Mill Lane, Leeds"
    assert following.starts_at.date() > timezone.localdate()
    told = Message.objects.filter(purpose="visit_planned", to_address="aisha@example.test")
    assert told.count() == 2  # the visit just recorded, and the next one
    # the visit, the next visit's plan, and one note for each promise
    assert Entry.objects.filter(case=case).count() == entries_before + 4

    page = client.get(response.url).content.decode()
    assert "Visit recorded on the chronology." in page


def test_a_failure_late_on_leaves_nothing_half_saved_and_keeps_what_was_typed(family):
    case, worker = family["case"], family["worker"]
    visit = planned(case, worker)
    client = staff_client(worker)
    entries, messages, visits = (
        Entry.objects.count(),
        Message.objects.count(),
        Visit.objects.count(),
    )
    too_late = timezone.localdate() + datetime.timedelta(days=3 * 366)
    data = form_data(
        client,
        case,
        child_seen_alone="no",
        note=NOTE,
        agreed_1_title="Book the dentist",
        **_date("agreed_1_due_on", too_late),
    )
    response = client.post(url(case), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "more than 2 years away" in page
    assert NOTE in page and "Book the dentist" in page
    visit.refresh_from_db()
    assert visit.outcome == Outcome.PLANNED and not VisitSeen.objects.exists()
    assert (Entry.objects.count(), Message.objects.count(), Visit.objects.count()) == (
        entries,
        messages,
        visits,
    )
    assert not Commitment.objects.exists()


def test_bad_input_shows_every_problem_and_keeps_what_was_typed(family):
    case, worker, gran = family["case"], family["worker"], family["gran"]
    planned(case, worker)
    client = staff_client(worker)
    data = form_data(
        client,
        case,
        outcome="late",
        seen=[str(case.child.pk), str(gran.pk)],
        note=NOTE,
        agreed_1_title="Ring the school",
    )
    data["next_starts_time"] = "25:99"
    response = client.post(url(case), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    form = response.context["form"]
    assert {"late_minutes", "late_reason", "late_caused_by", "next_starts_time"} <= set(form.errors)
    assert NOTE in page and "Ring the school" in page
    assert form["seen"].value() == [str(case.child.pk), str(gran.pk)]
    assert not Commitment.objects.exists()


def test_the_child_seen_alone_is_asked_when_the_child_was_seen(family):
    case, worker = family["case"], family["worker"]
    planned(case, worker)
    client = staff_client(worker)
    response = client.post(url(case), form_data(client, case, note=NOTE))
    assert response.status_code == 200
    assert "child_seen_alone" in response.context["form"].errors


def test_nobody_in_needs_no_one_seen(family):
    case, worker = family["case"], family["worker"]
    visit = planned(case, worker)
    client = staff_client(worker)
    data = form_data(client, case, outcome="no_access")
    data.pop("plan_next")
    response = client.post(url(case), data)
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.outcome == Outcome.NO_ACCESS and visit.child_seen_alone is None
    assert not visit.seen.exists()
    entry = Entry.objects.get(case=case, title__contains="nobody was in")
    assert "Seen:" not in entry.text and "Next visit: not planned yet." in entry.text


def test_with_nothing_planned_it_is_recorded_as_unplanned_and_left_out_of_reliability(family):
    case, worker = family["case"], family["worker"]
    client = staff_client(worker)
    page = client.get(url(case)).content.decode()
    assert "No visit was planned" in page
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    data = form_data(
        client,
        case,
        happened_time="15:30",
        next_place="Sure Start centre, Mill Lane",
        child_seen_alone="no",
        note=NOTE,
        **_date("happened_on", yesterday),
    )
    response = client.post(url(case), data)
    assert response.status_code == 302, response.context["form"].errors
    visit = Visit.objects.get(case=case, unplanned=True)
    assert visit.outcome == Outcome.ON_TIME and visit.worker == worker
    assert timezone.localtime(visit.starts_at).time() == datetime.time(15, 30)
    figures = reliability_for_case(
        case, period_start=yesterday, period_end=timezone.localdate() + datetime.timedelta(days=60)
    )
    assert figures.planned == 1 and figures.to_come == 1  # only the next visit, a promise
    assert figures.kept == 0


def test_the_unplanned_visit_needs_its_date_and_time(family):
    case, worker = family["case"], family["worker"]
    client = staff_client(worker)
    data = form_data(client, case, child_seen_alone="no", note=NOTE)
    response = client.post(url(case), data)
    assert response.status_code == 200
    assert "happened_time" in response.context["form"].errors
    assert not Visit.objects.exists()


def test_the_next_visit_falls_on_a_day_the_family_gave(family):
    case, worker, mother = family["case"], family["worker"], family["mother"]
    visit = planned(case, worker)
    four_weeks = timezone.localtime(visit.starts_at).date() + datetime.timedelta(weeks=4)
    mother.contact_days = [DAYS[(four_weeks.weekday() + 2) % 7]]
    mother.save()
    response = staff_client(worker).get(url(case))
    assert response.context["form"]["next_starts_on"].value() == four_weeks + datetime.timedelta(
        days=2
    )
    assert "Why this day?" not in response.content.decode()


def test_another_day_asks_why_only_then_and_keeps_what_was_typed(family):
    case, worker, mother = family["case"], family["worker"], family["mother"]
    visit = planned(case, worker)
    four_weeks = timezone.localtime(visit.starts_at).date() + datetime.timedelta(weeks=4)
    mother.contact_days = [DAYS[four_weeks.weekday()]]
    mother.save()
    client = staff_client(worker)
    assert "Why this day?" not in client.get(url(case)).content.decode()
    data = form_data(client, case, child_seen_alone="no", note=NOTE)
    data.update(_date("next_starts_on", four_weeks + datetime.timedelta(days=1)))
    response = client.post(url(case), data)
    assert response.status_code == 200
    assert "next_availability_clash_reason" in response.context["form"].errors
    page = response.content.decode()
    assert "Why this day?" in page and NOTE in page
    data["next_availability_clash_reason"] = "The worker is on leave that week"
    response = client.post(url(case), data)
    assert response.status_code == 302
    following = Visit.objects.get(case=case, outcome=Outcome.PLANNED)
    assert following.availability_clash_reason == "The worker is on leave that week"


def test_a_new_worker_must_read_the_handover_pack_first(family):
    from alongside.workforce.services import worker_allocate

    case, colleague = family["case"], family["colleague"]
    worker_allocate(
        case=case,
        worker=colleague,
        team=family["team_a"],
        by=family["manager"],
        reason="Alex is moving to another team",
    )
    visit = planned(case, colleague)
    client = staff_client(colleague)
    response = client.post(url(case), form_data(client, case, child_seen_alone="no", note=NOTE))
    assert response.status_code == 200
    assert "handover pack" in response.content.decode()
    visit.refresh_from_db()
    assert visit.is_planned
    assert not Entry.objects.filter(case=case, kind=Kind.VISIT).exists()


def test_a_worker_of_another_team_gets_404(family):
    case = family["case"]
    client = staff_client(family["other_worker"])
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case), {"note": NOTE}).status_code == 404


def test_the_child_record_and_planned_visits_link_to_the_page(family):
    case, worker = family["case"], family["worker"]
    visit = planned(case, worker)
    client = staff_client(worker)
    assert url(case) in client.get(f"/staff/cases/{case.pk}/").content.decode()
    visits_page = client.get(f"/staff/cases/{case.pk}/visits/").content.decode()
    assert f"{url(case)}?visit={visit.pk}" in visits_page


def test_the_page_queries_do_not_grow_with_the_network_or_the_chronology(family):
    case, worker = family["case"], family["worker"]
    planned(case, worker)

    def add(n: int) -> None:
        for _ in range(n):
            Relationship.objects.create(
                from_person=PersonFactory(),
                to_person=case.child,
                kind=RelationshipKind.GRANDPARENT,
            )
            EntryFactory(case=case, author_user=worker)

    assert_flat(staff_client(worker), url(case), add)


def test_a_withheld_record_keeps_its_promises_from_the_family_too(family):
    case, worker = family["case"], family["worker"]
    planned(case, worker)
    client = staff_client(worker)
    data = form_data(
        client,
        case,
        child_seen_alone="yes",
        note=NOTE,
        agreed_1_title="Speak to the police officer",
        audience="professionals",
    )
    response = client.post(url(case), data)
    assert response.status_code == 200
    assert "withheld_reason" in response.context["form"].errors
    data["withheld_reason"] = "police_enquiry"
    assert client.post(url(case), data).status_code == 302
    entry = Entry.objects.get(case=case, kind=Kind.VISIT)
    assert entry.audience == "professionals" and entry.withheld_reason == "police_enquiry"
    promise = Commitment.objects.get(case=case)
    assert promise.audience == CommitmentAudience.PROFESSIONALS


def test_the_words_the_family_reads_about_the_visit_are_plain(family):
    case, worker, mother = family["case"], family["worker"], family["mother"]
    case.child.first_names, case.child.last_name = "Sam", "Lee"
    case.child.save()
    mother.first_names, mother.last_name = "Jo", "Lee"
    mother.save()
    worker.full_name = "Kim Day"
    worker.save()
    planned(case, worker)
    client = staff_client(worker)
    data = form_data(
        client,
        case,
        seen=[str(case.child.pk), str(mother.pk)],
        child_seen_alone="yes",
        note="We played a game.",
        agreed_1_title="Call the school",
        agreed_1_owner=f"p{mother.pk}",
    )
    assert client.post(url(case), data).status_code == 302
    entry = Entry.objects.get(case=case, kind=Kind.VISIT)
    for text in (entry.text, words.next_purpose("Sam Lee")):
        reading = read(text)
        assert reading.grade <= TARGET_GRADE + 1, (reading.grade, text)
        assert not reading.unexplained, text


def test_only_people_in_the_childs_network_can_be_recorded_as_seen(family):
    case, worker = family["case"], family["worker"]
    visit = planned(case, worker)
    stranger = PersonFactory()
    with pytest.raises(ValidationError, match="network"):
        services.visit_record(
            case=case,
            by=worker,
            visit=visit,
            seen=[stranger],
            note=NOTE,
        )
    visit.refresh_from_db()
    assert visit.is_planned


def test_the_visits_page_says_whether_the_child_was_seen_alone(family):
    case, worker = family["case"], family["worker"]
    planned(case, worker)
    client = staff_client(worker)
    data = form_data(client, case, child_seen_alone="no", note=NOTE)
    assert client.post(url(case), data).status_code == 302
    page = client.get(f"/staff/cases/{case.pk}/visits/").content.decode()
    assert f"{escape(case.child.display_name)} seen alone: no" in page
