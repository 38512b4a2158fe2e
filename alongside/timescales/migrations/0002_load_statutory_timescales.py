"""Load the statutory and local timescales the engine tracks.

Numbers and sources follow shared/domain/england-safeguarding.md section 2.
Event names are the vocabulary in alongside/timescales/events.py, written out
here because a migration must not import the app.
"""

from django.db import migrations

WT2023_CH3 = "Working Together to Safeguard Children 2023, chapter 3"
CP_STOPS = ["cp_plan_ended", "case_closed"]

RULES = [
    {
        "code": "T01",
        "name": "Decision on a referral",
        "description": (
            "When children's social care get a referral about a child, they should decide "
            "what happens next, and acknowledge the referral, within one working day."
        ),
        "start_events": ["referral_received"],
        "end_event": "referral_decided",
        "unit": "working_days",
        "amount": 1,
        "stop_events": [],
        "source": f"{WT2023_CH3}, 'Referral'",
        "kind": "statutory_guidance",
    },
    {
        "code": "T03",
        "name": "Child and family assessment",
        "description": (
            "The assessment of what your child and family need should be finished within "
            "45 working days of the referral. If it takes longer, the reason is written down."
        ),
        "start_events": ["referral_received"],
        "end_event": "assessment_authorised",
        "unit": "working_days",
        "amount": 45,
        "stop_events": ["case_closed"],
        "source": (
            f"{WT2023_CH3}, 'Assessment' (counted from the referral date, not allocation; "
            "record the reason if it is exceeded)"
        ),
        "kind": "statutory_guidance",
    },
    {
        "code": "T06",
        "name": "Initial child protection conference",
        "description": (
            "If there is a meeting about keeping your child safe (a child protection "
            "conference), it should happen within 15 working days of the strategy discussion "
            "that started the enquiries."
        ),
        "start_events": ["icpc_needed"],
        "end_event": "icpc_held",
        "unit": "working_days",
        "amount": 15,
        "stop_events": ["case_closed"],
        "source": (
            f"{WT2023_CH3}, 'Initial child protection conferences' "
            "(from the strategy discussion at which section 47 enquiries were started); "
            "CIN census InitialCPCtarget"
        ),
        "kind": "statutory_guidance",
    },
    {
        "code": "T07",
        "name": "Conference report shared before the initial conference",
        "description": (
            "You should get the social worker's report at least 3 working days before the "
            "initial child protection conference, so you have time to read it and say what "
            "you think."
        ),
        "start_events": ["icpc_scheduled"],
        "end_event": "report_shared_initial",
        "direction": "before",
        "unit": "working_days",
        "amount": 3,
        "stop_events": ["case_closed"],
        "recurring": True,
        "source": (
            "Local procedure, e.g. Sussex and London child protection procedures "
            "(reports to parents at least 3 working days before an initial conference)"
        ),
        "kind": "local",
    },
    {
        "code": "T08",
        "name": "First core group meeting",
        "description": (
            "The core group (you, your social worker and the people working with your "
            "family) should first meet within 10 working days of the child protection plan "
            "starting, to turn the plan into detail."
        ),
        "start_events": ["cp_plan_started"],
        "end_event": "core_group_held",
        "unit": "working_days",
        "amount": 10,
        "stop_events": CP_STOPS,
        "source": (
            "Working Together to Safeguard Children 2018 (10 working days of the initial "
            "conference; retained in local procedures after 2023, e.g. Norfolk, Blackpool)"
        ),
        "kind": "statutory_guidance",
    },
    {
        "code": "T10",
        "name": "Child protection visits",
        "description": (
            "While there is a child protection plan, your social worker visits your child "
            "regularly. The plan says how often; if it does not, it is every 10 working days."
        ),
        "start_events": ["cp_plan_started", "cp_visit"],
        "end_event": "cp_visit",
        "unit": "working_days",
        "amount": 10,
        "stop_events": CP_STOPS,
        "recurring": True,
        "source": (
            "Local procedure: frequency set in the child protection plan "
            "(no national figure found; unconfirmed)"
        ),
        "kind": "local",
    },
    {
        "code": "T11",
        "name": "First review conference",
        "description": (
            "The first review of the child protection plan should happen within 3 months "
            "of the plan starting."
        ),
        "start_events": ["cp_plan_started"],
        "end_event": "review_conference_held",
        "unit": "months",
        "amount": 3,
        "stop_events": CP_STOPS,
        "source": f"{WT2023_CH3} (within 3 months of the initial conference)",
        "kind": "statutory_guidance",
    },
    {
        "code": "T12",
        "name": "Further review conferences",
        "description": (
            "After the first review, the plan is reviewed at least every 6 months for as "
            "long as it lasts."
        ),
        "start_events": ["review_conference_held"],
        "end_event": "review_conference_held",
        "unit": "months",
        "amount": 6,
        "stop_events": CP_STOPS,
        "recurring": True,
        "source": f"{WT2023_CH3} (intervals of not more than 6 months)",
        "kind": "statutory_guidance",
    },
    {
        "code": "T13",
        "name": "Report shared before a review conference",
        "description": (
            "You should get the social worker's report at least 5 working days before each "
            "review conference."
        ),
        "start_events": ["review_scheduled"],
        "end_event": "report_shared_review",
        "direction": "before",
        "unit": "working_days",
        "amount": 5,
        "stop_events": ["case_closed"],
        "recurring": True,
        "source": (
            "Local procedure, e.g. Sussex child protection procedures "
            "(reports to parents at least 5 working days before a review conference)"
        ),
        "kind": "local",
    },
    {
        "code": "T15",
        "name": "Child in need plan review",
        "description": (
            "A child in need plan is reviewed with you regularly: within 3 months of the "
            "plan starting and then within 3 months of each review."
        ),
        "start_events": ["cin_plan_started", "cin_plan_reviewed"],
        "end_event": "cin_plan_reviewed",
        "unit": "months",
        "amount": 3,
        "stop_events": ["cin_plan_ended", "case_closed"],
        "recurring": True,
        "source": "Local procedure (no national frequency found; unconfirmed)",
        "kind": "local",
    },
]


def load(apps, schema_editor):
    TimescaleRule = apps.get_model("timescales", "TimescaleRule")
    for rule in RULES:
        values = {"direction": "after", "recurring": False, **rule}
        TimescaleRule.objects.update_or_create(code=values.pop("code"), defaults=values)


class Migration(migrations.Migration):
    dependencies = [
        ("timescales", "0001_timescale_rules"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
