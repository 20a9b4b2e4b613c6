"""iCalendar feed of an officer's published shifts (RFC 5545, TZID Europe/Amsterdam), and
the hash that finds a feed by its secret token."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from roster.models import Assignment
from roster.rules import DEFAULT_TZ

ZONE = ZoneInfo(DEFAULT_TZ)


def token_hash(token: str) -> str:
    """What is stored of a feed token: its SHA-256 (the token itself is shown once)."""
    return hashlib.sha256(token.encode()).hexdigest()


def roster_ics(assignments: Iterable[Assignment], *, name: str, team_roster: bool = False) -> bytes:
    """A VCALENDAR with one VEVENT per assignment in local time, plus the VTIMEZONE.

    `team_roster`: a team's roster (the console's export) rather than one officer's feed:
    every event names its officer and carries the shift kind as its category."""
    cal = icalendar.Calendar()
    cal.add(
        "prodid", f"-//samenroosteren//{'console team roster' if team_roster else 'roster'}//NL"
    )
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", DEFAULT_TZ)
    stamp = timezone.now()
    host = (settings.ALLOWED_HOSTS or ["samenroosteren"])[0].lstrip(".") or "samenroosteren"
    for a in assignments:
        shift = a.shift
        event = icalendar.Event()
        event.add("dtstamp", stamp)
        event.add("dtstart", shift.start.astimezone(ZONE))
        event.add("dtend", shift.end.astimezone(ZONE))
        if team_roster:
            who = a.officer.get_full_name() or a.officer.username
            event.add("uid", f"team-assignment-{a.pk}@{host}")
            event.add("summary", f"{who}: {shift.get_kind_display()} ({a.skill.code})")
            event.add("categories", [str(shift.kind)])
        else:
            event.add("uid", f"assignment-{a.pk}@{host}")
            event.add("summary", f"{shift.get_kind_display()} ({a.skill.code}) {shift.team.name}")
        cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
