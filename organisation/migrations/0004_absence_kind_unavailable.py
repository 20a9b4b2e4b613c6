"""Absence kind `unavailable`: the officer's own, filed in a sign-up window (issue 14)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0003_employment_terms'),
    ]

    operations = [
        migrations.AlterField(
            model_name='absence',
            name='kind',
            field=models.CharField(choices=[('leave', 'Leave'), ('training', 'Training'), ('sick', 'Sick'), ('other', 'Other'), ('unavailable', 'Unavailable')], max_length=16, verbose_name='kind'),
        ),
    ]
