"""Preferences and quiet hours."""

import pytest

from notifications.models import NotificationPreference
from notifications.services.preferences import in_quiet_hours, preference_update

pytestmark = pytest.mark.django_db


def test_push_is_held_in_quiet_hours_unless_urgent(officer, settings) -> None:
    pref = NotificationPreference(officer=officer)
    assert in_quiet_hours(pref, 23)
    assert in_quiet_hours(pref, 6)
    assert not in_quiet_hours(pref, 7)


@pytest.mark.parametrize(
    ("start", "end", "hour", "quiet"),
    [
        (22, 6, 21, False),
        (22, 6, 22, True),
        (22, 6, 5, True),
        (22, 6, 6, False),
        (1, 5, 1, True),
        (1, 5, 5, False),
        (7, 7, 7, False),
    ],
)
def test_quiet_hours_boundaries(start: int, end: int, hour: int, quiet: bool) -> None:
    pref = NotificationPreference(quiet_start_hour=start, quiet_end_hour=end)
    assert in_quiet_hours(pref, hour) is quiet


def test_preference_update_creates_then_changes_one_row(officer) -> None:
    preference_update(actor=officer, email=True, push=False, quiet_start_hour=22, quiet_end_hour=6)
    pref = preference_update(
        actor=officer, email=False, push=True, quiet_start_hour=0, quiet_end_hour=0
    )
    assert NotificationPreference.objects.get() == pref
    assert (pref.email, pref.push, pref.quiet_start_hour) == (False, True, 0)
