"""Promises both ways: professionals' commitments are held exactly like families' tasks."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts.models import Role
from alongside.cases.services import break_glass_open
from alongside.chronology.models import Audience, Entry, Kind
from alongside.people.models import Relationship
from alongside.plans import services
from alongside.plans.models import Commitment, CommitmentStatus, OwnerKind, SourceKind
from alongside.plans.selectors import (
    commitments_for_case,
    open_commitments,
    overdue_for_team,
    overdue_for_worker,
)
from tests.conftest import staff_client
from tests.factories import CaseFactory, EntryFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    """n days from today; negative is in the past."""
    return today() + datetime.timedelta(days=n)


def date_fields(name: str, day: datetime.date) -> dict[str, int]:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def parent_person(cast):
    """The signed-in parent is in the child's network (parent of the child)."""
    person = cast["parent"].person
    Relationship.objects.create(from_person=person, to_person=cast["case"].child, kind="parent")
    return person


def promise(cast, *, due_on=None, owner=None, case=None, **extra) -> Commitment:
    return services.commitment_create(
        case=case or cast["case"],
        title=extra.pop("title", "Send the notes from the meeting"),
        due_on=due_on or days(7),
        by=cast["worker"],
        owner_user=owner or cast["worker"],
        source=SourceKind.DOCUMENT,
        **extra,
    )


def task(cast, person, *, due_on=None, **extra) -> Commitment:
    return services.commitment_create(
        case=cast["case"],
        title=extra.pop("title", "Book the GP appointment"),
        due_on=due_on or days(7),
        by=cast["worker"],
        owner_person=person,
        source=SourceKind.PLAN_ACTION,
        **extra,
    )


def latest_entry(case) -> Entry:
    return Entry.objects.filter(case=case).order_by("-id").first()


# --- Making a commitment -------------------------------------------------------------------


def test_a_professional_promise_is_recorded_and_written_onto_the_chronology(cast):
    made = promise(cast, due_on=days(5))
    assert made.owner_kind == OwnerKind.STAFF and made.status == CommitmentStatus.OPEN
    assert made.created_by == cast["worker"]
    entry = latest_entry(cast["case"])
    assert entry.title == "Added to the plan: Send the notes from the meeting"
    assert cast["worker"].full_name in entry.text and entry.audience == Audience.FAMILY


def test_a_family_task_is_recorded_the_same_way(cast, parent_person):
    made = task(cast, parent_person)
    assert made.owner_kind == OwnerKind.FAMILY and made.owner_person == parent_person
    assert parent_person.display_name in latest_entry(cast["case"]).text


def test_a_family_task_needs_someone_from_the_childs_network(cast):
    with pytest.raises(ValidationError) as error:
        task(cast, PersonFactory())
    assert "network" in str(error.value)


def test_the_child_can_own_a_task(cast):
    assert task(cast, cast["case"].child).owner_person == cast["case"].child


@pytest.mark.parametrize("both", [True, False])
def test_an_owner_is_exactly_one_professional_or_one_family_member(cast, parent_person, both):
    with pytest.raises(ValidationError):
        services.commitment_create(
            case=cast["case"],
            title="Something",
            due_on=days(3),
            by=cast["worker"],
            owner_user=cast["worker"] if both else None,
            owner_person=parent_person if both else None,
        )


def test_the_database_refuses_an_owner_of_the_wrong_kind(cast, parent_person):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.create(
            case=cast["case"],
            title="Wrong kind",
            owner_kind=OwnerKind.STAFF,
            owner_person=parent_person,
            due_on=days(3),
        )


def test_a_title_is_needed_and_a_closed_case_takes_no_new_commitments(cast):
    with pytest.raises(ValidationError):
        promise(cast, title="  ")
    cast["case"].closed_on = today()
    cast["case"].closure_reason = "RC8"
    with pytest.raises(ValidationError):
        promise(cast)


