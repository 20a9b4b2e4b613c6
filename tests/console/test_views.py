"""Console pages: success, 403 for an officer, another team's period 404, bad POST input 400
with nothing saved."""

from __future__ import annotations

import html
import re

import pytest
from django.utils import timezone

from requests_desk.models import RequestComment, State
from roster.models import Assignment, Phase, SolveJob, SolveStatus, SwapStatus
from tests.factories.organisation import AbsenceFactory
from tests.factories.roster import PeriodFactory, aware

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_console_login(client_for):
    response = client_for(None).get("/console/")
    assert response.status_code == 302
    assert response["Location"].startswith("/console/login/?next=/console/")


def test_login_page_logs_a_planner_in_with_the_session(client_for, planner):
    client = client_for(None)
    page = client.get("/console/login/")
    assert page.status_code == 200
    response = client.post(
        "/console/login/", {"username": planner.username, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/console/"
    assert client.get("/console/").status_code == 200


def test_console_login_lockout_is_an_html_page(client_for, planner, settings):
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/console/login/", {"username": planner.username, "password": "wrong"})
    response = client.post(
        "/console/login/", {"username": planner.username, "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert b"account_locked" in response.content


def test_an_officer_gets_403_on_every_console_page(client_for, officer, team):
    period = PeriodFactory(team=team)
    client = client_for(officer)
    for url in ("/console/", f"/console/periods/{period.pk}/", "/console/approvals/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"console is for planners" in response.content


def test_planner_sees_the_grid_with_kinds_absences_and_shortfalls(client_for, planner, solved):
    AbsenceFactory(
        officer=solved.officers[3],
        start=aware(2027, 1, 6, 0, 0),
        end=aware(2027, 1, 7, 0, 0),
    )
    response = client_for(planner).get(f"/console/periods/{solved.period.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "k-early" in html
    assert "k-night" in html
    assert "abs abs-absent" in html  # the kind is need-to-know
    assert 'class="shortfall"' in html
    assert f"/console/periods/{solved.period.pk}/shifts/{solved.shifts[0].pk}/" in html
    assert 'id="publish"' in html  # proposed: the planner may publish


def test_grid_renders_in_a_fixed_number_of_queries(
    client_for, planner, solved, django_assert_max_num_queries
):
    client = client_for(planner)
    client.get(f"/console/periods/{solved.period.pk}/")
    with django_assert_max_num_queries(16):
        assert client.get(f"/console/periods/{solved.period.pk}/").status_code == 200


def test_team_lead_sees_his_team_but_another_teams_period_is_404(
    client_for, team_lead, solved, other_team
):
    other = PeriodFactory(team=other_team)
    client = client_for(team_lead)
    page = client.get(f"/console/periods/{solved.period.pk}/")
    assert page.status_code == 200
    assert b'id="start-solve"' not in page.content  # not a planner
    for url in (
        f"/console/periods/{other.pk}/",
        f"/console/periods/{other.pk}/coverage/",
        f"/console/periods/{other.pk}/fairness/",
        f"/console/periods/{other.pk}/roster.csv",
        f"/console/periods/{other.pk}/roster.ics",
        f"/console/periods/?period={other.pk}",
    ):
        assert client.get(url).status_code == 404, url
    home = client.get("/console/").content.decode()
    assert f"/console/periods/{solved.period.pk}/" in home
    assert f"/console/periods/{other.pk}/" not in home


def test_period_picker_redirects_and_bad_input_is_400(client_for, planner, solved):
    client = client_for(planner)
    response = client.get(f"/console/periods/?period={solved.period.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/console/periods/{solved.period.pk}/"
    bad = client.get("/console/periods/?period=abc")
    assert bad.status_code == 400
    assert b"period" in bad.content


def test_shortfall_detail_shows_the_solvers_reason(client_for, planner, solved):
    shift = solved.shifts[0]
    url = f"/console/periods/{solved.period.pk}/shifts/{shift.pk}/"
    response = client_for(planner).get(url + "?partial=1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a fragment for the panel
    assert "place(s) for basis empty" in html
    assert "Agent" in html  # officer refs are replaced by names
    full = client_for(planner).get(url)
    assert b"<html" in full.content


def test_cell_detail_explains_a_night(client_for, planner, solved):
    night = next(
        a for a in Assignment.objects.filter(shift__period=solved.period, shift__kind="night")
    )
    day = timezone.localtime(night.shift.start).date().isoformat()
    url = f"/console/periods/{solved.period.pk}/officers/{night.officer_id}/days/{day}/"
    response = client_for(planner).get(url)
    assert response.status_code == 200
    assert b"fair share" in response.content
    assert client_for(planner).get(url.replace(day, "2027-13-01")).status_code == 400
    assert client_for(planner).get(url.replace(day, "2030-01-01")).status_code == 404


def test_coverage_heat_map_and_fairness_chart_render_from_the_report(client_for, planner, solved):
    client = client_for(planner)
    heat = client.get(f"/console/periods/{solved.period.pk}/coverage/").content.decode()
    assert 'id="heatmap"' in heat
    # demand 5 for a team of 4: a short cell on the warm end of the scale
    assert re.search(r'class="h[0-3]"[^>]*><a[^>]*>[0-4]/5<', heat)
    fair = client.get(f"/console/periods/{solved.period.pk}/fairness/").content.decode()
    assert fair.count('role="img"') == 5  # four fairness charts + solver vs baseline
    assert "<title" in fair
    assert "fair share" in fair
    assert "First come" in fair


def test_coverage_without_a_report_is_computed_from_the_roster(client_for, planner, team, basis):
    from tests.roster.solve_fixtures import small_period

    small = small_period(team, basis)
    html = client_for(planner).get(f"/console/periods/{small.period.pk}/coverage/").content
    assert b"computed from the current roster" in html
    assert b"0/1" in html


def test_planner_starts_a_solve_polls_it_and_publishes(
    client_for, planner, team, basis, fast_solver, django_capture_on_commit_callbacks
):
    from tests.roster.solve_fixtures import small_period

    small = small_period(team, basis)
    client = client_for(planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/console/periods/{small.period.pk}/solve/", {"mode": "normal"})
    assert response.status_code == 302
    job = SolveJob.objects.get()
    assert response["Location"] == f"/console/jobs/{job.pk}/"
    assert client.get(response["Location"]).status_code == 200
    progress = client.get(f"/console/jobs/{job.pk}/progress/").json()
    assert progress["status"] == "done"
    assert progress["objective"] is not None
    assert progress["active"] is False
    compare = client.get(f"/console/periods/{small.period.pk}/compare/")
    assert compare.status_code == 200
    assert b"No changed cells" in compare.content
    published = client.post(f"/console/periods/{small.period.pk}/publish/")
    assert published.status_code == 302
    small.period.refresh_from_db()
    assert small.period.phase == Phase.PUBLISHED


def test_solve_with_a_bad_mode_is_400_and_starts_nothing(client_for, planner, team, basis):
    from tests.roster.solve_fixtures import small_period

    small = small_period(team, basis)
    response = client_for(planner).post(f"/console/periods/{small.period.pk}/solve/", {"mode": "x"})
    assert response.status_code == 400
    assert b"mode" in response.content
    assert not SolveJob.objects.exists()
    small.period.refresh_from_db()
    assert small.period.phase == Phase.SIGNUP_CLOSED


def test_team_lead_may_not_start_a_solve_or_publish(client_for, team_lead, solved):
    client = client_for(team_lead)
    assert client.post(f"/console/periods/{solved.period.pk}/publish/").status_code == 403
    solved.period.refresh_from_db()
    assert solved.period.phase == Phase.PROPOSED


def test_get_on_a_post_endpoint_is_405(client_for, planner, solved):
    assert (
        client_for(planner).get(f"/console/periods/{solved.period.pk}/publish/").status_code == 405
    )


def test_cancel_a_queued_solve(client_for, planner, team, basis):
    from tests.roster.solve_fixtures import small_period

    small = small_period(team, basis)
    client = client_for(planner)
    client.post(f"/console/periods/{small.period.pk}/solve/", {"mode": "normal"})
    job = SolveJob.objects.get()
    assert job.status == SolveStatus.QUEUED  # on_commit not run: still queued
    response = client.post(f"/console/jobs/{job.pk}/cancel/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == SolveStatus.CANCELLED
    assert client.post(f"/console/jobs/{job.pk}/cancel/").status_code == 409


def test_team_lead_approves_a_swap(client_for, team_lead, accepted_swap):
    client = client_for(team_lead)
    page = client.get("/console/approvals/").content.decode()
    assert f'id="swap-{accepted_swap.pk}"' in page
    response = client.post(f"/console/approvals/swap/{accepted_swap.pk}/", {"action": "approve"})
    assert response.status_code == 302
    accepted_swap.refresh_from_db()
    assert accepted_swap.status == SwapStatus.APPROVED


def test_swap_decision_with_bad_input_is_400_and_changes_nothing(
    client_for, team_lead, other_team_lead, accepted_swap
):
    client = client_for(team_lead)
    url = f"/console/approvals/swap/{accepted_swap.pk}/"
    assert client.post(url, {"action": "maybe"}).status_code == 400
    long = client.post(url, {"action": "reject", "comment": "x" * 501})
    assert long.status_code == 400
    assert client_for(other_team_lead).post(url, {"action": "approve"}).status_code == 404
    assert client.post(url, {"action": "return"}).status_code == 400  # only requests return
    unknown = f"/console/approvals/holiday/{accepted_swap.pk}/"
    assert client.post(unknown, {"action": "approve"}).status_code == 404
    accepted_swap.refresh_from_db()
    assert accepted_swap.status == SwapStatus.ACCEPTED


def test_team_lead_approves_a_desk_request_from_the_same_inbox(
    client_for, team_lead, expense, other_team_lead
):
    client = client_for(team_lead)
    assert f'id="request-{expense.pk}"' in client.get("/console/approvals/").content.decode()
    assert (
        client.post(f"/console/approvals/request/{expense.pk}/", {"action": "x"}).status_code == 400
    )
    expense.refresh_from_db()
    assert expense.state == State.IN_APPROVAL
    assert (
        client_for(other_team_lead)
        .post(f"/console/approvals/request/{expense.pk}/", {"action": "approve"})
        .status_code
        == 404
    )
    response = client.post(f"/console/approvals/request/{expense.pk}/", {"action": "approve"})
    assert response.status_code == 302
    expense.refresh_from_db()
    assert expense.state == State.APPROVED


def test_desk_staff_claims_comments_and_fulfils(client_for, team_lead, expense, finance_staff):
    from requests_desk.services.workflow import request_act

    request_act(actor=team_lead, request_id=expense.pk, action="approve")
    client = client_for(finance_staff)
    queue = client.get("/console/desk/").content.decode()
    assert f'id="desk-{expense.pk}"' in queue
    act = f"/console/desk/requests/{expense.pk}/act/"
    assert client.post(act, {"action": "comment", "comment": "  "}).status_code == 400
    assert not RequestComment.objects.exists()
    assert client.post(act, {"action": "claim"}).status_code == 302
    assert client.post(act, {"action": "comment", "comment": "Betaald"}).status_code == 302
    assert client.post(act, {"action": "fulfil"}).status_code == 302
    expense.refresh_from_db()
    assert expense.state == State.FULFILLED
    assert expense.assignee == finance_staff
    page = client.get(f"/console/desk/requests/{expense.pk}/").content.decode()
    assert "Betaald" in page


def test_desk_queue_is_403_for_a_team_lead_and_officer(client_for, team_lead, officer):
    assert client_for(team_lead).get("/console/desk/").status_code == 403
    assert client_for(officer).get("/console/desk/").status_code == 403


def test_exports_csv_and_ical(client_for, planner, solved):
    client = client_for(planner)
    csv_response = client.get(f"/console/periods/{solved.period.pk}/roster.csv")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert lines[0].startswith("date,start,end,kind")
    assert len(lines) == 1 + Assignment.objects.filter(shift__period=solved.period).count()
    ics = client.get(f"/console/periods/{solved.period.pk}/roster.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.count("BEGIN:VEVENT") == len(lines) - 1
    assert "TZID=Europe/Amsterdam" in body


def test_console_speaks_dutch_and_english(client_for, planner, solved):
    client = client_for(planner)
    url = f"/console/periods/{solved.period.pk}/"
    nl = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Roster grid" in en
    assert "Roosteroverzicht" in nl
    assert "Open plaatsen" in nl


def test_unit_manager_sees_the_grid_but_not_the_solve_report(client_for, unit_manager, solved):
    client = client_for(unit_manager)
    assert client.get(f"/console/periods/{solved.period.pk}/").status_code == 200
    fair = client.get(f"/console/periods/{solved.period.pk}/fairness/")
    assert fair.status_code == 200
    assert b"No solve report" in fair.content  # the report is for planners and team leads


def test_grid_page_links_the_print_stylesheet_and_exports(client_for, planner, solved):
    html = client_for(planner).get(f"/console/periods/{solved.period.pk}/").content.decode()
    assert "/static/console/console.css" in html
    assert f"/console/periods/{solved.period.pk}/roster.csv" in html
    assert f"/console/periods/{solved.period.pk}/roster.ics" in html


def _joint_setup(team, other_team, basis):
    """centrum and zuid share an officer; both have a closed period of the same days; one
    planner plans both."""
    import datetime as dt

    from organisation.models import RoleAssignment
    from tests.factories.organisation import OfficerFactory, QualificationFactory
    from tests.factories.roster import PeriodFactory, ShiftFactory, aware

    shared = OfficerFactory(last_name="Gedeeld", teams=[team, other_team])
    QualificationFactory(officer=shared, skill=basis)
    start = dt.date(2027, 10, 29)  # with the DST night of 30 to 31 October
    a, b = (
        PeriodFactory(
            team=t, start_date=start, end_date=start + dt.timedelta(days=3), phase="signup_closed"
        )
        for t in (team, other_team)
    )
    ShiftFactory(
        period=a,
        kind="night",
        start=aware(2027, 10, 30, 23, 0),
        end=aware(2027, 10, 31, 7, 0),
        demand={"basis": 1},
    )
    ShiftFactory(period=b, start=aware(2027, 10, 31, 7, 0), demand={"basis": 1})
    both = OfficerFactory(username="planner-both")
    for t in (team, other_team):
        RoleAssignment.objects.create(officer=both, role="planner", team=t)
    return a, b, both


def test_planner_starts_a_joint_solve_from_the_period_page_and_follows_it(
    client_for, team, other_team, basis, fast_solver, django_capture_on_commit_callbacks
):
    from roster.joint_models import JointSolve

    a, b, both = _joint_setup(team, other_team, basis)
    client = client_for(both)
    # the period page offers zuid's period to solve with
    page = client.get(f"/console/periods/{a.pk}/").content.decode()
    assert 'id="start-joint-solve"' in page
    assert f'value="{b.pk}"' in page
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/console/periods/{a.pk}/joint-solve/", {"periods": [b.pk]})
    # then
    run = JointSolve.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/console/joint-solves/{run.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in detail
    assert "Basisteam Centrum" in detail
    assert "Basisteam Zuid" in detail
    for p in (a, b):
        p.refresh_from_db()
        assert p.phase == Phase.PROPOSED
    # the period page shows the run
    page = client.get(f"/console/periods/{a.pk}/").content.decode()
    assert f'href="/console/joint-solves/{run.pk}/"' in page


def test_joint_solve_with_a_period_not_offered_is_400_and_starts_nothing(
    client_for, team, other_team, basis, planner
):
    from roster.joint_models import JointSolve
    from tests.factories.roster import PeriodFactory

    a, b, both = _joint_setup(team, other_team, basis)
    elsewhere = PeriodFactory(team=other_team, phase="signup_open")
    client = client_for(both)
    for bad in ({"periods": [elsewhere.pk]}, {"periods": ["x"]}, {}):
        response = client.post(f"/console/periods/{a.pk}/joint-solve/", bad)
        assert response.status_code == 400
        assert b"periods" in response.content
    assert not JointSolve.objects.exists()
    a.refresh_from_db()
    assert a.phase == Phase.SIGNUP_CLOSED
    # the planner of centrum alone is offered nothing and cannot start one
    page = client_for(planner).get(f"/console/periods/{a.pk}/").content.decode()
    assert 'id="start-joint-solve"' not in page
    assert (
        client_for(planner)
        .post(f"/console/periods/{a.pk}/joint-solve/", {"periods": [b.pk]})
        .status_code
        == 400
    )
    assert not JointSolve.objects.exists()


def test_the_joint_run_page_is_404_for_who_does_not_plan_or_lead_every_team(
    client_for, team, other_team, basis, planner, team_lead
):
    from roster.services.solving.joint_start import joint_solve_start

    a, b, both = _joint_setup(team, other_team, basis)
    run = joint_solve_start(actor=both, periods=[a, b])
    assert client_for(both).get(f"/console/joint-solves/{run.pk}/").status_code == 200
    for who in (planner, team_lead):
        assert client_for(who).get(f"/console/joint-solves/{run.pk}/").status_code == 404


def _order_post(*stages: str, reset: bool = False) -> dict[str, str]:
    data = {f"stage_{k + 1}": name for k, name in enumerate(stages)}
    return {**data, "reset": "1"} if reset else data


def _order_shown(page: str) -> list[str]:
    listed = re.search(r'<ol id="stage-order-list">(.*?)</ol>', page, re.S)
    assert listed is not None
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", listed.group(1))]


def test_planner_orders_the_solvers_stages_for_his_team_and_returns_to_the_default(
    client_for, planner, solved
):
    from roster.models import TeamSolverPolicy

    client = client_for(planner)
    url = f"/console/periods/{solved.period.pk}/"
    page = client.get(url).content.decode()
    # the default order, in the reader's language, with the form
    assert _order_shown(page) == [
        "Empty places",
        "Changed assignments of others",
        "Training shifts missing against the team's target",
        "Fairness: worst deviations from the fair share",
        "Lowest want-grant rate",
        "Totals (weighted)",
    ]
    assert "the default order" in page
    assert 'id="stage-order-form"' in page
    nl = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Prioriteiten van de roosterberekening" in nl
    # wishes before fairness, no training stage
    response = client.post(
        f"{url}priorities/", _order_post("shortfall", "changes", "wishes", "fairness", "totals")
    )
    assert response.status_code == 302
    assert response["Location"] == url
    policy = TeamSolverPolicy.objects.get(team=solved.period.team)
    assert policy.stages == ["shortfall", "changes", "wishes", "fairness", "totals"]
    page = html.unescape(client.get(url).content.decode())
    assert "this team's order" in page
    assert _order_shown(page)[2:4] == [
        "Lowest want-grant rate",
        "Fairness: worst deviations from the fair share",
    ]
    assert "The team's priorities are saved" in page
    # the API reads the same order
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(planner)
    body = api.get(f"/api/v1/teams/{solved.period.team_id}/solver-policy/").json()
    assert body["effective_stages"] == policy.stages
    # back to the default
    assert client.post(f"{url}priorities/", _order_post(reset=True)).status_code == 302
    policy.refresh_from_db()
    assert policy.stages == []
    assert "the default order" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("stages", "field", "reason"),
    [
        (("shortfall", "wishes", "wishes", "totals"), "stages", "Each stage at most once."),
        (("fairness", "shortfall", "totals"), "stages", "Shortfall must come first"),
        (("shortfall", "totals", "wishes"), "stages", "Totals must come last"),
        (("shortfall", "sleep", "totals"), "stage_2", "sleep"),
    ],
)
def test_a_bad_stage_order_is_400_naming_the_field_and_nothing_is_saved(
    client_for, planner, solved, stages, field, reason
):
    from roster.models import TeamSolverPolicy

    response = client_for(planner).post(
        f"/console/periods/{solved.period.pk}/priorities/", _order_post(*stages)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert field in page
    assert reason in page
    assert not TeamSolverPolicy.objects.exists()


def test_who_may_change_the_stage_order_in_the_console(
    client_for, team_lead, unit_manager, other_team_lead, officer, solved
):
    from roster.models import TeamSolverPolicy

    url = f"/console/periods/{solved.period.pk}/"
    order = _order_post("shortfall", "fairness", "wishes", "totals")
    # another team's lead: the period is not his (404); an officer: no console (403)
    assert client_for(other_team_lead).post(f"{url}priorities/", order).status_code == 404
    assert client_for(officer).post(f"{url}priorities/", order).status_code == 403
    assert not TeamSolverPolicy.objects.exists()
    # the unit manager reads the order and may change it; so may the team lead
    page = client_for(unit_manager).get(url).content.decode()
    assert 'id="stage-order-form"' in page
    assert client_for(team_lead).post(f"{url}priorities/", order).status_code == 302
    assert TeamSolverPolicy.objects.get().stages == ["shortfall", "fairness", "wishes", "totals"]
    assert client_for(team_lead).get(f"{url}priorities/").status_code == 405
