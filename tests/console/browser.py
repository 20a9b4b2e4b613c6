"""Selenium with Debian's chromium for the console's browser tests.

The tests skip when chromium or chromedriver is missing, unless REQUIRE_SERVICES=1 (CI),
where a missing browser fails the run. With SCREENSHOTS=1 they save PNGs of the grid, the
coverage heat map and the fairness chart to docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def browser_available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


def screenshots_wanted() -> bool:
    return os.environ.get("SCREENSHOTS") == "1"


@pytest.fixture
def browser() -> Iterator[object]:
    if not browser_available():
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {CHROMIUM} or {CHROMEDRIVER} is missing")
        pytest.skip("needs chromium and chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="console-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--lang=en-US",
        "--window-size=1600,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def screenshot(driver: object, name: str, *, full_height: bool = True) -> None:
    """Save a PNG of the page (grown to its full height) when SCREENSHOTS=1."""
    if not screenshots_wanted():
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    if full_height:
        height = driver.execute_script(  # type: ignore[attr-defined]
            "return Math.min(document.documentElement.scrollHeight, 2600)"
        )
        driver.set_window_size(1600, max(1000, int(height)))  # type: ignore[attr-defined]
    driver.save_screenshot(str(SCREENSHOT_DIR / f"{name}.png"))  # type: ignore[attr-defined]
    driver.set_window_size(1600, 1000)  # type: ignore[attr-defined]
