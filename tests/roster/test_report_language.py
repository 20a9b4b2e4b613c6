"""The solve report stores reason codes; each reader reads it in his own language, with
officers named (never solver ids), and an officer reads only what concerns him."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext_noop

from common.i18n import msg
from organisation.models import AbsenceKind, Officer
from roster.models import Phase, SolveJob
from roster.report_text import report_render
from roster.services.solving.jobs import solve_start
from roster.solve_report import report_for_officer
from tests.factories.organisation import AbsenceFactory
from tests.factories.roster import aware
from tests.roster.solve_fixtures import SmallPeriod, fast_solver, small_period

pytestmark = pytest.mark.django_db

__all__ = ["fast_solver"]  # a fixture

#: A solver id (o12, s7) standing as a word in a rendered text.
SOLVER_ID = re.compile(r"\b[os]\d+\b")
#: Why someone is absent, in any form and both languages.
KIND = re.compile(r"sick|ziek|request:", re.I)


@pytest.fixture
def solved(
    team: Any, basis: Any, planner: Officer, fast_solver: None, django_capture_on_commit_callbacks
) -> SmallPeriod:
    """The small period with Agent3 sick on the first day and that day's early shift asking
    five: solved with a shortfall, then published."""
    small = small_period(team, basis)
    AbsenceFactory(
        officer=small.officers[3],
        kind=AbsenceKind.SICK,
        start=aware(2027, 1, 4, 0, 0),
        end=None,
        expected_end=aware(2027, 1, 5, 0, 0),
        source="request:21",
    )
    small.shifts[0].demand = {"basis": 5}
    small.shifts[0].save(update_fields=["demand"])
    with django_capture_on_commit_callbacks(execute=True):
        solve_start(actor=planner, period=small.period)
    small.period.phase = Phase.PUBLISHED  # the officer's part is read once published
    small.period.save(update_fields=["phase"])
    return small


def _texts(body: dict[str, Any]) -> list[str]:
    """Every rendered explanation of a report body."""
    out = [line for s in body.get("shortfalls", []) for line in s["reasons"]]
    out += [w["text"] for rows in body.get("why", {}).values() for w in rows]
    out += [s["text"] for s in body.get("stages", [])]
    out += [c["text"] for c in body.get("changed_officers", [])]
    out += list(body.get("notes", []))
    return out


def _report(client, period_id: int, language: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/periods/{period_id}/report/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert KIND.findall(response.content.decode()) == []  # need-to-know, in both languages
    return response.json()


def test_the_planner_reads_the_same_report_in_dutch_and_in_english(
    solved: SmallPeriod, planner: Officer, api_client_for
) -> None:
    # given: one stored report, with codes and no sentences
    job = SolveJob.objects.get(period=solved.period)
    stored = job.report["shortfalls"][0]
    assert stored["causes"]["code"] == "empty"
    assert {c["code"] for c in stored["causes"]["officers"]} >= {"blocked"}
    # when: the planner reads it in English, then in Dutch
    client = api_client_for(planner)
    en = _report(client, solved.period.pk, "en")
    nl = _report(client, solved.period.pk, "nl")
    # then: the same reasons, each in its language, naming the officers
    sick = solved.officers[3].get_full_name()
    assert en["shortfalls"][0]["reasons"][0].startswith("2 of 5 place(s) for basis empty; ")
    assert nl["shortfalls"][0]["reasons"][0].startswith("2 van 5 plaats(en) voor basis leeg; ")
    assert f"{sick}: unavailable (absent)" in en["shortfalls"][0]["reasons"]
    assert f"{sick}: niet beschikbaar (afwezig)" in nl["shortfalls"][0]["reasons"]
    assert [s["name"] for s in en["stages"]] == [s["name"] for s in nl["stages"]]
    shortfall_en = next(s for s in en["stages"] if s["name"] == "shortfall")
    shortfall_nl = next(s for s in nl["stages"] if s["name"] == "shortfall")
    assert shortfall_en["text"].startswith("Empty places: 3")
    assert shortfall_nl["text"].startswith("Open plaatsen: 3")
    assert shortfall_en["value"] == 3
    night_en = [w["text"] for rows in en["why"].values() for w in rows]
    night_nl = [w["text"] for rows in nl["why"].values() for w in rows]
    assert all("night shift of " in t for t in night_en)
    assert all("nachtdienst van " in t for t in night_nl)
    # and never a solver id in a text
    for text in _texts(en) + _texts(nl):
        assert SOLVER_ID.findall(text) == [], text


def test_an_officer_reads_only_his_own_part_in_his_own_language(
    solved: SmallPeriod, api_client_for
) -> None:
    # given: Agent0 reads Dutch (his preference), while his phone asks for English
    me = solved.officers[0]
    me.language = "nl"
    me.save(update_fields=["language"])
    # when: he reads the report
    body = _report(api_client_for(me), solved.period.pk, "en")
    # then: his own part, in Dutch
    assert body["scope"] == "officer"
    assert set(body["why"]) == {f"o{me.pk}"}
    assert [r["name"] for r in body["officers"]] == [me.get_full_name()]
    assert all(w["text"].startswith("nachtdienst van ") for w in body["why"][f"o{me.pk}"])
    assert "shortfalls" not in body
    assert "coverage" not in body
    # and nobody else's name
    text = json.dumps(body)
    for other in solved.officers[1:]:
        assert other.get_full_name() not in text
        assert other.first_name not in text


def test_repair_changes_and_stages_render_with_names_and_bounds() -> None:
    # given: a stored repair report (codes only), as roster.solve_report writes it
    report = {
        "version": 2,
        "officers": [
            {"officer": "o1", "name": "Anna Bakker"},
            {"officer": "o2", "name": "Bram Smit"},
            {"officer": "o3", "name": "Cor Jansen"},
        ],
        "coverage": [
            {"shift": "s10", "start": "2027-03-27T23:00:00+01:00", "kind": "night"},
            {"shift": "s11", "start": "2027-03-28T23:00:00+02:00", "kind": "night"},
        ],
        "why": {},
        "stages": [
            {"name": "shortfall", "sense": "min", "value": 0, "bound": 0, "status": "optimal"},
            {"name": "changes", "sense": "min", "value": 2, "bound": 1, "status": "feasible"},
            {"name": "wishes", "sense": "max", "value": 50, "bound": None, "status": "not_run"},
        ],
        "changed_officers": [
            {
                "officer": "o1",
                "reason": "place_lost",
                "params": {"block": "unavailable", "lost": ["s10"]},
                "added": [],
                "removed": ["s10"],
            },
            {
                "officer": "o2",
                "reason": "covers_lost_place",
                "params": {"covers": ["s10"]},
                "added": ["s10"],
                "removed": ["s11"],
            },
            {"officer": "o3", "reason": "knock_on", "params": {}, "added": ["s11"], "removed": []},
        ],
        "notes": [
            msg(
                gettext_noop("%(count)d shift(s) start outside the period and are left out"),
                count=2,
            ).to_json(),
            "repair window: only days 1..3 may change",  # a solver note stored before codes
        ],
    }
    # when: read in English and in Dutch (the DST night of 28 March among the shifts)
    with translation.override("en"):
        en = report_render(report)
    with translation.override("nl"):
        nl = report_render(report)
    # then: officers named, shifts by day and local time, reasons in each language
    assert [c["text"] for c in en["changed_officers"]] == [
        "Anna Bakker: can no longer work night shift of Sat 27 Mar 23:00 (unavailable); "
        "removed: night shift of Sat 27 Mar 23:00",
        "Bram Smit: takes over night shift of Sat 27 Mar 23:00, where a place was lost; "
        "added: night shift of Sat 27 Mar 23:00; removed: night shift of Sun 28 Mar 23:00",
        "Cor Jansen: moved to make room for a cover or to keep the working-time rules; "
        "added: night shift of Sun 28 Mar 23:00",
    ]
    assert nl["changed_officers"][1]["text"].startswith("Bram Smit: neemt nachtdienst van za 27 ")
    assert [s["text"] for s in en["stages"]] == [
        "Empty places: 0, at least 0 possible (proven best)",
        "Changed assignments of others: 2, at least 1 possible (best found in time)",
        "Lowest want-grant rate: 50% (not run: no time left)",
    ]
    assert en["notes"] == [
        "2 shift(s) start outside the period and are left out",
        "repair window: only days 1..3 may change",
    ]
    assert nl["notes"][0] == "2 dienst(en) beginnen buiten de periode en blijven buiten beschouwing"
    assert nl["stages"][0]["text"] == "Open plaatsen: 0, minstens 0 mogelijk (bewezen het beste)"
    assert [c["name"] for c in nl["changed_officers"]] == ["Anna Bakker", "Bram Smit", "Cor Jansen"]
    # and an officer's cut holds his own change only
    mine = report_for_officer(en, "o2")
    assert [c["officer"] for c in mine["changed_officers"]] == ["o2"]
    assert "Anna Bakker" not in json.dumps(mine)


def test_a_report_stored_before_codes_keeps_its_texts() -> None:
    old = {"why": {"o1": [{"shift": "s1", "text": "night of Mon 04 Jan 23:00 as basis: ..."}]}}
    assert report_render(old) == old


def test_every_unavailability_reason_of_the_input_has_a_label() -> None:
    from organisation.need_to_know import ABSENT
    from roster.report_text import UNAVAILABLE_LABELS
    from roster.services.solving.input import MARKED_BY_OFFICER, NIGHT_EXEMPT, NOT_A_MEMBER

    assert set(UNAVAILABLE_LABELS) == {ABSENT, MARKED_BY_OFFICER, NIGHT_EXEMPT, NOT_A_MEMBER}
