"""A notification points at its subject by a generic reference instead of a foreign key to
the desk's Request (issue #13), so that the notifications app can leave the desk.

Existing rows keep their link: `request_id` becomes kind "request", the request's id and its
API URL (`/api/v1/requests/<id>/`, spelled out here because a migration must not follow later
changes of the URL conf). Reversible: going back restores `request_id` for requests that still
exist.
"""

from django.db import migrations, models
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat

REQUEST = "request"


def fill_subject_from_request(apps, schema_editor):
    Notification = apps.get_model("requests_desk", "Notification")
    Notification.objects.using(schema_editor.connection.alias).filter(
        request_id__isnull=False
    ).update(
        subject_kind=REQUEST,
        subject_id=F("request_id"),
        subject_url=Concat(
            Value("/api/v1/requests/"),
            Cast("request_id", output_field=CharField()),
            Value("/"),
            output_field=CharField(),
        ),
    )


def restore_request_from_subject(apps, schema_editor):
    Notification = apps.get_model("requests_desk", "Notification")
    Request = apps.get_model("requests_desk", "Request")
    db = schema_editor.connection.alias
    Notification.objects.using(db).filter(
        subject_kind=REQUEST, subject_id__in=Request.objects.using(db).values("pk")
    ).update(request_id=F("subject_id"))


class Migration(migrations.Migration):

    dependencies = [
        ('requests_desk', '0002_absence_delegation_to_organisation'),
    ]

    operations = [
        migrations.AddField(
            model_name='notification',
            name='subject_kind',
            field=models.CharField(blank=True, default='', max_length=40, verbose_name='subject kind'),
        ),
        migrations.AddField(
            model_name='notification',
            name='subject_id',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name='subject id'),
        ),
        migrations.AddField(
            model_name='notification',
            name='subject_url',
            field=models.CharField(blank=True, default='', max_length=200, verbose_name='subject URL'),
        ),
        migrations.RunPython(fill_subject_from_request, restore_request_from_subject),
        migrations.RemoveField(
            model_name='notification',
            name='request',
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['subject_kind', 'subject_id'], name='notification_subject'),
        ),
    ]
