"""Forms for a young person's own pages: every label and hint in plain words."""

from __future__ import annotations

from django import forms

from alongside.chronology.models import MessageTopic
from alongside.core.forms import GovukForm
from alongside.portal.forms import LONG, FamilyAccountForm

PRIVATE_LABEL = "Keep this private from my parents and carers"
PRIVATE_HELP = "Only you and the workers who help you will read it."

TOPIC_WORDS = {
    MessageTopic.WORRY: "A worry",
    MessageTopic.GOOD_NEWS: "Some good news",
    MessageTopic.REQUEST: "I want something sorted",
}


def _private(initial: bool) -> forms.BooleanField:
    return forms.BooleanField(
        label=PRIVATE_LABEL, required=False, initial=initial, help_text=PRIVATE_HELP
    )


class YoungAccountForm(FamilyAccountForm):
    """ "In our words" for a young person, who may keep it from their parents."""

    private_from_family = _private(False)


class TalkForm(GovukForm):
    topic = forms.ChoiceField(
        label="What do you want to tell your worker?",
        choices=list(TOPIC_WORDS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you want to tell your worker"},
    )
    text = forms.CharField(
        label="What do you want to say?",
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write what you want to say"},
    )
    private_from_family = _private(True)


class UnsafeForm(GovukForm):
    text = forms.CharField(
        label="Tell us more if you want to (you do not have to)",
        required=False,
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    private_from_family = _private(True)


class MeetingWordsForm(GovukForm):
    want_known = forms.CharField(
        label="What I want people to know",
        required=False,
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    want_to_happen = forms.CharField(
        label="What I want to happen",
        required=False,
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    private_from_family = _private(True)
