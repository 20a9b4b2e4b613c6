"""iCalendar feed of an officer's published shifts (RFC 5545, TZID Europe/Amsterdam)."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from roster.models import Assignment
from roster.rules import DEFAULT_TZ

ZONE = ZoneInfo(DEFAULT_TZ)


def roster_ics(assignments: Iterable[Assignment], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per assignment in local time, plus the VTIMEZONE."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//samenroosteren//roster//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", DEFAULT_TZ)
    stamp = timezone.now()
    host = (settings.ALLOWED_HOSTS or ["samenroosteren"])[0].lstrip(".") or "samenroosteren"
    for a in assignments:
        shift = a.shift
        event = icalendar.Event()
        event.add("uid", f"assignment-{a.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", shift.start.astimezone(ZONE))
        event.add("dtend", shift.end.astimezone(ZONE))
        event.add("summary", f"{shift.get_kind_display()} ({a.skill.code}) {shift.team.name}")
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
