"""The solver's notes and the wishes stage's levels read in the reader's language (nl/en):
the report stores codes and parameters (roster.solver.notes), roster.report_text renders them
with officers named and days as dates; a note stored as English text reads as it is."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from organisation.models import Officer
from roster.models import Assignment, AssignmentSource, SolveJob, SolveStatus
from roster.report_text import report_render, stage_text
from roster.services.publication import roster_publish
from roster.services.solving import run
from roster.services.solving.jobs import solve_start
from roster.services.solving.repair_apply import repair_apply
from roster.solver.__main__ import main as cli_main
from roster.solver.notes import NoteCode
from tests.factories.organisation import AbsenceFactory
from tests.factories.roster import aware
from tests.roster.solve_fixtures import fast_solver, small_period

__all__ = ["fast_solver"]  # a fixture

#: A solver id (o12, s7) standing as a word in a rendered text.
SOLVER_ID = re.compile(r"\b[os]\d+\b")
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

NOTES = [
    {
        "code": "pinned_break_rules",
        "params": {"officers": ["o1", "o2"], "rules": ["atw.daily_rest"]},
    },
    {"code": "pinned_break_rules", "params": {"officers": [], "rules": ["atw.weekly_rest"]}},
    {"code": "repair_nothing_lost", "params": {}},
    {
        "code": "repair_window",
        "params": {
            "lost_first": "2027-03-27",
            "lost_last": "2027-03-28",
            "change_first": "2027-03-26",
            "change_last": "2027-03-30",
        },
    },
    {
        "code": "repair_window",
        "params": {
            "lost_first": "2027-03-28",
            "lost_last": "2027-03-28",
            "change_first": "2027-03-27",
            "change_last": "2027-03-29",
        },
    },
    {"code": "no_time_for_search", "params": {"time_limit_s": 2.0}},
    {"code": "no_roster_in_time", "params": {"repair": True}},
    {"code": "no_roster_in_time", "params": {"repair": False}},
]

EN = [
    "The pinned assignments themselves break a working-time rule (daily rest) for "
    "Anna Bakker, Bram Smit; no roster was made.",
    "The pinned assignments themselves break a working-time rule (weekly rest); no roster "
    "was made.",
    "Repair: no place was lost and no place is empty; the roster is kept as it is.",
    "Repair: places were lost from Sat 27 Mar to Sun 28 Mar; only shifts from Fri 26 Mar to "
    "Tue 30 Mar may change.",
    "Repair: places were lost on Sun 28 Mar; only shifts from Sat 27 Mar to Mon 29 Mar may change.",
    "No time was left to search for a better roster after building the model (time limit "
    "2 s); the lawful starting roster is returned.",
    "The solver found no better roster in the time limit; the published roster minus the "
    "lost places, refilled within the rules, is returned.",
    "The solver found no better roster in the time limit; the lawful starting roster is returned.",
]

NL = [
    "De vastgezette plaatsingen breken zelf een arbeidstijdregel (dagelijkse rust) voor "
    "Anna Bakker, Bram Smit; er is geen rooster gemaakt.",
    "De vastgezette plaatsingen breken zelf een arbeidstijdregel (wekelijkse rust); er is "
    "geen rooster gemaakt.",
    "Herstel: er is geen plaats vervallen en geen plaats open; het rooster blijft zoals het is.",
    "Herstel: er zijn plaatsen vervallen van za 27 Mrt tot en met zo 28 Mrt; alleen diensten "
    "van vr 26 Mrt tot en met di 30 Mrt mogen wijzigen.",
    "Herstel: er zijn plaatsen vervallen op zo 28 Mrt; alleen diensten van za 27 Mrt tot en "
    "met ma 29 Mrt mogen wijzigen.",
    "Na het opbouwen van het model was er geen tijd meer om een beter rooster te zoeken "
    "(tijdslimiet 2 s); het rechtmatige startrooster wordt teruggegeven.",
    "De solver vond binnen de tijdslimiet geen beter rooster; het gepubliceerde rooster "
    "zonder de vervallen plaatsen, binnen de regels aangevuld, wordt teruggegeven.",
    "De solver vond binnen de tijdslimiet geen beter rooster; het rechtmatige startrooster "
    "wordt teruggegeven.",
]


def _report(notes: list[Any]) -> dict[str, Any]:
    return {
        "version": 2,
        "officers": [
            {"officer": "o1", "name": "Anna Bakker"},
            {"officer": "o2", "name": "Bram Smit"},
        ],
        "notes": notes,
    }


def _read(report: dict[str, Any], language: str) -> dict[str, Any]:
    with translation.override(language):
        return report_render(report)


def test_every_solver_note_reads_in_english_and_in_dutch_with_names_and_dates() -> None:
    # given: a stored report with every note code (the DST weekend of 28 March among the days)
    assert {n["code"] for n in NOTES} == set(NoteCode)
    report = _report(NOTES)
    # when: read in English and in Dutch
    en, nl = _read(report, "en"), _read(report, "nl")
    # then: each note in its language, officers named, days as dates, no solver id
    assert en["notes"] == EN
    assert nl["notes"] == NL
    for text in en["notes"] + nl["notes"]:
        assert SOLVER_ID.findall(text) == [], text
    # and the stored report keeps its codes
    assert report["notes"] == NOTES


def test_input_notes_old_text_notes_and_unknown_codes_still_read() -> None:
    # given: a report with an input note (a stored message), a solver note stored as English
    # text before codes, and a code this version does not know
    report = _report(
        [
            {
                "msgid": "%(count)d shift(s) start outside the period and are left out",
                "params": {"count": 2},
            },
            "repair: lost places on days 1..3; only days 0..4 may change",
            {"code": "some_later_code", "params": {"x": 1}},
            {"code": "repair_nothing_lost", "params": {}},
        ]
    )
    # when
    en, nl = _read(report, "en"), _read(report, "nl")
    # then
    assert en["notes"] == [
        "2 shift(s) start outside the period and are left out",
        "repair: lost places on days 1..3; only days 0..4 may change",
        "some_later_code",
        EN[2],
    ]
    assert nl["notes"][0] == "2 dienst(en) beginnen buiten de periode en blijven buiten beschouwing"
    assert nl["notes"][1:3] == en["notes"][1:3]
    assert nl["notes"][3] == NL[2]


WISHES = {
    "name": "wishes",
    "sense": "max",
    "value": 25,
    "bound": 55,
    "status": "feasible",
    "detail": {
        "rate_1": 25,
        "officers_1": 2,
        "rate_2": 33,
        "officers_2": 4,
        "rate_3": 50,
        "officers_3": 1,
    },
    "detail_bounds": {"rate_1": 55, "rate_2": 40},
}


def test_the_wishes_stage_names_its_leximin_levels_and_their_bounds() -> None:
    # when
    with translation.override("en"):
        en = stage_text(WISHES)
        unbounded = stage_text({**WISHES, "bound": None, "detail_bounds": {}, "status": "not_run"})
    with translation.override("nl"):
        nl = stage_text(WISHES)
    # then
    assert en == (
        "Lowest want-grant rate: 25% (2 officer(s), at most 55% possible), next 33% "
        "(4 officer(s), at most 40% possible), next 50% (1 officer(s)) (best found in time)"
    )
    assert unbounded == (
        "Lowest want-grant rate: 25% (2 officer(s)), next 33% (4 officer(s)), next 50% "
        "(1 officer(s)) (not run: no time left)"
    )
    assert nl == (
        "Laagste percentage gehonoreerde wensen: 25% (2 medewerker(s), hoogstens 55% "
        "mogelijk), daarna 33% (4 medewerker(s), hoogstens 40% mogelijk), daarna 50% "
        "(1 medewerker(s)) (het beste dat op tijd gevonden is)"
    )


def test_a_wishes_stage_without_levels_reads_as_before() -> None:
    stage = {"name": "wishes", "value": 50, "bound": 60, "status": "optimal"}
    with translation.override("en"):
        assert (
            stage_text(stage) == "Lowest want-grant rate: 50%, at most 60% possible (proven best)"
        )


def _run_job(planner: Officer, period: Any, captured: Any, mode: str = "normal") -> SolveJob:
    with captured(execute=True):
        job = solve_start(actor=planner, period=period, mode=mode)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_a_repair_job_and_the_command_line_give_the_same_notes_read_in_each_language(
    eager_celery,
    team,
    basis,
    planner,
    django_capture_on_commit_callbacks,
    monkeypatch,
    tmp_path,
    settings,
    api_client_for,
) -> None:
    # given: a published roster and its officer Agent0 sick from 3 to 8 January 2027
    small = small_period(team, basis)
    first = _run_job(planner, small.period, django_capture_on_commit_callbacks)
    assert first.status == SolveStatus.DONE, first.error
    roster_publish(actor=planner, period=small.period)
    sick = small.officers[0]
    assert Assignment.objects.filter(officer=sick, source=AssignmentSource.SOLVER).exists()
    AbsenceFactory(
        officer=sick, kind="sick", start=aware(2027, 1, 3, 0, 0), end=aware(2027, 1, 8, 0, 0)
    )
    captured: dict[str, Any] = {}
    build = run.build_input

    def spy(period: Any, *, mode: str) -> Any:
        built = build(period, mode=mode)
        captured.update(built.data)
        return built

    monkeypatch.setattr(run, "build_input", spy)
    # when: the repair runs as a job, and the command line solves the job's input
    job = _run_job(planner, small.period, django_capture_on_commit_callbacks, "repair")
    path, out = tmp_path / "input.json", tmp_path / "out.json"
    path.write_text(json.dumps(captured), encoding="utf-8")
    limit, workers = str(settings.SOLVER_TIME_LIMIT_S), str(settings.SOLVER_WORKERS)
    code = cli_main(
        ["solve", str(path), "-o", str(out), "--time-limit", limit, "--workers", workers]
    )
    # then: both write the same structured note, a repair window in dates around the absence
    assert code == 0
    assert job.status == SolveStatus.DONE, job.error
    cli = json.loads(out.read_text(encoding="utf-8"))

    def input_notes(result: dict[str, Any]) -> list[Any]:
        # the notes the input decides (not those of a stage that ran out of time under load)
        timed = {NoteCode.NO_TIME_FOR_SEARCH, NoteCode.NO_ROSTER_IN_TIME}
        return [n for n in result["notes"] if n["code"] not in timed]

    (note,) = input_notes(job.result)
    assert input_notes(cli) == input_notes(job.result)
    assert note["code"] == "repair_window"
    lost = [dt.date.fromisoformat(note["params"][k]) for k in ("lost_first", "lost_last")]
    assert dt.date(2027, 1, 3) <= lost[0] <= lost[1] <= dt.date(2027, 1, 7)
    assert note in job.report["notes"]  # stored as the code, not a sentence
    # when: the planner applies it and reads the report in English and in Dutch
    repair_apply(actor=planner, job=job)
    client = api_client_for(planner)
    bodies = {
        lang: client.get(
            f"/api/v1/periods/{small.period.pk}/report/", HTTP_ACCEPT_LANGUAGE=lang
        ).json()
        for lang in ("en", "nl")
    }
    # then: the note reads in each language with the dates written out
    days = {}
    for lang in ("en", "nl"):
        with translation.override(lang):
            days[lang] = {
                k: date_format(dt.date.fromisoformat(v), "D j M") for k, v in note["params"].items()
            }
    position = job.report["notes"].index(note)
    texts = {lang: body["notes"][position] for lang, body in bodies.items()}
    for lang, prefix in (("en", "Repair: places were lost "), ("nl", "Herstel: er zijn plaatsen ")):
        assert texts[lang].startswith(prefix), texts[lang]
        assert days[lang]["lost_first"] in texts[lang]
        assert days[lang]["change_last"] in texts[lang]
        assert SOLVER_ID.findall(texts[lang]) == []
    # and an officer's own cut carries no notes at all
    mine = api_client_for(small.officers[1]).get(f"/api/v1/periods/{small.period.pk}/report/")
    assert mine.status_code == 200
    assert "notes" not in mine.json()


@pytest.mark.django_db
def test_the_console_job_page_shows_stages_and_notes_in_the_readers_language(
    team, basis, planner, django_capture_on_commit_callbacks, fast_solver
) -> None:
    # given: a finished job whose stored report holds a note code and the wishes levels
    small = small_period(team, basis)
    job = _run_job(planner, small.period, django_capture_on_commit_callbacks)
    assert job.status == SolveStatus.DONE, job.error
    job.report = {**job.report, "notes": [NOTES[3]], "stages": [WISHES]}
    job.save(update_fields=["report"])
    # when: the planner opens the job page in Dutch and in English
    pages = {}
    for lang in ("nl", "en"):
        client = Client(HTTP_ACCEPT_LANGUAGE=lang)
        client.force_login(planner, backend=MODEL_BACKEND)
        response = client.get(f"/console/jobs/{job.pk}/")
        assert response.status_code == 200
        pages[lang] = response.content.decode()
    # then: the note and the levels in each language
    assert "Hoe dit rooster tot stand kwam" in pages["nl"]
    assert NL[3] in pages["nl"]
    assert "daarna 33% (4 medewerker(s), hoogstens 40% mogelijk)" in pages["nl"]
    assert "How this roster was made" in pages["en"]
    assert EN[3] in pages["en"]
    assert "next 33% (4 officer(s), at most 40% possible)" in pages["en"]
