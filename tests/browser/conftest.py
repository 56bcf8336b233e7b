"""Playwright driving the system's Chromium (never a downloaded browser).

Set CHROMIUM_PATH to use another binary. Without a browser these tests are
skipped, unless UGC_REQUIRE_BROWSER=1 (as in CI), where that is a failure.
Set UGC_UPDATE_SCREENSHOTS=1 to refresh docs/screenshots/.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between browser steps are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        if os.environ.get("UGC_REQUIRE_BROWSER") == "1":
            pytest.fail("No Chromium found and UGC_REQUIRE_BROWSER=1.")
        pytest.skip("No Chromium on this machine (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def gallery_site(settings, demo_content):
    """The demo /gallery/ page, with its public media served by the live server."""
    settings.ROOT_URLCONF = "tests.display.media_urls"


@pytest.fixture
def screenshot(tmp_path):
    """Save a screenshot; into docs/screenshots/ when UGC_UPDATE_SCREENSHOTS=1."""

    def take(page, name, **kwargs):
        folder = (
            SCREENSHOTS if os.environ.get("UGC_UPDATE_SCREENSHOTS") == "1" else tmp_path
        )
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), **kwargs)
        return path

    return take


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
