from __future__ import annotations

from typing import Any

from django import forms

from alongside.accounts.models import STAFF_ROLES, Role, Team
from alongside.core.forms import GovukForm


class SignInForm(GovukForm):
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TotpForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="Enter the 6 digits the app shows now",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "min_length": "The code has 6 digits",
            "max_length": "The code has 6 digits",
        },
    )


class FamilyStartForm(GovukForm):
    identifier = forms.CharField(
        label="Your email address or mobile phone number",
        help_text="We will send you a code to sign in. You do not need a password.",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
        error_messages={"required": "Enter your email address or mobile phone number"},
    )


class FamilyCodeForm(GovukForm):
    code = forms.CharField(
        label="Your sign-in code",
        help_text="The 6 numbers we sent you",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={
            "required": "Enter the code we sent you",
            "min_length": "The code has 6 numbers",
            "max_length": "The code has 6 numbers",
        },
    )


class PasswordSetForm(GovukForm):
    password = forms.CharField(
        label="Choose a password",
        help_text="At least 12 characters. A few words you will remember works well.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Choose a password"},
    )
    password_again = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, second = data.get("password"), data.get("password_again")
        if first and second and first != second:
            self.add_error("password_again", "The two passwords are not the same")
        return data


class StaffInviteForm(GovukForm):
    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Work email address",
        help_text="We send the set-up link here",
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address, like name@council.gov.uk",
        },
    )
    role = forms.ChoiceField(
        label="Role", error_messages={"required": "Choose their role"}, widget=forms.RadioSelect
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        required=False,
        empty_label="Not in a team",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(r.value, r.label) for r in Role if r in STAFF_ROLES]
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = Team.objects.filter(archived_at__isnull=True).order_by("name")


class AuthenticatorResetForm(GovukForm):
    reason = forms.CharField(
        label="Why are you resetting it?",
        help_text="For example, they lost their work phone or got a new one",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the authenticator is being reset"},
    )
