"""Django forms rendered as GOV.UK Frontend components, in one place."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes. Keeps what was typed on error."""

    template_name = "forms/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            "month": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            "year": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-4",
                }
            ),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateInput

    def __init__(self, **kwargs: Any) -> None:
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        messages = {"required": "Enter the date", "incomplete": "Enter a day, month and year"}
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(fields=fields, require_all_fields=False, error_messages=messages, **kwargs)

    def compress(self, data_list: list[str]) -> datetime.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        if not (day and month and year):
            raise forms.ValidationError("Enter a day, month and year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError("Enter a real date, like 27 3 2019") from None


WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


class GovukForm(forms.Form):
    """Adds GOV.UK classes, hints and error links to every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(
                widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, GovukDateInput)
            ):
                continue
            if isinstance(widget, forms.CheckboxInput):
                continue
            css = next(
                (c for kind, c in WIDGET_CLASSES.items() if isinstance(widget, kind)), "govuk-input"
            )
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is None or isinstance(
                field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, GovukDateInput)
            ):
                continue
            widget = field.widget
            css = widget.attrs.get("class", "")
            base = css.split(" ")[0] if css else "govuk-input"
            if f"{base}--error" not in css:
                widget.attrs["class"] = f"{css} {base}--error".strip()
            described = widget.attrs.get("aria-describedby", "")
            error_id = f"id_{self.add_prefix(name)}-error"
            if error_id not in described:
                widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()
