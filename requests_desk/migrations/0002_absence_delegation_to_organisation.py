"""State only: Request.absence now points at organisation.Absence (the same table, renamed by
organisation 0002) and Delegation left for organisation (ADR 0005)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("organisation", "0002_absence_delegation"),
        ("requests_desk", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="request",
                    name="absence",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="organisation.absence"),
                ),
                migrations.DeleteModel(name="Delegation"),
            ],
        ),
    ]
