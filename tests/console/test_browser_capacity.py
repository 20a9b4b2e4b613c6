"""The unit capacity page in a real browser (selenium + chromium): the unit manager of the
demo follows "Capacity" from the navigation and reads each team's charts, and the trend of
the archived periods (`demo/capacity.py`). Screenshot with SCREENSHOTS=1 (see browser.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from demo.capacity import PAST_PERIODS, seed_capacity
from demo.organisation import DEMO_PASSWORD, seed_organisation
from organisation.models import Unit
from tests.console.browser import browser, screenshot

__all__ = ["browser"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_unit_manager_reads_the_capacity_of_his_teams(
    browser: Any, live_server: Any, settings: Any
):
    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    today = timezone.localdate()
    seed_organisation(today)
    seed_capacity(today)
    unit = Unit.objects.get(code="ams")
    base = live_server.url
    wait = WebDriverWait(browser, 30)

    browser.get(f"{base}/console/login/")
    browser.find_element(By.ID, "id_username").send_keys("eenheidschef")
    browser.find_element(By.ID, "id_password").send_keys(DEMO_PASSWORD)
    browser.find_element(By.ID, "login-submit").click()
    wait.until(ec.url_to_be(f"{base}/console/"))

    browser.find_element(By.CSS_SELECTOR, "nav a[href='/console/capacity/']").click()
    wait.until(ec.url_to_be(f"{base}/console/units/{unit.pk}/capacity/"))
    sections = browser.find_elements(By.CSS_SELECTOR, "section.capacity-team")
    assert [s.get_attribute("id") for s in sections] == ["team-centrum", "team-zuid"]
    for section in sections:
        charts = section.find_elements(By.CSS_SELECTOR, "svg.chart")
        assert len(charts) == 2
        assert all(c.size["width"] > 100 and c.size["height"] > 50 for c in charts)
        # the trend chart holds one bar per archived period, each with its title
        bars = charts[1].find_elements(By.CSS_SELECTOR, "g.bar")
        assert len(bars) == PAST_PERIODS
    screenshot(browser, "console-capacity")

    # another range through the form: one week from the first archived period
    first = browser.find_element(By.ID, "cap-start")
    browser.execute_script("arguments[0].value = '2026-09-07'", first)
    browser.execute_script(
        "arguments[0].value = '2026-09-13'", browser.find_element(By.ID, "cap-end")
    )
    browser.find_element(By.CSS_SELECTOR, "#capacity-range button[type=submit]").click()
    wait.until(ec.url_contains("start=2026-09-07"))
    days = browser.find_elements(By.CSS_SELECTOR, "#team-centrum svg.chart")[0]
    assert len(days.find_elements(By.CSS_SELECTOR, "g.bar")) == 7
