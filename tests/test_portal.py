"""The family portal: home, the record and the family's say on it, rights, words, who has
looked, supporters and preferences. Every page is checked for plain words and for who may
open it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import Role, User
from alongside.accounts.services import family_user_find
from alongside.audit.models import AccessLog
from alongside.cases.models import BreakGlass, SupporterAccess, SupporterScope
from alongside.chronology.models import AuthorKind, Entry, EntryComment, Kind
from alongside.chronology.services import correction_request_raise, entry_comment_add
from alongside.messaging.models import Message
from alongside.people.models import Relationship
from alongside.plain.glossary import TERMS
from alongside.plain.readability import TARGET_GRADE, read, terms_in
from alongside.plans.services import commitment_create
from tests.conftest import staff_client
from tests.factories import EntryFactory, UserFactory
from tests.test_plain_words import visible_text

pytestmark = pytest.mark.django_db

PORTAL_SIGN_IN = "/portal/sign-in/"


def portal_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def supporter(cast, scope: str, name: str = "Ann Lee") -> User:
    user = UserFactory(role=Role.SUPPORTER, team=None, full_name=name)
    SupporterAccess.objects.create(
        case=cast["case"], user=user, invited_by=cast["parent"], scope=scope
    )
    return user


@pytest.fixture
def record(cast):
    """The cast's case with one family-visible entry and a parent's comment on it."""
    entry = EntryFactory(
        case=cast["case"],
        author_user=cast["worker"],
        kind=Kind.VISIT,
        title="Home visit",
        text="We talked about school. Sam was happy.",
    )
    return {**cast, "entry": entry}


# --- Who may open which page ----------------------------------------------------------------

OK, NOT_FOUND, FORBIDDEN = 200, 404, 403
# Who: parent, young person, another family's parent, supporters by scope.
WHO = ["parent", "young_person", "other_parent", "meetings", "meetings_documents", "everything"]
EVERYONE = dict.fromkeys(WHO, OK)
FAMILY_AND_EVERYTHING = {
    "parent": OK,
    "young_person": OK,
    "other_parent": NOT_FOUND,
    "meetings": NOT_FOUND,
    "meetings_documents": NOT_FOUND,
    "everything": OK,
}
FAMILY_ONLY = {
    "parent": OK,
    "young_person": OK,
    "other_parent": NOT_FOUND,
    "meetings": FORBIDDEN,
    "meetings_documents": FORBIDDEN,
    "everything": FORBIDDEN,
}
MATRIX = {
    "home": EVERYONE,
    "rights": EVERYONE,
    "words": EVERYONE,
    "preferences": {**EVERYONE, "meetings": 404, "meetings_documents": 404, "everything": 404},
    "case": FAMILY_AND_EVERYTHING,
    "entry": FAMILY_AND_EVERYTHING,
    "who-has-looked": FAMILY_AND_EVERYTHING,
    "correction-new": {**FAMILY_AND_EVERYTHING, "everything": FORBIDDEN},
    "family-account-new": FAMILY_ONLY,
    "supporters": FAMILY_ONLY,
}


def portal_url(name: str, record) -> str:
    case_id, entry_id = record["case"].pk, record["entry"].pk
    if name in ("home", "rights", "words", "preferences"):
        return reverse(f"portal:{name}")
    if name in ("entry", "correction-new"):
        return reverse(f"portal:{name}", args=[case_id, entry_id])
    return reverse(f"portal:{name}", args=[case_id])


@pytest.mark.parametrize("name", list(MATRIX))
def test_every_portal_page_answers_each_person_as_it_should(record, name):
    people = {who: record[who] for who in ("parent", "young_person", "other_parent")}
    people.update({scope: supporter(record, scope, f"Ann {scope}") for scope in SupporterScope})
    url = portal_url(name, record)
    for who, expected in MATRIX[name].items():
        response = portal_client(people[who]).get(url)
        assert response.status_code == expected, (name, who, response.status_code)


@pytest.mark.parametrize("name", list(MATRIX))
def test_staff_and_strangers_are_sent_to_the_family_sign_in(record, name):
    url = portal_url(name, record)
    for client in (Client(), staff_client(record["worker"])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == PORTAL_SIGN_IN, url


def test_refused_pages_leave_no_access_log_row(record):
    meetings = supporter(record, SupporterScope.MEETINGS)
    portal_client(meetings).get(portal_url("case", record))
    assert not AccessLog.objects.filter(user=meetings, action="view_chronology").exists()


# --- Plain words on every page ---------------------------------------------------------------


def _plain_cast(record) -> None:
    """Short fixed names: the test measures the page's own words, not the names in it."""
    for person, first, last in (
        (record["parent"].person, "Jo", "Lee"),
        (record["case"].child, "Sam", "Lee"),
    ):
        person.first_names, person.last_name = first, last
        person.save()
    for user, name in ((record["worker"], "Kim Day"), (record["manager"], "Raj Roy")):
        user.full_name = name
        user.save()


