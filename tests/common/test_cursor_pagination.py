"""Cursor (keyset) pages: a list that changes between two pages neither repeats nor skips."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from common.cursor import queryset_page
from notifications.models import Notification
from tests.factories.notifications import NotificationFactory
from tests.factories.organisation import AbsenceFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/v1/notifications/"


def _cursor_of(next_url: str | None) -> str | None:
    if next_url is None:
        return None
    return parse_qs(urlparse(next_url).query)["cursor"][0]


def _walk(client, path, page_size, between=None, **params):
    """Every page of `path` in cursor mode; `between(n)` runs after page n."""
    seen, cursor, pages = [], "", 0
    while cursor is not None:
        response = client.get(path, {**params, "cursor": cursor, "page_size": page_size})
        assert response.status_code == 200, response.data
        seen += [row["id"] for row in response.data["results"]]
        assert response.data["previous"] is None
        cursor = _cursor_of(response.data["next"])
        pages += 1
        if between is not None:
            between(pages)
    return seen, pages


def test_a_list_that_changes_between_pages_neither_repeats_nor_skips(officer, api_client_for):
    # given: six notifications, newest first
    rows = [NotificationFactory(recipient=officer) for _ in range(6)]
    kept = {n.pk for n in rows} - {rows[2].pk}
    added: list[int] = []

    def meanwhile(page: int) -> None:
        if page == 1:  # after the first page: two new ones on top, one further down removed
            added.extend(NotificationFactory(recipient=officer).pk for _ in range(2))
            Notification.objects.filter(pk=rows[2].pk).delete()

    # when: the officer walks the list two at a time
    seen, _ = _walk(api_client_for(officer), NOTIFICATIONS, 2, between=meanwhile)
    # then: every item present throughout is seen exactly once; the new ones on top are not
    # (they come first in the next walk or in a delta), the removed one is not
    assert len(seen) == len(set(seen))
    assert set(seen) == kept
    assert not set(added) & set(seen)


def test_page_numbers_repeat_an_item_where_the_cursor_does_not(officer, api_client_for):
    # given: four notifications, read two at a time by page number
    for _ in range(4):
        NotificationFactory(recipient=officer)
    client = api_client_for(officer)
    first = client.get(NOTIFICATIONS, {"page_size": 2}).data["results"]
    NotificationFactory(recipient=officer)  # a new one on top
    second = client.get(NOTIFICATIONS, {"page_size": 2, "page": 2}).data["results"]
    # then: page numbers show the last of page 1 again (why apps should use the cursor)
    assert first[-1]["id"] == second[0]["id"]


def test_items_with_the_same_time_are_ordered_by_id_and_each_seen_once(officer, api_client_for):
    # given: five notifications created at the very same instant
    ids = [NotificationFactory(recipient=officer).pk for _ in range(5)]
    Notification.objects.filter(pk__in=ids).update(created_at=timezone.now())
    # when
    seen, pages = _walk(api_client_for(officer), NOTIFICATIONS, 2)
    # then: newest-first ties broken by id, descending
    assert seen == sorted(ids, reverse=True)
    assert pages == 3


def test_response_keeps_the_page_shape_with_the_count(officer, api_client_for):
    for _ in range(3):
        NotificationFactory(recipient=officer)
    response = api_client_for(officer).get(NOTIFICATIONS, {"cursor": "", "page_size": 2})
    assert set(response.data) == {"count", "next", "previous", "results"}
    assert response.data["count"] == 3
    assert "cursor=" in response.data["next"]
    assert "page=" not in response.data["next"]


def test_nullable_sort_fields_sort_last_and_page_without_gaps(officer):
    # given: notifications ordered by read time (nullable): two read at one time, three unread
    rows = [NotificationFactory(recipient=officer) for _ in range(5)]
    read_at = timezone.now()
    Notification.objects.filter(pk__in=[rows[1].pk, rows[3].pk]).update(read_at=read_at)
    qs = Notification.objects.filter(recipient=officer).order_by("read_at", "id")
    # when: paged one at a time
    seen, raw = [], ""
    while True:
        page = queryset_page(qs, raw=raw, path="/x/", page_size=1)
        seen += [n.pk for n in page.items]
        if page.next_cursor is None:
            break
        raw = page.next_cursor
    # then: read ones first (by id), then the unread (nulls last), each once
    assert seen == [rows[1].pk, rows[3].pk, rows[0].pk, rows[2].pk, rows[4].pk]


def test_my_roster_pages_by_shift_start_across_the_dst_night(officer, basis, api_client_for):
    # given: published places around the night the clocks go back (31 October 2027)
    period = PeriodFactory(
        team=officer.teams.first(), phase="published", start_date=dt.date(2027, 10, 25)
    )
    starts = [aware(2027, 10, 30, 22, 0), aware(2027, 10, 31, 1, 0), aware(2027, 10, 31, 22, 0)]
    ids = [
        AssignmentFactory(
            officer=officer, skill=basis, shift=ShiftFactory(period=period, start=start)
        ).pk
        for start in starts
    ]
    # when
    seen, _ = _walk(
        api_client_for(officer), "/api/v1/me/roster/", 1, start="2027-10-25", end="2027-11-07"
    )
    # then
    assert seen == ids


def test_absences_page_by_cursor(officer, team_lead, api_client_for):
    ids = [
        AbsenceFactory(
            officer=officer, start=aware(2027, 2, d, 8, 0), end=aware(2027, 2, d, 17, 0)
        ).pk
        for d in (3, 1, 2)
    ]
    seen, _ = _walk(api_client_for(team_lead), "/api/v1/absences/", 2)
    assert seen == [ids[1], ids[2], ids[0]]


@pytest.mark.parametrize(
    ("params", "why"),
    [
        ({"cursor": "nonsense"}, "not signed"),
        ({"cursor": "", "page": "1"}, "page and cursor together"),
    ],
)
def test_a_bad_cursor_is_a_400_naming_cursor(officer, api_client_for, params, why):
    response = api_client_for(officer).get(NOTIFICATIONS, params)
    assert response.status_code == 400, why
    assert response.data["code"] == "invalid"
    assert "cursor" in response.data["fields"]


def test_a_cursor_of_another_list_or_altered_is_a_400(officer, api_client_for):
    for _ in range(3):
        NotificationFactory(recipient=officer)
    client = api_client_for(officer)
    cursor = _cursor_of(client.get(NOTIFICATIONS, {"cursor": "", "page_size": 1}).data["next"])
    other = client.get("/api/v1/requests/", {"cursor": cursor})
    assert other.status_code == 400
    assert "cursor" in other.data["fields"]
    altered = client.get(NOTIFICATIONS, {"cursor": cursor[:-2] + "xx"})
    assert altered.status_code == 400
    assert "cursor" in altered.data["fields"]


def test_a_cursor_of_another_user_shows_only_my_own_items(officer, colleague, api_client_for):
    # given: the officer's cursor, used by the colleague on the same list
    for _ in range(3):
        NotificationFactory(recipient=officer)
    mine = NotificationFactory(recipient=colleague, title="colleague's own")
    cursor = _cursor_of(
        api_client_for(officer).get(NOTIFICATIONS, {"cursor": "", "page_size": 1}).data["next"]
    )
    # when
    response = api_client_for(colleague).get(NOTIFICATIONS, {"cursor": cursor})
    # then: a position, never a key to someone else's rows
    assert response.status_code == 200
    assert {r["id"] for r in response.data["results"]} <= {mine.pk}


def test_open_shifts_are_paged_by_number_only(officer, api_client_for):
    response = api_client_for(officer).get("/api/v1/open-shifts/", {"cursor": ""})
    assert response.status_code == 400
    assert "cursor" in response.data["fields"]
