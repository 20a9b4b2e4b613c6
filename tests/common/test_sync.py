"""Sync: a client that applies `changes/` deltas keeps the same copy as a full re-read.

The scripted day: the officer signs up for shifts of an open period, gives away his night
shift on the night the clocks go forward (a swap his team lead approves in the inbox), reports
sick (places freed, a repair suggestion for the planner), a notification is deleted, and the
planner publishes the next period. After each step every client syncs by delta; at the end
(and after each step) its copy equals the full list read page by page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from common.models import SyncSnapshot
from common.sync import purge_snapshots
from notifications.models import Notification
from roster.models import Assignment, Phase, Swap, TeamAbsencePolicy, TeamSwapPolicy
from roster.services.publication import roster_publish
from tests.factories.notifications import NotificationFactory
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware
from tests.requests_desk.conftest import catalogue
from tests.requests_desk.test_absence_lifecycle import _sick
from tests.requests_desk.test_workflow import _file

__all__ = ["catalogue"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def _today() -> dt.date:
    return timezone.localdate()


def _at(offset: int, hour: int = 7) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(_today() + dt.timedelta(days=offset), dt.time(hour))
    )


def _by_id(item: dict[str, Any]) -> str:
    return str(item["id"])


def _by_kind_and_id(item: dict[str, Any]) -> str:
    return f"{item['kind']}:{item['id']}"


class LocalCopy:
    """What the app keeps: items by key, and the token of its last sync."""

    def __init__(self, client: Any, path: str, key: Any = _by_id, **params: str) -> None:
        self.client, self.path, self.params, self.key = client, path, params, key
        self.items: dict[str, dict[str, Any]] = {}
        self.token: str | None = None
        self.removed_seen: list[dict[str, Any]] = []

    def sync(self) -> dict[str, Any]:
        params = dict(self.params)
        if self.token is not None:
            params["changed_since"] = self.token
        response = self.client.get(f"{self.path}changes/", params)
        assert response.status_code == 200, response.data
        body = response.data
        if body["reset"]:
            self.items = {}
        for item in body["changed"]:
            self.items[self.key(item)] = item
        for gone in body["removed"]:
            self.items.pop(self.key(gone), None)
        self.removed_seen += body["removed"]
        self.token = body["sync_token"]
        return body

    def full_read(self) -> dict[str, dict[str, Any]]:
        """The list read from scratch, page by page (cursor mode)."""
        items, cursor = {}, ""
        while cursor is not None:
            page = self.client.get(self.path, {**self.params, "cursor": cursor, "page_size": 2})
            assert page.status_code == 200, page.data
            items.update({self.key(i): dict(i) for i in page.data["results"]})
            nxt = page.data["next"]
            cursor = None if nxt is None else _cursor(nxt)
        return items

    def assert_equal_to_full_read(self) -> None:
        full = self.full_read()
        assert {k: dict(v) for k, v in self.items.items()} == full


def _cursor(url: str) -> str:
    from tests.common.test_cursor_pagination import _cursor_of

    cursor = _cursor_of(url)
    assert cursor is not None
    return cursor


@pytest.fixture
def day(catalogue, team, officer, colleague, team_lead, planner, basis):
    """This month (the sick report's), the weeks around the night the clocks go forward
    (28 March 2027, with the officer's night shift) and the period after it, proposed; an
    open period to sign up for; swaps need the lead's approval."""
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    TeamAbsencePolicy.objects.create(team=team, sick_margin_days=2)  # frees tomorrow's place
    month = PeriodFactory(
        team=team,
        phase=Phase.PUBLISHED,
        start_date=_today() - dt.timedelta(days=1),
        end_date=_today() + dt.timedelta(days=27),
    )
    for offset in (1, 2, 9):
        shift = ShiftFactory(period=month, start=_at(offset), end=_at(offset, 15))
        AssignmentFactory(officer=officer, shift=shift, skill=basis)
    dst = PeriodFactory(
        team=team, phase=Phase.PUBLISHED, start_date=dt.date(2027, 3, 22),
        end_date=dt.date(2027, 3, 28),
    )  # fmt: skip
    night = ShiftFactory(
        period=dst, start=aware(2027, 3, 27, 23, 0), end=aware(2027, 3, 28, 7, 0)
    )  # 7 hours: the clocks skip 02:00-03:00
    assert night.end.astimezone(dt.UTC) - night.start.astimezone(dt.UTC) == dt.timedelta(hours=7)
    given = AssignmentFactory(officer=officer, shift=night, skill=basis)
    early = ShiftFactory(period=dst, start=aware(2027, 3, 24, 7, 0), end=aware(2027, 3, 24, 15, 0))
    AssignmentFactory(officer=officer, shift=early, skill=basis)
    nxt = PeriodFactory(
        team=team, phase=Phase.PROPOSED, start_date=dt.date(2027, 3, 29),
        end_date=dt.date(2027, 4, 18),
    )  # fmt: skip
    for day_ in (30, 31):
        shift = ShiftFactory(
            period=nxt, start=aware(2027, 3, day_, 7, 0), end=aware(2027, 3, day_, 15, 0)
        )
        AssignmentFactory(officer=officer, shift=shift, skill=basis)
    open_period = PeriodFactory(
        team=team, phase=Phase.SIGNUP_OPEN, start_date=dt.date(2027, 5, 3),
        end_date=dt.date(2027, 5, 30),
    )  # fmt: skip
    to_sign = [
        ShiftFactory(
            period=open_period, start=aware(2027, 5, d, 7, 0), end=aware(2027, 5, d, 15, 0)
        )
        for d in (4, 5)
    ]
    for n in range(3):
        NotificationFactory(recipient=officer, title=f"Earlier {n}")
    return {"given": given, "next": nxt, "to_sign": to_sign}


def test_a_client_applying_deltas_keeps_the_same_copy_as_a_full_reread(
    day, team, officer, colleague, team_lead, planner, api_client_for,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    me, lead, plans = api_client_for(officer), api_client_for(team_lead), api_client_for(planner)
    this_month = {"start": (_today() - dt.timedelta(days=1)).isoformat()}
    this_month["end"] = (_today() + dt.timedelta(days=27)).isoformat()
    copies = {
        "roster now": LocalCopy(me, "/api/v1/me/roster/", **this_month),
        "roster spring": LocalCopy(me, "/api/v1/me/roster/", start="2027-03-22", end="2027-04-18"),
        "requests": LocalCopy(me, "/api/v1/requests/"),
        "notifications": LocalCopy(me, "/api/v1/notifications/"),
        "lead inbox": LocalCopy(lead, "/api/v1/inbox/", _by_kind_and_id),
        "planner inbox": LocalCopy(plans, "/api/v1/inbox/", _by_kind_and_id),
    }

    def sync_all() -> dict[str, dict[str, Any]]:
        answers = {name: copy.sync() for name, copy in copies.items()}
        for name, copy in copies.items():
            assert {k: dict(v) for k, v in copy.items.items()} == copy.full_read(), name
        return answers

    # given: the initial load is a reset holding each whole list
    first = sync_all()
    assert all(a["reset"] for a in first.values())
    assert len(copies["roster spring"].items) == 2  # the proposed period is not shown yet
    assert len(copies["notifications"].items) == 3

    # when: the officer signs up for two shifts of the open period (none of these lists)
    signed = me.post(
        "/api/v1/signups/",
        {"signups": [{"shift": s.pk, "wish": "want"} for s in day["to_sign"]]},
        format="json",
    )
    assert signed.status_code == 200, signed.data
    after_signups = sync_all()
    assert not any(a["reset"] for a in after_signups.values())
    assert all(a["changed"] == [] and a["removed"] == [] for a in after_signups.values())

    # when: he gives his DST night shift away; the colleague accepts; the lead approves it
    offered = me.post(
        "/api/v1/swaps/",
        {"kind": "give_away", "assignment": day["given"].pk, "receiver": colleague.pk},
        format="json",
    )
    assert offered.status_code == 201, offered.data
    swap_id = offered.data["id"]
    accepted = api_client_for(colleague).post(f"/api/v1/swaps/{swap_id}/accept/")
    assert accepted.status_code == 200, accepted.data
    waiting = sync_all()
    assert [(i["kind"], i["id"]) for i in waiting["lead inbox"]["changed"]] == [("swap", swap_id)]
    with django_capture_on_commit_callbacks(execute=True):
        approved = lead.post(f"/api/v1/inbox/swap/{swap_id}/approve/", {}, format="json")
    assert approved.status_code == 200, approved.data
    assert Swap.objects.get(pk=swap_id).status == "approved"
    done = sync_all()
    # then: the swap left the lead's inbox and the night left the officer's roster: tombstones
    assert done["lead inbox"]["removed"] == [{"kind": "swap", "id": swap_id}]
    assert done["roster spring"]["removed"] == [{"id": day["given"].pk}]
    assert not Assignment.objects.filter(officer=officer, shift=day["given"].shift).exists()

    # when: he reports sick from yesterday, expected back today (places freed, planner told)
    with django_capture_on_commit_callbacks(execute=True):
        filed = _file(me, "sick_report", _sick())
    assert filed.status_code == 201, filed.data
    sick = sync_all()
    assert [r["id"] for r in sick["requests"]["changed"]] == [filed.data["id"]]
    assert sick["roster now"]["removed"], "a place in the sick days was freed"
    assert [i["kind"] for i in sick["planner inbox"]["changed"]] == ["repair"]

    # when: a notification is deleted and the planner publishes the next period
    gone = Notification.objects.filter(recipient=officer).order_by("id").first()
    assert gone is not None
    gone_id = gone.pk
    gone.delete()
    with django_capture_on_commit_callbacks(execute=True):
        roster_publish(actor=planner, period=day["next"])
    published = sync_all()
    # then: the new places arrive, the deleted notification is a tombstone
    assert len(published["roster spring"]["changed"]) == 2
    assert published["notifications"]["removed"] == [{"id": gone_id}]
    assert len(copies["roster spring"].items) == 3  # early shift + the two published

    # when: the planner dismisses the repair suggestion from his inbox
    repair_id = sick["planner inbox"]["changed"][0]["id"]
    dismissed = plans.post(
        f"/api/v1/inbox/repair/{repair_id}/reject/", {"comment": "covered"}, format="json"
    )
    assert dismissed.status_code == 200, dismissed.data
    assert sync_all()["planner inbox"]["removed"] == [{"kind": "repair", "id": repair_id}]

    # and: at the end every copy equals a full re-read, and no answer was a reset after the
    # first, so each client received only deltas all day
    for name, copy in copies.items():
        copy.assert_equal_to_full_read()
        assert copy.removed_seen or name in {"requests"}, name


def test_the_tombstone_of_a_sick_freed_place_names_only_its_id(
    day, officer, api_client_for, django_capture_on_commit_callbacks
):
    me = api_client_for(officer)
    start, end = (
        (_today() - dt.timedelta(days=1)).isoformat(),
        (_today() + dt.timedelta(days=27)).isoformat(),
    )
    copy = LocalCopy(me, "/api/v1/me/roster/", start=start, end=end)
    copy.sync()
    with django_capture_on_commit_callbacks(execute=True):
        assert _file(me, "sick_report", _sick()).status_code == 201
    body = copy.sync()
    assert body["removed"]
    assert all(set(r) == {"id"} for r in body["removed"])


NOTIFICATION_CHANGES = "/api/v1/notifications/changes/"


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2027-01-01T10:00:00",
        "2027-13-01T10:00:00Z",
        "",
        "2027-01-01 10:00",
        "0001-01-01T00:00:00+14:00",
    ],
)
def test_changed_since_that_is_not_an_aware_iso_time_is_a_400_naming_it(
    officer, api_client_for, value
):
    before = SyncSnapshot.objects.count()
    response = api_client_for(officer).get(NOTIFICATION_CHANGES, {"changed_since": value})
    assert response.status_code == 400
    assert list(response.data["fields"]) == ["changed_since"]
    assert SyncSnapshot.objects.count() == before  # nothing saved


def test_roster_changes_need_a_valid_range_and_take_no_page(officer, api_client_for):
    client = api_client_for(officer)
    missing = client.get("/api/v1/me/roster/changes/", {"end": "2027-01-31"})
    assert missing.status_code == 400
    assert "start" in missing.data["fields"]
    paged = client.get(
        "/api/v1/me/roster/changes/", {"start": "2027-01-01", "end": "2027-01-31", "page": "2"}
    )
    assert paged.status_code == 400
    assert "page" in paged.data["fields"]
    assert not SyncSnapshot.objects.exists()


def test_another_users_token_never_shows_his_tombstones(officer, colleague, api_client_for):
    # given: the officer synced his notifications, then one of them was deleted
    gone = NotificationFactory(recipient=officer, title="Officer's own")
    token = api_client_for(officer).get(NOTIFICATION_CHANGES).data["sync_token"]
    gone_id = gone.pk
    gone.delete()
    NotificationFactory(recipient=colleague, title="Colleague's own")
    # when: the colleague uses the officer's token
    body = api_client_for(colleague).get(NOTIFICATION_CHANGES, {"changed_since": token}).data
    # then: a reset with his own list only; the officer's tombstone is not his to see
    assert body["reset"] is True
    assert body["removed"] == []
    assert [n["title"] for n in body["changed"]] == ["Colleague's own"]
    # and: the officer does get it
    mine = api_client_for(officer).get(NOTIFICATION_CHANGES, {"changed_since": token}).data
    assert (mine["reset"], mine["removed"]) == (False, [{"id": gone_id}])


def test_polling_an_unchanged_list_hands_out_the_same_token_and_stores_nothing(
    officer, api_client_for, django_assert_num_queries
):
    NotificationFactory(recipient=officer)
    client = api_client_for(officer)
    token = client.get(NOTIFICATION_CHANGES).data["sync_token"]
    # user, the list, the snapshot asked for, the newest snapshot
    with django_assert_num_queries(4):
        again = client.get(NOTIFICATION_CHANGES, {"changed_since": token}).data
    assert (again["sync_token"], again["changed"], again["removed"]) == (token, [], [])
    assert SyncSnapshot.objects.count() == 1


def test_a_read_notification_is_sent_again_with_its_new_state(officer, api_client_for):
    n = NotificationFactory(recipient=officer)
    client = api_client_for(officer)
    token = client.get(NOTIFICATION_CHANGES).data["sync_token"]
    assert client.post(f"/api/v1/notifications/{n.pk}/read/").status_code == 200
    body = client.get(NOTIFICATION_CHANGES, {"changed_since": token}).data
    assert [i["id"] for i in body["changed"]] == [n.pk]
    assert body["changed"][0]["read_at"] is not None


def test_old_snapshots_are_purged_and_their_token_gets_a_reset(officer, api_client_for, settings):
    settings.SYNC_SNAPSHOTS_KEPT = 2
    client = api_client_for(officer)
    tokens = []
    for _ in range(3):  # three changes: three snapshots, the oldest dropped
        NotificationFactory(recipient=officer)
        tokens.append(client.get(NOTIFICATION_CHANGES).data["sync_token"])
    assert SyncSnapshot.objects.count() == 2
    assert client.get(NOTIFICATION_CHANGES, {"changed_since": tokens[0]}).data["reset"] is True
    assert client.get(NOTIFICATION_CHANGES, {"changed_since": tokens[2]}).data["reset"] is False
    # and: past SYNC_SNAPSHOT_MAX_AGE_DAYS the purge removes them
    later = timezone.now() + dt.timedelta(days=settings.SYNC_SNAPSHOT_MAX_AGE_DAYS + 1)
    assert purge_snapshots(now=later) == 2
    assert client.get(NOTIFICATION_CHANGES, {"changed_since": tokens[2]}).data["reset"] is True
