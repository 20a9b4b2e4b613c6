"""Notification and NotificationPreference move to the `notifications` app (issue #13).

The tables and their rows stay: they are renamed to the new app's names here, while the
models still belong to the desk, and leave the desk's state without touching the database.
`notifications/migrations/0001_initial.py` adds them to the new app's state.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('requests_desk', '0003_notification_subject'),
    ]

    operations = [
        migrations.AlterModelTable(name='notification', table='notifications_notification'),
        migrations.AlterModelTable(
            name='notificationpreference', table='notifications_notificationpreference'
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Notification'),
                migrations.DeleteModel(name='NotificationPreference'),
            ],
            database_operations=[],
        ),
    ]
