from django.db import migrations

# Indexes for the conditions people_search() matches on that the model's own indexes do
# not serve: the full name by trigram similarity, the postcode without spaces, and the
# expected date of birth. Their expressions are written exactly as the search writes them
# so the planner can use them.
INDEXES = {
    "person_full_name_trgm": ("USING gin ((lower(first_names || ' ' || last_name)) gin_trgm_ops)"),
    "person_bare_postcode": "((replace(upper(postcode), ' ', '')))",
    "person_expected_date_of_birth": "(expected_date_of_birth)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_worker_preferences"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON people_person {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]
