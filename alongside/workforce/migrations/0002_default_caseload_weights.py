"""Load the default case weights and caseload limits.

There is no national caseload weighting scheme in England. These defaults are
Alongside's own starting point, for each council to change to its own scheme
(edit the rows; their history is kept):

- about 15 cases is what social workers say lets them build relationships
  (shared/product/BRIEF.md; the caseload alert of goal 15 in
  shared/design/PRACTICE-AND-UX.md defaults to 15), so a warning shows above
  15 weighted units;
- above 20 a new case needs the manager's recorded reason;
- child protection and looked-after cases weigh more (statutory visits,
  conferences, reviews); early help less; a restricted case a little more.
"""

from django.db import migrations

LOCAL = "Alongside default (local decision; no national weighting scheme)"

WEIGHTS = {
    "referral": ("1.00", LOCAL),
    "early_help": ("0.50", f"{LOCAL}: early help is lighter statutory work"),
    "assessment": ("1.00", LOCAL),
    "child_in_need": ("1.00", LOCAL),
    "child_protection": (
        "1.50",
        f"{LOCAL}: statutory visits every 10 working days, core groups and conferences",
    ),
    "looked_after": ("1.50", f"{LOCAL}: statutory visits and reviews for a child in care"),
    "closed": ("0.00", "A closed case is not part of a caseload"),
}

LIMITS = {
    "warning_above": "15.00",
    "stop_above": "20.00",
    "restricted_extra": "0.50",
    "source": (
        "Alongside default (local decision). About 15 cases lets a worker build "
        "relationships with families (shared/product/BRIEF.md; PRACTICE-AND-UX goal 15 "
        "default threshold 15). Above 20 a new case needs the manager's recorded reason."
    ),
}


def load(apps, schema_editor):
    CaseWeight = apps.get_model("workforce", "CaseWeight")
    CaseloadLimit = apps.get_model("workforce", "CaseloadLimit")
    for stage, (weight, source) in WEIGHTS.items():
        CaseWeight.objects.update_or_create(
            stage=stage, defaults={"weight": weight, "source": source}
        )
    CaseloadLimit.objects.update_or_create(name="default", defaults=LIMITS)


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0001_caseloads_allocation_handover"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
