"""A team's roster as iCalendar: one event per placement, with the officer's name."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from roster.models import Assignment
from roster.rules import DEFAULT_TZ

ZONE = ZoneInfo(DEFAULT_TZ)


def team_roster_ics(assignments: Iterable[Assignment], *, name: str) -> bytes:
    """A VCALENDAR (RFC 5545, TZID Europe/Amsterdam) of a team's placements."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//samenroosteren//console team roster//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", DEFAULT_TZ)
    stamp = timezone.now()
    host = (settings.ALLOWED_HOSTS or ["samenroosteren"])[0].lstrip(".") or "samenroosteren"
    for a in assignments:
        shift = a.shift
        who = a.officer.get_full_name() or a.officer.username
        event = icalendar.Event()
        event.add("uid", f"team-assignment-{a.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", shift.start.astimezone(ZONE))
        event.add("dtend", shift.end.astimezone(ZONE))
        event.add("summary", f"{who}: {shift.get_kind_display()} ({a.skill.code})")
        event.add("categories", [str(shift.kind)])
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
