"""A referral that closes stops the clocks that only an open referral can meet.

A referral with no further action, or one closed before its assessment was signed
off, no longer owes an assessment (T03) or an initial conference (T06).
"""

from django.db import migrations

RULES = ("T03", "T06")
EVENT = "referral_closed"


def add_stop(apps, schema_editor):
    rule = apps.get_model("timescales", "TimescaleRule")
    for found in rule.objects.filter(code__in=RULES):
        if EVENT not in found.stop_events:
            found.stop_events = [*found.stop_events, EVENT]
            found.save(update_fields=["stop_events"])


def remove_stop(apps, schema_editor):
    rule = apps.get_model("timescales", "TimescaleRule")
    for found in rule.objects.filter(code__in=RULES):
        found.stop_events = [name for name in found.stop_events if name != EVENT]
        found.save(update_fields=["stop_events"])


class Migration(migrations.Migration):
    dependencies = [("timescales", "0004_report_sharing_recorded")]

    operations = [migrations.RunPython(add_stop, remove_stop)]
