"""The notifications app takes over Notification and NotificationPreference (issue #13).

State only: the tables already exist. The desk created them (`requests_desk` 0001), gave a
notification its generic subject reference (0003) and renamed them to this app's names (0004),
so this migration depends on that one. It is the only link between the two apps' histories
and a historical one: no code of this app imports the desk, and a squash of both apps'
migrations can drop it. A fresh database runs the same path.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('requests_desk', '0004_move_notifications_out'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='NotificationPreference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.BooleanField(default=True, verbose_name='e-mail')),
                        ('push', models.BooleanField(default=True, verbose_name='push')),
                        ('quiet_start_hour', models.PositiveSmallIntegerField(default=23, verbose_name='quiet hours start')),
                        ('quiet_end_hour', models.PositiveSmallIntegerField(default=7, verbose_name='quiet hours end')),
                        ('officer', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preference', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'notification preference',
                        'verbose_name_plural': 'notification preferences',
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=40, verbose_name='kind')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('body', models.TextField(blank=True, verbose_name='body')),
                        ('subject_kind', models.CharField(blank=True, default='', max_length=40, verbose_name='subject kind')),
                        ('subject_id', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='subject id')),
                        ('subject_url', models.CharField(blank=True, default='', max_length=200, verbose_name='subject URL')),
                        ('urgent', models.BooleanField(default=False, verbose_name='urgent')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                        ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='e-mailed at')),
                        ('pushed_at', models.DateTimeField(blank=True, null=True, verbose_name='pushed at')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['recipient', 'read_at'], name='notification_unread'), models.Index(fields=['subject_kind', 'subject_id'], name='notification_subject')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