def test_a_commitment_links_to_one_plan_of_its_own_case(cast):
    from alongside.journey.services import early_help_start

    episode = early_help_start(
        case=cast["case"], lead=cast["worker"], started_on=days(-3), by=cast["worker"]
    )
    assert promise(cast, early_help=episode).early_help == episode
    other_case = CaseFactory(team=cast["team_a"], worker=cast["worker"])
    other_episode = early_help_start(
        case=other_case, lead=cast["worker"], started_on=days(-3), by=cast["worker"]
    )
    with pytest.raises(ValidationError):
        promise(cast, early_help=other_episode)


def test_one_step_from_a_chronology_entry_carries_its_title_kind_and_audience(cast):
    entry = EntryFactory(
        case=cast["case"],
        author_user=cast["worker"],
        kind=Kind.PHONE_CALL,
        title="Call the school back about the trip",
        audience=Audience.PROFESSIONALS,
        withheld_reason="third_party",
    )
    made = services.commitment_create_from_entry(
        entry=entry, by=cast["worker"], owner_user=cast["worker"], due_on=days(2)
    )
    assert made.title == "Call the school back about the trip"
    assert made.entry == entry and made.source == SourceKind.CALL_BACK
    assert made.audience == "professionals" and made.withheld_reason == "third_party"
    # The note about it is kept from the family too.
    assert latest_entry(cast["case"]).audience == Audience.PROFESSIONALS


# --- What happened to it -------------------------------------------------------------------


def test_done_records_the_day_and_how_late_it_was(cast):
    made = promise(cast, due_on=days(-4))
    done = services.commitment_complete(commitment=made, by=cast["worker"], done_on=days(-1))
    assert done.status == CommitmentStatus.DONE and done.completed_on == days(-1)
    assert done.days_late == 3 and done.state == "done_late"
    entry = latest_entry(cast["case"])
    assert entry.title.startswith("Done:") and "3 days late" in entry.text


def test_done_today_by_default_and_never_in_the_future(cast):
    made = promise(cast)
    with pytest.raises(ValidationError):
        services.commitment_complete(commitment=made, by=cast["worker"], done_on=days(1))
    done = services.commitment_complete(commitment=made, by=cast["worker"])
    assert done.completed_on == today() and done.state == "done"


@pytest.mark.parametrize("action", [services.commitment_miss, services.commitment_cancel])
def test_missed_and_cancelled_need_a_reason(cast, parent_person, action):
    made = task(cast, parent_person)
    with pytest.raises(ValidationError):
        action(commitment=made, by=cast["worker"], reason="  ")
    changed = action(commitment=made, by=cast["worker"], reason="The surgery was closed all week")
    assert changed.status in (CommitmentStatus.MISSED, CommitmentStatus.CANCELLED)
    assert changed.status_reason == "The surgery was closed all week"
    assert "The surgery was closed all week" in latest_entry(cast["case"]).text


def test_the_database_refuses_missed_without_a_reason(cast):
    made = promise(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=made.pk).update(status="missed", status_reason="")


def test_a_missed_professional_promise_is_recorded_against_them(cast):
    made = promise(cast, due_on=days(-2))
    services.commitment_miss(commitment=made, by=cast["manager"], reason="Forgot to send it")
    entry = latest_entry(cast["case"])
    assert entry.title == "Not done: Send the notes from the meeting"
    assert cast["worker"].full_name in entry.text and "Forgot to send it" in entry.text


@pytest.mark.parametrize(
    "finish",
    [
        lambda c, by: services.commitment_complete(commitment=c, by=by),
        lambda c, by: services.commitment_miss(commitment=c, by=by, reason="No"),
        lambda c, by: services.commitment_cancel(commitment=c, by=by, reason="No"),
    ],
)
def test_a_finished_commitment_cannot_change_again_only_a_new_one_can_be_made(cast, finish):
    made = promise(cast)
    finish(made, cast["worker"])
    for again in (
        lambda: services.commitment_complete(commitment=made, by=cast["worker"]),
        lambda: services.commitment_miss(commitment=made, by=cast["worker"], reason="x"),
        lambda: services.commitment_cancel(commitment=made, by=cast["worker"], reason="x"),
    ):
        with pytest.raises(ValidationError, match="add a new commitment"):
            again()
    assert promise(cast).status == CommitmentStatus.OPEN