def _linked_slugs(html: str) -> set[str]:
    return set(re.findall(r'href="/portal/words/#([a-z0-9-]+)"', html))


def test_every_portal_page_reads_plainly_and_links_its_terms(record):
    _plain_cast(record)
    entry_comment_add(entry=record["entry"], by=record["parent"], text="It was a good day.")
    correction_request_raise(
        entry=record["entry"], by=record["parent"], what_is_wrong="Sam was not there."
    )
    BreakGlass.objects.create(
        user=record["other_worker"],
        case=record["case"],
        reason_kind="duty",
        reason="Out of hours call",
        opened_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(minutes=30),
    )
    staff_client(record["other_worker"]).get(f"/staff/cases/{record['case'].pk}/")
    client = portal_client(record["parent"])
    for name in MATRIX:
        url = portal_url(name, record)
        html = client.get(url).content.decode()
        text = re.sub(r"\s+", " ", visible_text(html))
        reading = read(text)
        assert reading.grade <= TARGET_GRADE + 1, (url, reading.grade, text[:400])
        if name == "words":
            continue  # the glossary itself: every initial on it is explained right there
        assert not reading.unexplained, (url, reading.unexplained)
        missing = {t.slug for t in terms_in(text)} - _linked_slugs(html)
        assert not missing, (url, missing)


def test_words_page_explains_every_glossary_term_with_an_anchor(record):
    html = portal_client(record["parent"]).get("/portal/words/").content.decode()
    for term in TERMS:
        assert f'id="{term.slug}"' in html, term.slug
    assert "/portal/words/#" not in html  # the glossary does not link to itself


def test_terms_in_a_workers_entry_link_to_the_glossary(record):
    EntryFactory(
        case=record["case"],
        author_user=record["worker"],
        title="Next steps",
        text="The core group will meet. The <b>core group</b> agreed the child protection plan.",
    )
    html = portal_client(record["parent"]).get(portal_url("case", record)).content.decode()
    assert html.count('href="/portal/words/#core-group"') == 1
    assert 'href="/portal/words/#child-protection-plan"' in html
    assert "&lt;b&gt;core group&lt;/b&gt;" in html  # the worker's text stays text


def test_every_portal_page_has_exit_this_page_and_staff_pages_do_not(record):
    client = portal_client(record["parent"])
    for name in MATRIX:
        html = client.get(portal_url(name, record)).content.decode()
        assert 'data-module="govuk-exit-this-page"' in html, name
        assert "govuk-js-exit-this-page-skiplink" in html, name
    staff = staff_client(record["worker"]).get("/staff/").content.decode()
    assert "govuk-exit-this-page" not in staff


# --- link_terms -----------------------------------------------------------------------------


def _render(source: str, **context) -> str:
    return Template("{% load plain_words %}" + source).render(Context(context))


def test_link_terms_escapes_text_before_linking():
    html = _render("{{ text|link_terms }}", text='<script>x()</script> an "early help" offer')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a class="govuk-link" href="/portal/words/#early-help">early help</a>' in html


def test_link_terms_links_only_the_first_mention_and_keeps_the_writers_case():
    html = _render("{{ text|link_terms }}", text="Core group today. The core group again.")
    assert html.count("<a ") == 1 and ">Core group</a>" in html


def test_link_terms_prefers_the_longest_term():
    html = _render("{{ text|link_terms }}", text="A child in need plan.")
    assert 'href="/portal/words/#child-in-need-plan">child in need plan</a>' in html


def test_link_terms_never_links_inside_tags_links_buttons_or_labels():
    source = (
        '{% filter link_terms %}<p title="core group"><a href="/x">core group</a> '
        "<button>early help</button><label>referral</label> then early help and a referral"
        "</p>{% endfilter %}"
    )
    html = _render(source)
    assert 'title="core group"' in html
    assert '<a href="/x">core group</a>' in html
    assert "<button>early help</button>" in html and "<label>referral</label>" in html
    assert ">early help</a> and a <a" in html and ">referral</a>" in html


