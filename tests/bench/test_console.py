"""``python -m bench.console``: the console grid benchmark runs end to end on a tiny team."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from bench.console.grid import Command


@pytest.mark.django_db(transaction=True)  # the solve starts on commit
def test_bench_console_builds_solves_and_times_the_grid(settings: Any, eager_celery: None) -> None:
    # Given an empty database and no broker (the bench solves eagerly)
    settings.CELERY_BROKER_URL = ""
    out = StringIO()

    # When the bench runs on a tiny team (it changes settings: keep that inside this test)
    with override_settings():
        call_command(Command(), officers=8, days=14, renders=2, solve_seconds=1.0, stdout=out)

    # Then it reports the solve and the render figures
    text = out.getvalue()
    assert "solve job" in text
    assert "console grid 8 officers x 14 days" in text
    assert "over 2 renders" in text
