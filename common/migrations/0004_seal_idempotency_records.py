"""Idempotency records keep an HMAC of the key and an encrypted body (issue #16).

Records written before this hold the key and the body in clear: they are deleted (they live at
most IDEMPOTENCY_KEY_TTL_HOURS; a client retrying one of them after the upgrade has its POST
carried out again, as after the TTL).
"""

from django.db import migrations, models


def delete_clear_records(apps, schema_editor):
    apps.get_model("common", "IdempotencyRecord").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("common", "0003_api_audit_record")]

    operations = [
        migrations.RunPython(delete_clear_records, migrations.RunPython.noop),
        migrations.RemoveField(model_name="idempotencyrecord", name="response_body"),
        migrations.AddField(
            model_name="idempotencyrecord",
            name="sealed_body",
            field=models.TextField(blank=True, help_text="The response body, encrypted."),
        ),
        migrations.AlterField(
            model_name="idempotencyrecord",
            name="key",
            field=models.CharField(help_text="HMAC-SHA256 of the client's key.", max_length=255),
        ),
    ]
