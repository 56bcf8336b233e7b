"""Engagement from a real page view in Chromium: an impression after scrolling, a credit click, folded into the daily rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wagtail_ugc.engagement import counting
from wagtail_ugc.models import EngagementDay

from ..engagement.helpers import BROWSER_UA, page_with_gallery, shown_items

pytestmark = pytest.mark.django_db(transaction=True)


def fold_and_read():
    counting.fold(now=timezone.now() + timedelta(seconds=3 * counting.bucket_seconds()))
    return {
        row.submission_id: (row.impressions, row.credit_clicks)
        for row in EngagementDay.objects.all()
    }


@pytest.fixture
def visitor(browser, live_server, root_collection):
    # Playwright's headless Chromium says "HeadlessChrome", which is never
    # counted (docs/engagement.md); a visitor's Chrome says "Chrome".
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", user_agent=BROWSER_UA
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_an_impression_after_scrolling_and_a_credit_click_are_counted(
    visitor, live_server
):
    items = shown_items(3, credit_url=f"{live_server.url}/credit-target/")
    page = page_with_gallery(max_items=3)
    visitor.set_viewport_size({"width": 800, "height": 600})
    # Far below the fold: nothing is seen until the visitor scrolls.
    visitor.goto(page.url)
    visitor.evaluate(
        "document.querySelector('[data-ugc-gallery]').style.marginTop = '3000px'"
    )
    beacons = []
    visitor.on(
        "request",
        lambda r: beacons.append(r) if "/engagement/beacon/" in r.url else None,
    )
    visitor.wait_for_timeout(500)
    visitor.evaluate("document.dispatchEvent(new Event('pagehide'))")
    assert beacons == []  # nothing seen yet, so nothing sent

    first = visitor.locator(f'[data-ugc-item="{items[-1].pk}"]')
    first.scroll_into_view_if_needed()
    # The batch goes out when the page is hidden (or after a few seconds).
    with visitor.expect_request(lambda r: "/engagement/beacon/" in r.url):
        visitor.evaluate(
            "Object.defineProperty(document, 'visibilityState', {value: 'hidden'});"
            "document.dispatchEvent(new Event('visibilitychange'))"
        )
    assert len(beacons) == 1

    credit = first.locator("a.ugc-credit__name")
    with visitor.expect_request(lambda r: "/engagement/beacon/" in r.url) as sent:
        credit.click()
    assert sent.value.method == "POST"
    # Counted below only because Chromium sent the page's Origin (Playwright
    # does not report the headers of keepalive requests).
    visitor.wait_for_timeout(500)
    # One fold, as the cron's: an impression and a credit click, nothing else.
    seen = fold_and_read()
    assert seen[items[-1].pk] == (1, 1)
    # Its neighbours may have scrolled into view too; none was clicked.
    assert all(counts == (1, 0) for pk, counts in seen.items() if pk != items[-1].pk)