def test_link_terms_does_not_match_part_of_a_word():
    html = _render("{{ text|link_terms }}", text="Preferral and early helpers")
    assert "<a " not in html


# --- Home -----------------------------------------------------------------------------------


def test_home_shows_the_worker_their_cover_and_what_is_waiting(record):
    worker, manager = record["worker"], record["manager"]
    worker.full_name, worker.contact_phone = "Kim Day", "01632 960001"
    worker.save()
    manager.full_name = "Raj Roy"
    manager.save()
    Relationship.objects.create(
        from_person=record["parent"].person, to_person=record["case"].child, kind="parent"
    )
    today = timezone.localdate()
    commitment_create(
        case=record["case"],
        title="Book the GP appointment",
        due_on=today + datetime.timedelta(days=3),
        by=worker,
        owner_person=record["parent"].person,
        source="plan_action",
    )
    commitment_create(
        case=record["case"],
        title="Far away task",
        due_on=today + datetime.timedelta(days=60),
        by=worker,
        owner_person=record["parent"].person,
        source="plan_action",
    )
    correction_request_raise(entry=record["entry"], by=record["parent"], what_is_wrong="No.")
    page = portal_client(record["parent"]).get("/portal/").content.decode()
    assert "Kim Day" in page and ">KD<" in page and "01632 960001" in page
    assert "If Kim Day is away, ask Raj Roy" in page
    assert "Book the GP appointment" in page and "Far away task" not in page
    assert 'You told us "Home visit" is wrong' in page


def test_cover_is_each_team_s_managers_by_their_own_team_or_the_teams_they_manage(cast):
    from alongside.cases.selectors import cover_for_teams

    senior = UserFactory(team=cast["team_b"], role="team_manager", full_name="Ada Senior")
    senior.managed_teams.add(cast["team_a"])
    UserFactory(team=cast["team_a"], role="team_manager", is_active=False)
    cover = cover_for_teams([cast["team_a"].pk, cast["team_b"].pk, None])
    team_a = {manager.pk for manager in cover[cast["team_a"].pk]}
    team_b = {manager.pk for manager in cover[cast["team_b"].pk]}
    assert team_a == {cast["manager"].pk, senior.pk}
    assert team_b == {cast["other_manager"].pk, senior.pk}
    assert cover_for_teams([None]) == {}


def test_home_shows_the_next_planned_visit(record):
    from alongside.visits.models import Visit

    start = timezone.now() + datetime.timedelta(days=2)
    Visit.objects.create(
        case=record["case"],
        worker=record["worker"],
        kind="home_visit",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="At home",
        purpose_for_family="To see how Sam is getting on at school.",
    )
    page = portal_client(record["parent"]).get("/portal/").content.decode()
    assert "To see how Sam is getting on at school." in page and "At home" in page


def test_a_supporters_home_leaves_out_the_familys_tasks_and_logs_the_view(record):
    meetings = supporter(record, SupporterScope.MEETINGS)
    page = portal_client(meetings).get("/portal/").content.decode()
    assert record["case"].child.display_name in page
    assert "Waiting for you" not in page and "See what we have written" not in page
    assert AccessLog.objects.filter(user=meetings, case=record["case"]).count() == 1


# --- What is recorded, and the family's say ---------------------------------------------------


def test_parent_adds_their_own_account(record):
    client = portal_client(record["parent"])
    url = portal_url("family-account-new", record)
    response = client.post(url, {"text": "  We were at the park that day.  ", "title": ""})
    assert response.status_code == 302
    entry = Entry.objects.get(kind=Kind.FAMILY_ACCOUNT)
    assert entry.author_kind == AuthorKind.FAMILY
    assert entry.author_person == record["parent"].person
    assert (entry.audience, entry.status, entry.title) == ("family", "published", "In our words")
    assert entry.text == "We were at the park that day."
    staff = staff_client(record["worker"]).get(f"/staff/cases/{record['case'].pk}/chronology/")
    assert "We were at the park that day." in staff.content.decode()


