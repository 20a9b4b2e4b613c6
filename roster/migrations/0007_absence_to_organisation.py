"""State only: Absence left for organisation, which took over its table (ADR 0005)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("organisation", "0002_absence_delegation"),
        # Request.absence must point at organisation.Absence before this model goes.
        ("requests_desk", "0002_absence_delegation_to_organisation"),
        ("roster", "0006_integrity"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Absence")],
        ),
    ]
