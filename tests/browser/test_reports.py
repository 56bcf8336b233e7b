"""The engagement report in a real browser: chart and table pass axe-core in the admin's light and dark themes."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils.http import urlencode
from playwright.sync_api import expect

from ..engagement.report_data import PERIOD, known_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def report_data(settings, moderator):
    settings.TIME_ZONE = "Europe/Copenhagen"
    return known_data()


@pytest.fixture(params=["light", "dark"])
def themed_page(request, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", color_scheme=request.param
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("[data-ugc-engagement-panel]")).to_be_visible()


def test_the_report_passes_axe_in_light_and_dark(themed_page, report_data, screenshot):
    page = themed_page
    log_in(page)
    page.goto("/admin/ugc-reports/?" + urlencode(PERIOD))
    chart = page.get_by_role(
        "img", name="Impressions, clicks and submissions received per day"
    )
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Per day, 2024-03-01 to 2024-03-10")
    expect(table.locator("tbody tr")).to_have_count(10)
    expect(page.locator("[data-figure=impressions]")).to_have_text("490")
    # The chart draws in the text colour of the theme it is shown in.
    colours = chart.evaluate(
        "svg => [getComputedStyle(svg).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colours[0] != colours[1]
    results = Axe().run(page)
    problems = [
        f"{rule['id']}: {node['target']}: {node['failureSummary']}"
        for rule in results.response["violations"]
        for node in rule["nodes"]
    ]
    assert problems == [], "\n".join(problems)
    dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    screenshot(page, f"engagement-report-{'dark' if dark else 'light'}", full_page=True)


def test_the_filters_change_the_report(page, report_data):
    log_in(page)
    page.goto("/admin/ugc-reports/?" + urlencode(PERIOD))
    page.get_by_role("link", name="Winter").click()
    expect(page.locator("[data-figure=received]")).to_have_text("3")
    expect(page.locator("[data-figure=impressions]")).to_have_text("40")