def test_own_account_needs_words_and_a_past_date(record):
    client = portal_client(record["parent"])
    url = portal_url("family-account-new", record)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url,
        {
            "text": "",
            "occurred_on_day": tomorrow.day,
            "occurred_on_month": tomorrow.month,
            "occurred_on_year": tomorrow.year,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Write what you want to say" in body
    assert not Entry.objects.filter(kind=Kind.FAMILY_ACCOUNT).exists()


def test_own_account_can_be_dated_in_the_past(record):
    client = portal_client(record["parent"])
    day = timezone.localdate() - datetime.timedelta(days=20)
    client.post(
        portal_url("family-account-new", record),
        {
            "text": "It started then.",
            "occurred_on_day": day.day,
            "occurred_on_month": day.month,
            "occurred_on_year": day.year,
        },
    )
    entry = Entry.objects.get(kind=Kind.FAMILY_ACCOUNT)
    assert timezone.localdate(entry.occurred_at) == day


def test_parent_comments_and_everyone_who_reads_the_entry_sees_it(record):
    client = portal_client(record["parent"])
    response = client.post(portal_url("entry", record), {"text": "Sam was tired that day."})
    assert response.status_code == 302
    comment = EntryComment.objects.get()
    assert comment.author_person == record["parent"].person
    everything = supporter(record, SupporterScope.EVERYTHING)
    for reader in (portal_client(record["young_person"]), portal_client(everything)):
        assert "Sam was tired that day." in reader.get(portal_url("case", record)).content.decode()
    staff_page = staff_client(record["worker"]).get(
        f"/staff/cases/{record['case'].pk}/entries/{record['entry'].pk}/"
    )
    assert "Sam was tired that day." in staff_page.content.decode()


def test_a_supporter_can_read_but_not_comment_or_flag(record):
    everything = portal_client(supporter(record, SupporterScope.EVERYTHING))
    page = everything.get(portal_url("entry", record)).content.decode()
    assert "Add a comment" not in page and "Tell us this is wrong" not in page
    assert everything.post(portal_url("entry", record), {"text": "Hi"}).status_code == 403
    wrong = {"what_is_wrong": "No"}
    assert everything.post(portal_url("correction-new", record), wrong).status_code == 403
    assert not EntryComment.objects.exists()


def test_parent_flags_an_entry_and_the_worker_is_told(record, django_capture_on_commit_callbacks):
    client = portal_client(record["parent"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            portal_url("correction-new", record),
            {"what_is_wrong": "Sam was not happy.", "what_it_should_say": "Sam was sad."},
        )
    assert response.status_code == 302
    message = Message.objects.get(purpose="correction_request")
    assert message.to_user == record["worker"]
    page = client.get(portal_url("entry", record)).content.decode()
    assert "Waiting for an answer" in page and "You told us this is wrong" in page


def test_a_family_written_entry_has_no_flag_link(record):
    client = portal_client(record["parent"])
    client.post(portal_url("family-account-new", record), {"text": "Our side."})
    entry = Entry.objects.get(kind=Kind.FAMILY_ACCOUNT)
    url = reverse("portal:entry", args=[record["case"].pk, entry.pk])
    assert "Tell us this is wrong" not in client.get(url).content.decode()


def test_withheld_entries_cannot_be_opened_in_the_portal(record):
    hidden = EntryFactory(
        case=record["case"],
        author_user=record["worker"],
        audience="professionals",
        withheld_reason="third_party",
    )
    client = portal_client(record["parent"])
    for name in ("portal:entry", "portal:correction-new"):
        assert client.get(reverse(name, args=[record["case"].pk, hidden.pk])).status_code == 404


# --- Who has looked ---------------------------------------------------------------------------


def test_who_has_looked_says_role_team_and_date_not_staff_names(record):
    worker = record["worker"]
    worker.full_name = "Kim Day"
    worker.save()
    staff_client(worker).get(f"/staff/cases/{record['case'].pk}/")
    BreakGlass.objects.create(
        user=record["other_worker"],
        case=record["case"],
        reason_kind="duty",
        reason="Police called out of hours",
        opened_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(minutes=30),
    )
    staff_client(record["other_worker"]).get(f"/staff/cases/{record['case'].pk}/")
    ann = supporter(record, SupporterScope.EVERYTHING, "Ann Lee")
    portal_client(ann).get(portal_url("case", record))
    portal_client(record["young_person"]).get(portal_url("case", record))
    page = portal_client(record["parent"]).get(portal_url("who-has-looked", record))
    text = re.sub(r"\s+", " ", visible_text(page.content.decode()))
    today = f"{timezone.localdate():%-d %B %Y}"
    assert f"A social worker from Team A looked at the record on {today}." in text
    assert f"A social worker from Team B looked at the record on {today}." in text
    assert "Police called out of hours" in text
    assert f"Your supporter, Ann Lee, looked at the record on {today}." in text
    assert "Kim Day" not in text
    assert "Young person" not in text and record["young_person"].full_name not in text


# --- Supporters -----------------------------------------------------------------------------


def test_parent_invites_a_supporter_by_email_who_then_signs_in(
    record, django_capture_on_commit_callbacks
):
    client = portal_client(record["parent"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            portal_url("supporters", record),
            {"name": "Ann Lee", "email_or_phone": "Ann@Example.test", "scope": "meetings"},
        )
    assert response.status_code == 302
    user = User.objects.get(email="ann@example.test")
    assert user.role == Role.SUPPORTER and user.full_name == "Ann Lee"
    grant = SupporterAccess.objects.get(user=user)
    assert grant.scope == "meetings" and grant.invited_by == record["parent"]
    message = Message.objects.get(purpose="supporter_invite")
    assert message.channel == "email" and "http://testserver/portal/sign-in/" in message.body
    assert family_user_find("ann@example.test") == user
    assert "Ann Lee" in client.get(portal_url("supporters", record)).content.decode()


def test_a_supporter_can_be_invited_by_text_message(record):
    client = portal_client(record["parent"])
    client.post(
        portal_url("supporters", record),
        {"name": "Bob Kay", "email_or_phone": "07700 900 555", "scope": "everything"},
    )
    user = User.objects.get(phone="07700900555")
    assert user.role == Role.SUPPORTER and user.email.endswith(".invalid")
    assert Message.objects.get(purpose="supporter_invite").channel == "sms"
    assert family_user_find("07700 900555") == user


def test_inviting_again_changes_what_they_see(record):
    client = portal_client(record["parent"])
    data = {"name": "Ann Lee", "email_or_phone": "ann@example.test", "scope": "meetings"}
    client.post(portal_url("supporters", record), data)
    client.post(portal_url("supporters", record), {**data, "scope": "everything"})
    grant = SupporterAccess.objects.get(revoked_at__isnull=True)
    assert grant.scope == "everything"


def test_staff_and_family_accounts_cannot_be_made_supporters(record):
    client = portal_client(record["parent"])
    for address in (record["worker"].email, record["other_parent"].email):
        response = client.post(
            portal_url("supporters", record),
            {"name": "X Y", "email_or_phone": address, "scope": "everything"},
        )
        assert (
            response.status_code == 200 and "We cannot add this person" in response.content.decode()
        )
    assert not SupporterAccess.objects.exists()


def test_bad_supporter_details_are_explained(record):
    response = portal_client(record["parent"]).post(
        portal_url("supporters", record), {"name": "", "email_or_phone": "12", "scope": ""}
    )
    body = response.content.decode()
    assert "Enter their name" in body and "Choose what they can see" in body


def test_the_inviter_stops_sharing_and_the_supporter_loses_access_at_once(record):
    ann = supporter(record, SupporterScope.EVERYTHING)
    grant = SupporterAccess.objects.get(user=ann)
    ann_client = portal_client(ann)
    assert ann_client.get(portal_url("case", record)).status_code == 200
    url = reverse("portal:supporter-remove", args=[record["case"].pk, grant.pk])
    assert portal_client(record["young_person"]).post(url).status_code == 403
    assert portal_client(record["parent"]).get(url).status_code == 405
    assert portal_client(record["parent"]).post(url).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert ann_client.get(portal_url("case", record)).status_code == 404


# --- Preferences ----------------------------------------------------------------------------


def test_preferences_are_saved_to_the_person_with_a_reason(record):
    client = portal_client(record["parent"])
    response = client.post(
        "/portal/preferences/",
        {
            "email": "jo@example.test",
            "phone": "07700900999",
            "contact_days": ["mon", "wed"],
            "contact_times": "After 10am",
            "preferred_formats": ["easy_read", "large_print"],
            "first_language": "Polish",
            "interpreter_needed": "on",
            "communication_needs": "A room with no steps.",
        },
    )
    assert response.status_code == 302
    person = record["parent"].person
    person.refresh_from_db()
    assert person.contact_days == ["mon", "wed"]
    assert person.preferred_formats == ["easy_read", "large_print"]
    assert (person.first_language, person.interpreter_needed) == ("Polish", True)
    assert person.communication_needs == "A room with no steps."
    event = person.events.order_by("-pgh_id").first()
    assert event.pgh_context.metadata["reason"] == "Changed by the family in the portal"
    page = client.get("/portal/preferences/").content.decode()
    assert "After 10am" in page and 'value="easy_read" checked' in page


def test_preferences_refuse_a_bad_email(record):
    response = portal_client(record["parent"]).post("/portal/preferences/", {"email": "nope"})
    assert response.status_code == 200
    assert "Enter an email address like name@example.com" in response.content.decode()


# --- Queries ---------------------------------------------------------------------------------


def test_the_record_page_takes_the_same_queries_however_much_is_said(record):
    from tests.test_query_counts import assert_flat

    def add(n: int) -> None:
        for _ in range(n):
            entry = EntryFactory(case=record["case"], author_user=record["worker"])
            entry_comment_add(entry=entry, by=record["parent"], text="A comment.")
            correction_request_raise(entry=entry, by=record["parent"], what_is_wrong="Wrong.")

    assert_flat(portal_client(record["parent"]), portal_url("case", record), add)


def test_who_has_looked_takes_the_same_queries_however_long_the_log(record):
    from tests.test_query_counts import assert_flat

    def add(n: int) -> None:
        for _ in range(n):
            reader = UserFactory(team=record["team_a"], role=Role.SOCIAL_WORKER)
            AccessLog.objects.create(user=reader, case=record["case"], action="view_record")

    assert_flat(portal_client(record["parent"]), portal_url("who-has-looked", record), add)


def test_the_supporters_page_takes_the_same_queries_however_many_there_are(record):
    from tests.test_query_counts import assert_flat

    def add(n: int) -> None:
        for i in range(n):
            supporter(record, SupporterScope.MEETINGS, f"Helper {i}")

    assert_flat(portal_client(record["parent"]), portal_url("supporters", record), add)


def test_only_the_family_or_the_team_may_invite_or_stop_a_supporter(record):
    from django.core.exceptions import ValidationError

    from alongside.cases.services import supporter_invite, supporter_revoke

    everything = supporter(record, SupporterScope.EVERYTHING)
    details = {"name": "Cy Day", "email_or_phone": "cy@example.test", "scope": "meetings"}
    for who in (everything, record["other_parent"], record["other_worker"]):
        with pytest.raises(ValidationError):
            supporter_invite(case=record["case"], invited_by=who, **details)
    grant = supporter_invite(case=record["case"], invited_by=record["worker"], **details)
    with pytest.raises(ValidationError):
        supporter_revoke(grant=grant, by=record["young_person"])
    supporter_revoke(grant=grant, by=record["worker"])
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_a_family_member_who_chooses_texts_is_sent_texts(record):
    from alongside.journey.services import family_recipients
    from alongside.people.models import Relationship

    client = portal_client(record["parent"])
    person = record["parent"].person
    Relationship.objects.create(
        from_person=person,
        to_person=record["case"].child,
        kind="parent",
        parental_responsibility=True,
    )
    chosen = {"email": "jo@example.test", "phone": "07700900999", "preferred_channel": "sms"}
    assert client.post("/portal/preferences/", chosen).status_code == 302
    person.refresh_from_db()
    assert person.preferred_channel == "sms"
    assert family_recipients(record["case"].child) == [("sms", "07700900999")]
    page = client.get("/portal/preferences/").content.decode()
    assert 'value="sms" checked' in page
    # No preference: email when there is an address.
    client.post("/portal/preferences/", {**chosen, "preferred_channel": ""})
    assert family_recipients(record["case"].child) == [("email", "jo@example.test")]


def test_choosing_texts_without_a_number_asks_for_one_and_keeps_the_rest(record):
    response = portal_client(record["parent"]).post(
        "/portal/preferences/",
        {
            "email": "jo@example.test",
            "phone": "",
            "preferred_channel": "sms",
            "contact_times": "Mornings",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a mobile number, or choose email" in html
    assert 'value="Mornings"' in html and 'value="jo@example.test"' in html
    record["parent"].person.refresh_from_db()
    assert record["parent"].person.preferred_channel == ""
