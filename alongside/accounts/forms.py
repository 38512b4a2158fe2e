from __future__ import annotations

from django import forms

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
