"""Load the default case types and what each adds to a worker's caseload.

There is no national caseload weighting scheme in England. These are Alongside's
own starting point, for each council's staff administrators to change on the
caseload settings page (each change keeps who, when and why). Each adds to the
weight of the case's stage.
"""

from django.db import migrations

LOCAL = "Alongside default (local decision; no national weighting scheme)"

TYPES = [
    (
        "care-proceedings",
        "Care proceedings in court",
        "An application for a care or supervision order is before the court",
        "1.00",
        f"{LOCAL}: statements, hearings and the court's timetable",
    ),
    (
        "pre-proceedings",
        "Pre-proceedings",
        "A letter before proceedings has been sent under the Public Law Outline",
        "0.50",
        f"{LOCAL}: meetings with the family and their lawyers, assessments to commission",
    ),
    (
        "disabled-child",
        "Disabled child",
        "The child's disability shapes the help and how the worker communicates",
        "0.50",
        f"{LOCAL}: health, education and short breaks to bring together",
    ),
    (
        "unaccompanied",
        "Unaccompanied asylum-seeking child",
        "The child arrived in the UK without a parent or carer and is seeking asylum",
        "0.50",
        f"{LOCAL}: interpreters, immigration advice and age assessment",
    ),
    (
        "exploitation",
        "Risk of exploitation outside the home",
        "Criminal or sexual exploitation, going missing, or harm from outside the family",
        "1.00",
        f"{LOCAL}: work with police and other agencies, often out of hours",
    ),
    (
        "private-fostering",
        "Private fostering",
        "The child lives with someone who is not a close relative for 28 days or more",
        "0.25",
        f"{LOCAL}: visits to the carer and checks on the arrangement",
    ),
]


def load(apps, schema_editor):
    CaseType = apps.get_model("cases", "CaseType")
    for code, name, hint, weight, source in TYPES:
        CaseType.objects.update_or_create(
            code=code, defaults={"name": name, "hint": hint, "weight": weight, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_case_types"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
