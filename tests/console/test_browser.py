"""The console in a real browser (selenium + chromium): a planner solves and publishes the
demo period, a team lead approves a swap. Screenshots with SCREENSHOTS=1 (see browser.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from demo.organisation import DEMO_PASSWORD, seed_organisation
from demo.roster import seed_roster
from organisation.models import Officer, Team
from roster.models import Phase, RosterPeriod, Swap, SwapKind, SwapStatus, TeamSwapPolicy
from roster.services.periods import period_move
from roster.services.swaps import swap_accept, swap_offer
from tests.console.browser import browser, screenshot
from tests.factories.roster import AssignmentFactory, PeriodFactory, ShiftFactory, aware

__all__ = ["browser"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings: Any, monkeypatch: Any, request: Any) -> RosterPeriod:
    """The demo unit with team Centrum's period closed for sign-up (ready to solve).

    With a broker configured the solve runs on a real Celery worker process (the browser
    then watches it go queued, running, done); without, eagerly inside the live server."""
    settings.SOLVER_TIME_LIMIT_S = 4.0
    settings.SOLVER_WORKERS = 1
    if settings.CELERY_BROKER_URL:
        monkeypatch.setenv("SOLVER_TIME_LIMIT_S", "4")  # the worker reads its own settings
        monkeypatch.setenv("SOLVER_WORKERS", "1")
        request.getfixturevalue("celery_worker_process")
    else:
        request.getfixturevalue("eager_celery")
    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    today = timezone.localdate()
    seed_organisation(today)
    seed_roster(today)
    period = RosterPeriod.objects.get(team__code="centrum")
    # One early shift asks for one more duty officer than the team has: a sure shortfall.
    shift = period.shifts.filter(kind="early").order_by("start").first()
    assert shift is not None
    shift.demand = {**shift.demand, "ovd": 7}
    shift.save(update_fields=["demand"])
    planner = Officer.objects.get(username="roosteraar")
    return period_move(actor=planner, period=period, to_phase=Phase.SIGNUP_CLOSED)


def _login(driver: Any, base: str, username: str) -> None:
    driver.get(f"{base}/console/login/")
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(DEMO_PASSWORD)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 30).until(ec.url_to_be(f"{base}/console/"))


def _wait(driver: Any, seconds: float = 30) -> WebDriverWait:
    return WebDriverWait(driver, seconds)


def test_planner_solves_reads_a_shortfall_and_publishes(browser: Any, live_server: Any, demo):
    driver, base = browser, live_server.url
    _login(driver, base, "roosteraar")

    driver.find_element(By.CSS_SELECTOR, f'a.open-period[data-period="{demo.pk}"]').click()
    _wait(driver).until(ec.presence_of_element_located((By.ID, "roster-grid")))
    # the team's priorities: wishes before fairness
    driver.find_element(By.CSS_SELECTOR, "#stage-order summary").click()
    Select(driver.find_element(By.ID, "id_stage_4")).select_by_value("wishes")
    Select(driver.find_element(By.ID, "id_stage_5")).select_by_value("fairness")
    before = driver.find_element(By.ID, "stage-order-list")
    driver.find_element(By.ID, "save-stage-order").click()
    _wait(driver).until(ec.staleness_of(before))
    listed = _wait(driver).until(ec.presence_of_element_located((By.ID, "stage-order-list")))
    order = [li.get_attribute("textContent") for li in listed.find_elements(By.TAG_NAME, "li")]
    assert order[3:5] == [
        "Lowest want-grant rate",
        "Fairness: worst deviations from the fair share",
    ]
    driver.find_element(By.ID, "start-solve").click()

    # the job page polls its progress until the job is done
    seen: list[str] = []

    def finished(d: Any) -> bool:
        status = d.find_element(By.ID, "job-status").get_attribute("data-status")
        if not seen or seen[-1] != status:
            seen.append(status)
        return status in ("done", "failed", "cancelled")

    _wait(driver, 180).until(finished)
    if settings.CELERY_BROKER_URL:  # a real worker: the page saw the job before it finished
        assert seen[0] in ("queued", "running"), seen
    assert driver.find_element(By.ID, "job-status").get_attribute("data-status") == "done"
    assert driver.find_element(By.ID, "job-objective").text not in ("", "\u2013")
    assert driver.find_element(By.ID, "job-seconds").text not in ("", "\u2013")
    # the solve ran the stages in the team's order (the report is on the page once it is
    # loaded after the job finished: with a real worker the page was loaded before)
    driver.refresh()
    _wait(driver).until(ec.presence_of_element_located((By.ID, "job-stages")))
    stages = [
        li.get_attribute("textContent")
        for li in driver.find_elements(By.CSS_SELECTOR, "#job-stages li")
    ]
    wishes = next(k for k, text in enumerate(stages) if text.startswith("Lowest want-grant"))
    fairness = next(k for k, text in enumerate(stages) if text.startswith("Fairness"))
    assert wishes < fairness, stages
    _wait(driver).until(ec.visibility_of_element_located((By.ID, "open-grid"))).click()

    grid = _wait(driver).until(ec.presence_of_element_located((By.ID, "roster-grid")))
    assert len(grid.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 50
    assert grid.find_elements(By.CSS_SELECTOR, "td.k-night")
    screenshot(driver, "grid", full_height=False)

    # click a shortfall: the panel shows the solver's reason
    driver.find_elements(By.CSS_SELECTOR, "a.shortfall")[-1].click()
    panel = _wait(driver).until(ec.visibility_of_element_located((By.ID, "panel")))
    _wait(driver).until(lambda d: panel.find_elements(By.CSS_SELECTOR, "ul.reasons li"))
    reason = panel.find_element(By.CSS_SELECTOR, "ul.reasons li").text
    assert "empty" in reason, reason
    screenshot(driver, "grid-shortfall-reason", full_height=False)
    driver.find_element(By.CSS_SELECTOR, "[data-close-panel]").click()

    driver.get(f"{base}/console/periods/{demo.pk}/coverage/")
    assert driver.find_elements(By.CSS_SELECTOR, "#heatmap td.h4")
    screenshot(driver, "heatmap")
    driver.get(f"{base}/console/periods/{demo.pk}/fairness/")
    charts = driver.find_elements(By.CSS_SELECTOR, "#fairness-charts svg[role=img]")
    assert len(charts) == 4
    assert driver.find_element(By.CSS_SELECTOR, "#baseline-chart svg title").get_attribute(
        "textContent"
    )
    screenshot(driver, "fairness")

    driver.get(f"{base}/console/periods/{demo.pk}/")
    driver.find_element(By.ID, "publish").click()
    _wait(driver).until(ec.text_to_be_present_in_element((By.ID, "phase"), "Published"))
    demo.refresh_from_db()
    assert demo.phase == Phase.PUBLISHED


@pytest.fixture
def accepted_swap(settings: Any) -> Swap:
    """Two officers of the demo team Centrum agreed an exchange; the team lead decides."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    seed_organisation(timezone.localdate())
    team = Team.objects.get(code="centrum")
    TeamSwapPolicy.objects.create(team=team, auto_approve=False)
    basis = team.members.first().qualifications.get(skill__code="basis").skill  # type: ignore[union-attr]
    one, two = list(
        Officer.objects.filter(teams=team, qualifications__skill=basis, night_exempt=False)
        .exclude(username__in=["teamchef", "roosteraar", "agent"])
        .order_by("pk")[:2]
    )
    start = dt.date(2030, 1, 7)
    period = PeriodFactory(team=team, start_date=start, phase=Phase.PUBLISHED)
    mine = AssignmentFactory(
        officer=one, skill=basis, shift=ShiftFactory(period=period, start=aware(2030, 1, 8, 7, 0))
    )
    theirs = AssignmentFactory(
        officer=two, skill=basis, shift=ShiftFactory(period=period, start=aware(2030, 1, 10, 7, 0))
    )
    swap = swap_offer(actor=one, kind=SwapKind.EXCHANGE, assignment=mine, wanted=theirs)
    return swap_accept(actor=two, swap=swap)


def test_team_lead_approves_a_swap(browser: Any, live_server: Any, accepted_swap: Swap):
    driver, base = browser, live_server.url
    _login(driver, base, "teamchef")
    driver.get(f"{base}/console/approvals/")
    row = driver.find_element(By.ID, f"swap-{accepted_swap.pk}")
    row.find_element(By.CSS_SELECTOR, "button.approve").click()
    _wait(driver).until(
        ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".messages"), "Approved")
    )
    assert not driver.find_elements(By.ID, f"swap-{accepted_swap.pk}")
    accepted_swap.refresh_from_db()
    assert accepted_swap.status == SwapStatus.APPROVED
