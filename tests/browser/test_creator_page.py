"""A creator's own page in a real phone-sized browser: ask for the link, change the credit, withdraw everything."""

import re
import time
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail

from wagtail_ugc.models import Creator, Submission

from ..display.helpers import gallery_page, gallery_value, photo_submission

pytestmark = pytest.mark.django_db(transaction=True)

OLD, NEW = "Lina on the trail", "@lina.hikes"


@pytest.fixture
def narrow_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def emailed_link(address):
    # The e-mail is sent once the response has gone out, in the server's thread.
    for _attempt in range(100):
        for message in mail.outbox:
            if message.to == [address]:
                return urlsplit(
                    re.search(r"https?://\S+/my-submissions/\S+/", message.body).group(
                        0
                    )
                ).path
        time.sleep(0.1)
    raise AssertionError(f"No link was e-mailed to {address}")


def assert_fits_and_passes_axe(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_ask_for_the_link_change_the_credit_and_withdraw_everything(
    gallery_site, narrow_page, screenshot, root_collection
):
    page = narrow_page
    creator = Creator.objects.for_email("lina@example.org", name="Lina", language="en")
    photo_submission(creator=creator, credit_line=OLD)
    photo_submission(creator=creator, credit_line=OLD, text="Second morning")
    gallery = gallery_page(("ugc_gallery", gallery_value()[1]), slug="creator-gallery")

    page.goto(gallery.url)
    assert page.locator("li", has_text=OLD).count() == 2

    page.goto("/ugc/my-submissions/")
    assert_fits_and_passes_axe(page)
    page.get_by_label("Your e-mail address").fill("lina@example.org")
    page.get_by_role("button", name="E-mail me the link").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()

    page.goto(emailed_link("lina@example.org"))
    page.get_by_role("heading", name="Your submissions").wait_for()
    assert page.locator(".ugc-creator-item").count() == 2
    assert page.locator(".ugc-creator-item img").count() == 2
    assert_fits_and_passes_axe(page)
    screenshot(page, "creator-page-phone", full_page=True)

    page.get_by_role("link", name="Change the credit").first.click()
    page.get_by_label("Credit", exact=True).fill(NEW)
    page.get_by_role("button", name="Save the credit").click()
    page.get_by_role("status").wait_for()
    assert "Your new credit is saved" in page.get_by_role("status").inner_text()

    page.goto(gallery.url)
    assert page.locator("li", has_text=NEW).count() == 1
    assert page.locator("li", has_text=OLD).count() == 1

    page.go_back()
    page.reload()
    page.get_by_role("link", name="Withdraw all my submissions").click()
    page.get_by_role("button", name="Withdraw everything").click()
    assert "Everything is withdrawn" in page.get_by_role("status").inner_text()
    assert page.locator(".ugc-creator-item", has_text="Withdrawn by you").count() == 2
    assert_fits_and_passes_axe(page)

    page.goto(gallery.url)
    assert page.locator("li", has_text=NEW).count() == 0
    assert page.locator("li", has_text=OLD).count() == 0
    assert not Submission.objects.displayable().filter(creator=creator).exists()
