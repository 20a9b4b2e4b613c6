"""Absence (from roster) and Delegation (from requests_desk) move to organisation (ADR 0005).

The rows stay where they are: the models enter organisation's state on their old tables,
which are then renamed to `organisation_absence` and `organisation_delegation`. The old apps
drop the models from their state only (roster 0007, requests_desk 0002). Content types move
with them, so permissions and admin history keep pointing at the same rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = (("roster", "absence"), ("requests_desk", "delegation"))


def _content_types(apps, schema_editor, *, forward: bool) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    manager = content_type.objects.db_manager(schema_editor.connection.alias)
    for old_app, model in MOVED:
        source, target = (old_app, "organisation") if forward else ("organisation", old_app)
        if manager.filter(app_label=target, model=model).exists():
            continue  # already created by a post_migrate run; keep that one
        manager.filter(app_label=source, model=model).update(app_label=target)


def content_types_forward(apps, schema_editor):
    _content_types(apps, schema_editor, forward=True)


def content_types_backward(apps, schema_editor):
    _content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisation", "0001_initial"),
        # The tables this migration takes over exist from these on.
        ("requests_desk", "0001_initial"),
        ("roster", "0006_integrity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Absence",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("leave", "Leave"), ("training", "Training"), ("sick", "Sick"), ("other", "Other")], max_length=16, verbose_name="kind")),
                        ("start", models.DateTimeField(verbose_name="start")),
                        ("end", models.DateTimeField(blank=True, null=True, verbose_name="end")),
                        ("expected_end", models.DateTimeField(blank=True, null=True, verbose_name="expected end")),
                        ("source", models.CharField(blank=True, max_length=64, verbose_name="source")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("created_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="absences_created", to=settings.AUTH_USER_MODEL)),
                        ("officer", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="absences", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "roster_absence",
                        "verbose_name": "absence",
                        "verbose_name_plural": "absences",
                        "ordering": ["start", "id"],
                        "indexes": [models.Index(fields=["officer", "start"], name="absence_officer_start")],
                        "constraints": [models.CheckConstraint(condition=models.Q(("end__isnull", True), ("end__gt", models.F("start")), _connector="OR"), name="absence_end_after_start"), models.CheckConstraint(condition=models.Q(("expected_end__isnull", True), ("expected_end__gt", models.F("start")), _connector="OR"), name="absence_expected_end_after_start")],
                    },
                ),
                migrations.CreateModel(
                    name="Delegation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("start_date", models.DateField(verbose_name="from")),
                        ("end_date", models.DateField(verbose_name="until")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("approver", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="delegations", to=settings.AUTH_USER_MODEL)),
                        ("substitute", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="substitutions", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "requests_desk_delegation",
                        "verbose_name": "delegation",
                        "verbose_name_plural": "delegations",
                        "ordering": ["start_date", "id"],
                        "constraints": [models.CheckConstraint(condition=models.Q(("end_date__gte", models.F("start_date"))), name="delegation_range"), models.CheckConstraint(condition=models.Q(("approver", models.F("substitute")), _negated=True), name="delegation_not_self")],
                    },
                ),
            ],
        ),
        # Rename the tables to organisation's names (rows, ids and foreign keys stay).
        migrations.AlterModelTable(name="absence", table=None),
        migrations.AlterModelTable(name="delegation", table=None),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