def test_commitments_cannot_be_deleted_even_by_raw_sql(cast):
    made = promise(cast)
    with (
        pytest.raises(ProgrammingError, match="pgtrigger"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM plans_commitment WHERE id = %s", [made.pk])
    assert Commitment.objects.filter(pk=made.pk).exists()


# --- Handover ---------------------------------------------------------------------------------


def test_transfer_moves_only_the_workers_open_promises_on_that_case_and_keeps_history(
    cast, parent_person
):
    worker, colleague, new = cast["worker"], cast["colleague"], cast["manager"]
    first = promise(cast, title="Send the notes", due_on=days(3))
    late = promise(cast, title="Refer to the food bank", due_on=days(-5))
    kept = promise(cast, title="Visit on Friday")
    services.commitment_complete(commitment=kept, by=worker)
    colleagues = promise(cast, title="Call the school", owner=colleague)
    family = task(cast, parent_person)
    elsewhere = promise(cast, case=CaseFactory(team=cast["team_a"], worker=worker))

    moved = services.commitments_transfer(
        case=cast["case"], from_user=worker, to_user=new, by=new, reason="Sam's worker is leaving"
    )

    assert moved == 2
    owners = dict(Commitment.objects.values_list("pk", "owner_user_id"))
    assert owners[first.pk] == owners[late.pk] == new.pk
    assert owners[kept.pk] == worker.pk and owners[colleagues.pk] == colleague.pk
    assert owners[elsewhere.pk] == worker.pk and owners[family.pk] is None
    late.refresh_from_db()
    assert late.due_on == days(-5) and late.status == CommitmentStatus.OPEN and late.is_overdue
    events = list(late.events.order_by("pgh_id"))
    assert [e.owner_user_id for e in events] == [worker.pk, new.pk]
    assert events[-1].pgh_context.metadata["reason"] == "Sam's worker is leaving"
    note = latest_entry(cast["case"])
    assert note.title == "Promises passed to a new worker"
    assert "Send the notes" in note.text and "Refer to the food bank" in note.text
    assert "Call the school" not in note.text


def test_transfer_needs_a_reason_and_a_different_worker(cast):
    promise(cast)
    with pytest.raises(ValidationError):
        services.commitments_transfer(
            case=cast["case"],
            from_user=cast["worker"],
            to_user=cast["colleague"],
            by=cast["manager"],
            reason="",
        )
    with pytest.raises(ValidationError):
        services.commitments_transfer(
            case=cast["case"],
            from_user=cast["worker"],
            to_user=cast["worker"],
            by=cast["manager"],
            reason="x",
        )
    assert (
        services.commitments_transfer(
            case=cast["case"],
            from_user=cast["colleague"],
            to_user=cast["worker"],
            by=cast["manager"],
            reason="x",
        )
        == 0
    )


def test_withheld_promises_are_handed_over_in_a_note_kept_from_the_family(cast):
    promise(cast, title="Tell the family about the new worker")
    promise(
        cast,
        title="Check with the police",
        audience="professionals",
        withheld_reason="police_enquiry",
    )
    services.commitments_transfer(
        case=cast["case"],
        from_user=cast["worker"],
        to_user=cast["colleague"],
        by=cast["manager"],
        reason="Leaving",
    )
    notes = Entry.objects.filter(case=cast["case"], title="Promises passed to a new worker")
    family = notes.get(audience=Audience.FAMILY)
    hidden = notes.get(audience=Audience.PROFESSIONALS)
    assert "Check with the police" not in family.text and "Check with the police" in hidden.text


# --- Overdue ----------------------------------------------------------------------------------


def test_overdue_is_open_and_past_its_date(cast):
    assert promise(cast, due_on=days(-1)).is_overdue
    assert not promise(cast, due_on=today()).is_overdue
    done = promise(cast, due_on=days(-1))
    services.commitment_complete(commitment=done, by=cast["worker"])
    done.refresh_from_db()
    assert not done.is_overdue


def test_overdue_for_a_worker_has_their_promises_and_their_families_tasks_alike(
    cast, parent_person
):
    mine = promise(cast, due_on=days(-3))
    families = task(cast, parent_person, due_on=days(-2))
    promise(cast, due_on=days(2))  # not yet due
    colleagues = promise(cast, due_on=days(-3), owner=cast["colleague"])
    other_team = CaseFactory(team=cast["team_b"], worker=cast["other_worker"])
    services.commitment_create(
        case=other_team,
        title="Elsewhere",
        due_on=days(-3),
        by=cast["other_worker"],
        owner_user=cast["other_worker"],
    )
    assert [c.pk for c in overdue_for_worker(cast["worker"])] == [mine.pk, families.pk]
    assert [c.pk for c in overdue_for_worker(cast["colleague"])] == [colleagues.pk]


def test_overdue_for_a_team_has_professionals_and_families_alike(cast, parent_person):
    mine = promise(cast, due_on=days(-3))
    families = task(cast, parent_person, due_on=days(-2))
    colleagues = promise(cast, due_on=days(-1), owner=cast["colleague"])
    other_team = CaseFactory(team=cast["team_b"], worker=cast["other_worker"])
    services.commitment_create(
        case=other_team,
        title="Elsewhere",
        due_on=days(-3),
        by=cast["other_worker"],
        owner_user=cast["other_worker"],
    )
    found = [c.pk for c in overdue_for_team([cast["team_a"].pk])]
    assert found == [mine.pk, families.pk, colleagues.pk]
    assert [c.pk for c in overdue_for_team([cast["team_a"].pk], viewer=cast["other_manager"])] == []


def test_case_selectors_list_open_first_in_fixed_queries(cast, parent_person):
    done = promise(cast, due_on=days(-9))
    services.commitment_complete(commitment=done, by=cast["worker"])
    later = promise(cast, due_on=days(9))
    sooner = task(cast, parent_person, due_on=days(1))
    assert [c.pk for c in commitments_for_case(cast["case"])] == [sooner.pk, later.pk, done.pk]
    assert [c.pk for c in open_commitments(cast["case"])] == [sooner.pk, later.pk]
    with CaptureQueriesContext(connection) as queries:
        for c in commitments_for_case(cast["case"]):
            _ = (c.owner_name, c.owner_role, c.case.child.display_name, c.entry)
    assert len(queries) == 1


# --- Staff pages ------------------------------------------------------------------------------


def test_worker_sees_the_plan_both_ways(cast, parent_person):
    promise(cast, title="Send the notes", due_on=days(-2))
    task(cast, parent_person, title="Book the GP appointment")
    page = staff_client(cast["worker"]).get(f"/staff/cases/{cast['case'].pk}/commitments/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "What professionals will do" in html and "What the family will do" in html
    assert "Send the notes" in html and "Book the GP appointment" in html
    assert "govuk-tag--red" in html and "2 days late" in html
    assert f"{parent_person.display_name}, parent" in html


def test_worker_adds_a_commitment_for_a_family_member(cast, parent_person):
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/commitments/new/"
    form = client.get(url).content.decode()
    assert f"person-{parent_person.pk}" in form and f"user-{cast['colleague'].pk}" in form
    assert f"user-{cast['other_worker'].pk}" not in form
    response = client.post(
        url,
        {
            "title": "Take Sam to the dentist",
            "owner": f"person-{parent_person.pk}",
            **date_fields("due_on", days(10)),
            "detail": "",
            "source": "plan_action",
            "audience": "family",
            "withheld_reason": "",
        },
    )
    assert response.status_code == 302
    made = Commitment.objects.get(title="Take Sam to the dentist")
    assert made.owner_person == parent_person and made.due_on == days(10)


def test_adding_without_an_owner_or_date_shows_the_errors_and_keeps_the_title(cast):
    client = staff_client(cast["worker"])
    response = client.post(
        f"/staff/cases/{cast['case'].pk}/commitments/new/",
        {
            "title": "Send the report a week early",
            "owner": "",
            "source": "document",
            "audience": "family",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Choose who will do it" in html and "Enter the date it will be done by" in html
    assert 'value="Send the report a week early"' in html
    assert not Commitment.objects.exists()


def test_from_an_entry_the_form_is_prefilled_and_the_commitment_keeps_its_source(cast):
    entry = EntryFactory(
        case=cast["case"], author_user=cast["worker"], kind=Kind.VISIT, title="Bring the bus pass"
    )
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/entries/{entry.pk}/commitment/"
    form = client.get(url).content.decode()
    assert 'value="Bring the bus pass"' in form
    response = client.post(
        url,
        {
            "title": "Bring the bus pass",
            "owner": f"user-{cast['worker'].pk}",
            **date_fields("due_on", days(4)),
            "source": "visit",
            "audience": "family",
        },
    )
    assert response.status_code == 302
    assert Commitment.objects.get().entry == entry


def test_recording_what_happened_needs_a_reason_for_missed(cast):
    made = promise(cast, due_on=days(-2))
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/commitments/{made.pk}/"
    response = client.post(url, {"outcome": "missed", "reason": ""})
    assert response.status_code == 200 and "Say why it was not done" in response.content.decode()
    response = client.post(url, {"outcome": "missed", "reason": "I was off sick"})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == CommitmentStatus.MISSED and made.status_reason == "I was off sick"
    page = client.get(url).content.decode()
    assert "Record what happened" not in page and "I was off sick" in page


def test_marking_done_from_the_page(cast, parent_person):
    made = task(cast, parent_person)
    client = staff_client(cast["worker"])
    url = f"/staff/cases/{cast['case'].pk}/commitments/{made.pk}/"
    assert client.post(url, {"outcome": "done"}).status_code == 302
    made.refresh_from_db()
    assert made.status == CommitmentStatus.DONE and made.completed_on == today()


def _case_urls(cast, made, entry):
    base = f"/staff/cases/{cast['case'].pk}"
    return [
        f"{base}/commitments/",
        f"{base}/commitments/new/",
        f"{base}/commitments/{made.pk}/",
        f"{base}/entries/{entry.pk}/commitment/",
    ]


@pytest.mark.parametrize("who", ["other_worker", "other_manager", "admin", "chair"])
def test_staff_outside_the_team_get_404_on_every_plan_page(cast, who):
    made = promise(cast)
    entry = EntryFactory(case=cast["case"], author_user=cast["worker"])
    client = staff_client(cast[who])
    for url in _case_urls(cast, made, entry):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url


@pytest.mark.parametrize("who", ["worker", "colleague", "manager"])
def test_the_team_reaches_every_plan_page(cast, who):
    made = promise(cast)
    entry = EntryFactory(case=cast["case"], author_user=cast["worker"])
    client = staff_client(cast[who])
    for url in _case_urls(cast, made, entry):
        assert client.get(url).status_code == 200, url


def test_break_glass_reader_can_look_but_gets_403_on_every_change(cast):
    made = promise(cast)
    entry = EntryFactory(case=cast["case"], author_user=cast["worker"])
    break_glass_open(
        user=cast["other_worker"],
        case=cast["case"],
        reason_kind="covering",
        reason="Covering for the allocated worker today",
        mfa_at=timezone.now(),
    )
    client = staff_client(cast["other_worker"])
    base = f"/staff/cases/{cast['case'].pk}"
    page = client.get(f"{base}/commitments/")
    assert page.status_code == 200 and "Add a commitment" not in page.content.decode()
    detail = client.get(f"{base}/commitments/{made.pk}/")
    assert detail.status_code == 200 and "Record what happened" not in detail.content.decode()
    assert client.post(f"{base}/commitments/{made.pk}/", {"outcome": "done"}).status_code == 403
    assert client.get(f"{base}/commitments/new/").status_code == 403
    assert client.post(f"{base}/commitments/new/", {}).status_code == 403
    assert client.post(f"{base}/entries/{entry.pk}/commitment/", {}).status_code == 403
    made.refresh_from_db()
    assert made.status == CommitmentStatus.OPEN


def test_family_members_cannot_use_staff_plan_pages(cast):
    client = Client()
    client.force_login(cast["parent"])
    response = client.get(f"/staff/cases/{cast['case'].pk}/commitments/")
    assert response.status_code == 404


# --- Overdue page --------------------------------------------------------------------------------


def test_the_overdue_page_shows_the_workers_and_the_managers_lists(cast, parent_person):
    promise(cast, title="Send the conference report", due_on=days(-3))
    task(cast, parent_person, title="Go to the parenting group", due_on=days(-1))
    promise(cast, title="Phone the nursery", due_on=days(-2), owner=cast["colleague"])
    worker = staff_client(cast["worker"]).get("/staff/commitments/overdue/").content.decode()
    assert "Send the conference report" in worker and "Go to the parenting group" in worker
    assert "Phone the nursery" not in worker and "Your teams" not in worker
    manager = staff_client(cast["manager"]).get("/staff/commitments/overdue/").content.decode()
    assert "Your teams" in manager
    for title in ("Send the conference report", "Go to the parenting group", "Phone the nursery"):
        assert title in manager
    other = staff_client(cast["other_manager"]).get("/staff/commitments/overdue/").content.decode()
    assert "Send the conference report" not in other and "Phone the nursery" not in other


# --- Portal -------------------------------------------------------------------------------------


def family_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_parent_sees_both_lists_the_same_way_with_late_shown(cast, parent_person):
    promise(cast, title="Send the meeting notes", due_on=days(-3))
    task(cast, parent_person, title="Book the GP appointment", due_on=days(-2))
    hidden = promise(
        cast,
        title="Speak to the police",
        audience="professionals",
        withheld_reason="police_enquiry",
    )
    response = family_client(cast["parent"]).get(f"/portal/children/{cast['case'].pk}/plan/")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "What the workers said they would do" in html
        and "What your family said you would do" in html
    )
    assert "Send the meeting notes" in html and "Book the GP appointment" in html
    assert f"{cast['worker'].full_name}, social worker" in html
    assert f"{parent_person.display_name} (you)" in html
    assert html.count('govuk-tag--red">Late<') == 2
    assert hidden.title not in html


def test_young_person_sees_their_own_plan(cast):
    promise(cast)
    assert (
        family_client(cast["young_person"])
        .get(f"/portal/children/{cast['case'].pk}/plan/")
        .status_code
        == 200
    )


def test_another_parent_gets_404_and_staff_are_sent_to_the_family_sign_in(cast):
    url = f"/portal/children/{cast['case'].pk}/plan/"
    assert family_client(cast["other_parent"]).get(url).status_code == 404
    response = staff_client(cast["worker"]).get(url)
    assert response.status_code == 302 and "/portal/sign-in/" in response["Location"]


# --- Query counts ----------------------------------------------------------------------------------


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(cast, parent_person, n: int) -> None:
    other = UserFactory(team=cast["team_a"], role=Role.FAMILY_SUPPORT_WORKER)
    for i in range(n):
        promise(
            cast,
            title=f"Promise {i}",
            due_on=days(-1 - i % 5),
            owner=other if i % 2 else cast["worker"],
        )
        task(cast, parent_person, title=f"Task {i}", due_on=days(-1 - i % 3))
        entry = EntryFactory(case=cast["case"], author_user=cast["worker"])
        services.commitment_create_from_entry(
            entry=entry, by=cast["worker"], owner_user=cast["worker"], due_on=days(-1)
        )


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("worker", "/staff/cases/{case}/commitments/"),
        ("worker", "/staff/commitments/overdue/"),
        ("manager", "/staff/commitments/overdue/"),
        ("parent", "/portal/children/{case}/plan/"),
    ],
)
def test_query_counts_stay_flat_as_commitments_grow(cast, parent_person, who, url):
    url = url.format(case=cast["case"].pk)
    client = family_client(cast[who]) if who == "parent" else staff_client(cast[who])
    _grow(cast, parent_person, 2)
    client.get(url)
    few = _count(client, url)
    _grow(cast, parent_person, 12)
    assert _count(client, url) == few
