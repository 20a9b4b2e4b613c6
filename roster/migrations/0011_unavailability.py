"""The team's limit on its officers' own unavailability and the reasons they give (issue 14)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0004_absence_kind_unavailable'),
        ('roster', '0010_team_absence_policy'),
    ]

    operations = [
        migrations.AddField(
            model_name='teamabsencepolicy',
            name='unavailability_max_days_per_period',
            field=models.PositiveSmallIntegerField(default=4, help_text='Local days an officer may mark himself unavailable in one period; a time range counts as each day it touches. 0: not allowed.', validators=[django.core.validators.MaxValueValidator(31)], verbose_name='unavailability: at most days per period'),
        ),
        migrations.CreateModel(
            name='UnavailabilityReason',
            fields=[
                ('absence', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='unavailability_reason', serialize=False, to='organisation.absence')),
                ('text', models.CharField(max_length=200, verbose_name='reason')),
            ],
            options={
                'verbose_name': 'reason for unavailability',
                'verbose_name_plural': 'reasons for unavailability',
                'constraints': [models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='unavailability_reason_not_empty')],
            },
        ),
    ]
