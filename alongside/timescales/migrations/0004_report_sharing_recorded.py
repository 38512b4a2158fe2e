"""Conference reports are now shared through Alongside (``meetings.ReportShare``), so the
report-sharing clocks (T07 before an initial conference, T13 before a review) can be met
and are switched back on.
"""

from django.db import migrations


def resume(apps, schema_editor):
    rule = apps.get_model("timescales", "TimescaleRule")
    rule.objects.filter(code__in=["T07", "T13"]).update(active=True)


def pause(apps, schema_editor):
    rule = apps.get_model("timescales", "TimescaleRule")
    rule.objects.filter(code__in=["T07", "T13"]).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("timescales", "0003_pause_report_sharing_rules"),
        ("meetings", "0001_meetings_invitations_reports"),
    ]

    operations = [migrations.RunPython(resume, pause)]
