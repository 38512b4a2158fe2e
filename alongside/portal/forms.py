"""Forms for the family portal: every label and hint in plain words."""

from __future__ import annotations

from django import forms

from alongside.cases.models import SupporterScope
from alongside.core.forms import GovukDateField, GovukForm
from alongside.people.codes import ContactChannel, Format, Weekday

LONG = 5000

SCOPE_WORDS = {
    SupporterScope.MEETINGS: "Meetings only",
    SupporterScope.MEETINGS_DOCUMENTS: "Meetings and letters or reports",
    SupporterScope.EVERYTHING: "Everything you can see here",
}
FORMAT_WORDS = {
    Format.STANDARD: "Normal print",
    Format.EASY_READ: "Easy read, with short words and pictures",
    Format.LARGE_PRINT: "Large print",
    Format.AUDIO: "Read out loud to me (audio)",
    Format.OWN_LANGUAGE: "In my own language",
}


class FamilyAccountForm(GovukForm):
    title = forms.CharField(
        label="Give it a short name (you do not have to)",
        required=False,
        max_length=150,
        help_text="For example, What happened at school.",
    )
    text = forms.CharField(
        label="What do you want to say?",
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Write what you want to say"},
        help_text="Say it in your own words. Everyone who reads the record will see it.",
    )
    occurred_on = GovukDateField(
        label="When did it happen? (you do not have to say)",
        required=False,
        help_text="For example, 27 3 2025.",
    )


class CommentForm(GovukForm):
    text = forms.CharField(
        label="Your comment",
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your comment"},
        help_text="Everyone who reads this will see your comment.",
    )


class CorrectionForm(GovukForm):
    what_is_wrong = forms.CharField(
        label="What is wrong?",
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Tell us what is wrong"},
    )
    what_it_should_say = forms.CharField(
        label="What should it say? (you do not have to say)",
        required=False,
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class SupporterForm(GovukForm):
    name = forms.CharField(
        label="Their name", max_length=150, error_messages={"required": "Enter their name"}
    )
    email_or_phone = forms.CharField(
        label="Their email address or mobile number",
        max_length=254,
        help_text="We will send them a message to say how to sign in.",
        error_messages={"required": "Enter their email address or mobile number"},
    )
    scope = forms.ChoiceField(
        label="What can they see?",
        choices=[(value, SCOPE_WORDS[SupporterScope(value)]) for value in SupporterScope.values],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they can see"},
    )


class PreferencesForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="Leave it empty if you do not want email from us.",
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=20,
        help_text="Leave it empty if you do not want calls or texts from us.",
    )
    preferred_channel = forms.ChoiceField(
        label="How should we send you messages?",
        required=False,
        choices=[
            (ContactChannel.EMAIL, "By email"),
            (ContactChannel.TEXT, "By text message"),
            ("", "I do not mind"),
        ],
        widget=forms.RadioSelect,
        help_text="We use this to tell you about visits, meetings and answers.",
    )
    contact_days = forms.MultipleChoiceField(
        label="Which days are good for you?",
        required=False,
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_times = forms.CharField(
        label="What times are good for you?",
        required=False,
        max_length=100,
        help_text="For example, after 10am, or not at school pick-up time.",
    )
    preferred_formats = forms.MultipleChoiceField(
        label="How do you like letters and reports?",
        required=False,
        choices=[(value, FORMAT_WORDS[Format(value)]) for value in Format.values],
        widget=forms.CheckboxSelectMultiple,
    )
    first_language = forms.CharField(
        label="What language do you like to speak?", required=False, max_length=60
    )
    interpreter_needed = forms.BooleanField(
        label="I would like someone to say things in my language (an interpreter)",
        required=False,
        help_text="It is free. We will never ask a child to do it.",
    )
    preferred_worker_gender = forms.ChoiceField(
        label="Would you like a worker who is a man or a woman?",
        required=False,
        choices=[("woman", "A woman"), ("man", "A man"), ("", "I do not mind")],
        widget=forms.RadioSelect,
        help_text="We will try to do this. If we cannot, we will tell you why.",
    )
    preferred_worker_language = forms.CharField(
        label="Would you like a worker who speaks your language?",
        required=False,
        max_length=60,
        help_text="If you would, write the language, for example Polish. "
        "Leave it empty if you do not mind.",
    )
    communication_needs = forms.CharField(
        label="Is there anything else that would help you?",
        required=False,
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, a room with no steps, a quiet room, or more time to read.",
    )
