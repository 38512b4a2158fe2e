"""Report-sharing clocks (T07, T13) wait until conference reports are recorded.

Until reports are shared through Alongside, no event can meet these clocks, so
they would show every conference as late. They are switched back on with the
conference reports.
"""

from django.db import migrations


def pause(apps, schema_editor):
    rule = apps.get_model("timescales", "TimescaleRule")
    rule.objects.filter(code__in=["T07", "T13"]).update(active=False)


def resume(apps, schema_editor):
    rule = apps.get_model("timescales", "TimescaleRule")
    rule.objects.filter(code__in=["T07", "T13"]).update(active=True)


class Migration(migrations.Migration):
    dependencies = [("timescales", "0002_load_statutory_timescales")]

    operations = [migrations.RunPython(pause, resume)]
