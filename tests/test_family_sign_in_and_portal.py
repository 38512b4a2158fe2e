"""Family members sign in with a one-time code and see family-visible entries only."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from alongside.audit.models import AccessLog
from alongside.messaging.models import Message
from tests.conftest import staff_client
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def request_code(client: Client, identifier: str) -> str | None:
    before = Message.objects.count()
    response = client.post("/portal/sign-in/", {"identifier": identifier})
    assert response.status_code == 302 and response["Location"] == "/portal/sign-in/code/"
    if Message.objects.count() == before:
        return None
    message = Message.objects.latest("id")
    return re.search(r"\b(\d{6})\b", message.body)[1]


def test_parent_signs_in_with_an_emailed_code(cast, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        code = request_code(client, cast["parent"].email)
    message = Message.objects.latest("id")
    assert message.channel == "email" and message.status == "sent" and message.backend == "outbox"
    response = client.post("/portal/sign-in/code/", {"code": code})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert cast["case"].child.display_name in client.get("/portal/").content.decode()


def test_code_can_be_sent_by_text_message(cast):
    client = Client()
    request_code(client, cast["parent"].phone)
    assert Message.objects.latest("id").channel == "sms"
    assert Message.objects.latest("id").to_address == cast["parent"].phone


def test_code_works_only_once(cast):
    client = Client()
    code = request_code(client, cast["parent"].email)
    client.post("/portal/sign-in/code/", {"code": code})
    again = Client()
    session = again.session
    session["pending_family_user"] = cast["parent"].pk
    session.save()
    response = again.post("/portal/sign-in/code/", {"code": code})
    assert response.status_code == 200 and "not right" in response.content.decode()


def test_too_many_wrong_codes_stop_the_right_one_working(cast):
    client = Client()
    code = request_code(client, cast["parent"].email)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        client.post("/portal/sign-in/code/", {"code": wrong})
    response = client.post("/portal/sign-in/code/", {"code": code})
    assert response.status_code == 200
    assert client.get("/portal/").status_code == 302


def test_unknown_address_gets_the_same_answer_and_no_message(cast):
    assert request_code(Client(), "nobody@example.test") is None


def test_staff_cannot_sign_in_with_a_family_code(cast):
    assert request_code(Client(), cast["worker"].email) is None


def _entries(cast):
    case, worker = cast["case"], cast["worker"]
    return [
        EntryFactory(case=case, author_user=worker, text="We talked about school."),
        EntryFactory(
            case=case,
            author_user=worker,
            audience="professionals",
            withheld_reason="third_party",
            text="Neighbour's private details.",
        ),
        EntryFactory(
            case=case,
            author_user=worker,
            audience="restricted",
            withheld_reason="police_enquiry",
            text="Police enquiry detail.",
        ),
        EntryFactory(case=case, author_user=worker, status="draft", text="Unfinished draft text."),
    ]


@pytest.mark.parametrize("who", ["parent", "young_person"])
def test_family_sees_only_family_visible_published_entries(cast, who):
    _entries(cast)
    client = Client()
    client.force_login(cast[who])
    page = client.get(f"/portal/children/{cast['case'].pk}/").content.decode()
    assert "We talked about school." in page
    for hidden in (
        "Neighbour's private details.",
        "Police enquiry detail.",
        "Unfinished draft text.",
    ):
        assert hidden not in page
    assert AccessLog.objects.filter(user=cast[who], case=cast["case"]).count() == 1


def test_another_family_gets_404(cast):
    client = Client()
    client.force_login(cast["other_parent"])
    assert client.get(f"/portal/children/{cast['case'].pk}/").status_code == 404


def test_staff_are_sent_to_the_family_sign_in_from_the_portal(cast):
    response = staff_client(cast["worker"]).get("/portal/")
    assert response.status_code == 302 and "/portal/sign-in/" in response["Location"]


def test_api_follows_the_same_policy(cast):
    _entries(cast)
    anonymous = Client().get(f"/api/cases/{cast['case'].pk}")
    assert anonymous.status_code == 401
    assert (
        staff_client(cast["other_worker"]).get(f"/api/cases/{cast['case'].pk}").status_code == 404
    )
    family = Client()
    family.force_login(cast["parent"])
    texts = [e["text"] for e in family.get(f"/api/cases/{cast['case'].pk}/entries").json()]
    assert texts == ["We talked about school."]
    worker = staff_client(cast["worker"])
    worker_texts = {e["text"] for e in worker.get(f"/api/cases/{cast['case'].pk}/entries").json()}
    assert "Neighbour's private details." in worker_texts
    assert AccessLog.objects.filter(user=cast["worker"], action="api").count() == 1


def test_api_refuses_staff_without_second_factor(cast):
    client = Client()
    client.force_login(cast["worker"])
    assert client.get("/api/cases").status_code == 401


def test_openapi_docs_are_published(cast):
    assert Client().get("/api/openapi.json").status_code == 200
