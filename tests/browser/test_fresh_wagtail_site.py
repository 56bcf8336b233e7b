"""wagtail-ugc in a site it did not write: a fresh ``wagtail start`` site set up the README's way.

Visitor → moderator → gallery → withdraw, in a real browser, on a site that
renders ``{{ page.body }}`` with its own base template and a dark theme.
Building the site installs the wheel into a new virtual environment (about a
minute from pip's cache), so it runs when ``UGC_FRESH_SITE=1`` (as in CI).
"""

import os
import subprocess
import time
from urllib.error import URLError

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .. import fresh_site
from ..images import jpeg_bytes
from ..ports import free_port, status_of

pytestmark = pytest.mark.skipif(
    os.environ.get("UGC_FRESH_SITE") != "1",
    reason="builds a fresh wagtail start site; set UGC_FRESH_SITE=1 (CI does)",
)


@pytest.fixture(scope="module")
def fresh_site_url(tmp_path_factory):
    site, python = fresh_site.build(tmp_path_factory.mktemp("fresh"))
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")
    }
    log = open(site / "runserver.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(python), "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=site,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if status_of(url + "/") == 200:
                    break
            except URLError:
                time.sleep(0.2)
        else:
            raise RuntimeError((site / "runserver.log").read_text())
        yield url
    finally:
        server.terminate()
        server.wait(10)
        log.close()


# `wagtail start`'s base template has no <main>: that is the site's to fix,
# so the page-level landmark rules are left out; everything else is checked,
# colour contrast against the site's dark theme included.
SITE_TEMPLATE_RULES = {
    "region": {"enabled": False},
    "landmark-one-main": {"enabled": False},
}


def assert_accessible(page):
    results = Axe().run(page, options={"rules": SITE_TEMPLATE_RULES})
    assert results.violations_count == 0, results.generate_report()


def test_visitor_moderator_gallery_withdraw(browser, fresh_site_url, tmp_path):
    visitor = browser.new_context(base_url=fresh_site_url, locale="en-GB").new_page()
    visitor.set_default_timeout(15_000)
    visitor.goto("/")
    expect(visitor.get_by_role("heading", name="Share your photo")).to_be_visible()
    # The site's own dark theme is on, and the form is readable in it.
    assert (
        visitor.evaluate("getComputedStyle(document.body).backgroundColor")
        == "rgb(18, 18, 18)"
    )
    assert_accessible(visitor)

    photo = tmp_path / "IMG_2001.JPG"
    photo.write_bytes(jpeg_bytes(1200, 900))
    visitor.get_by_label("Photo", exact=True).check()
    visitor.get_by_label("Photos").set_input_files(str(photo))
    visitor.get_by_label("Caption or review").fill("Sunrise over the fjord")
    visitor.get_by_label("Your name").fill("Ola Nordmann")
    visitor.get_by_label("Your e-mail").fill("ola@example.com")
    visitor.get_by_label("Credit me as").fill("Ola N.")
    visitor.get_by_label("I agree to the terms above.").check()
    visitor.get_by_label("I am 16 or older.").check()
    visitor.get_by_label("Everyone shown agreed to share it.").check()
    visitor.get_by_role("button", name="Send").click()

    # The thank-you page is framed by the site's own base template.
    expect(visitor.get_by_role("heading", name="Thank you!")).to_be_visible()
    assert visitor.locator("link[href$='/static/css/mysite.css']").count() == 1
    assert_accessible(visitor)
    withdraw_url = visitor.get_by_role(
        "link", name="Withdraw my submission"
    ).get_attribute("href")

    moderator = browser.new_context(base_url=fresh_site_url, locale="en-GB").new_page()
    moderator.set_default_timeout(15_000)
    moderator.goto("/admin/login/")
    moderator.get_by_label("Username").fill("admin")
    moderator.get_by_label("Password").fill(fresh_site.ADMIN_PASSWORD)
    moderator.get_by_role("button", name="Sign in").click()
    expect(moderator.locator("body")).to_contain_text("awaiting moderation")
    moderator.goto("/admin/ugc/queue/")
    item = moderator.locator("[data-ugc-item]").first
    expect(item).to_contain_text("Sunrise over the fjord")
    item.get_by_label("Alt text, photo 1").fill("The sun rising over a fjord")
    item.get_by_label("Alt text, photo 1").press("Enter")
    expect(moderator.locator("[data-ugc-status]")).to_have_text("Saved.")
    moderator.keyboard.press("Escape")
    moderator.keyboard.press("a")
    expect(moderator.locator("[data-ugc-status]")).to_contain_text("Approved")

    visitor.goto("/")
    tile = visitor.locator(".ugc-gallery img[alt='The sun rising over a fjord']")
    expect(tile).to_be_visible()
    expect(visitor.locator(".ugc-gallery")).to_contain_text("Ola N.")
    image_url = fresh_site_url + tile.get_attribute("src")
    assert status_of(image_url) == 200
    assert_accessible(visitor)
    visitor.locator(".ugc-gallery [data-ugc-full]").first.click()
    visitor.locator("dialog.ugc-lightbox[open]").wait_for()
    assert_accessible(visitor)
    visitor.keyboard.press("Escape")

    # The item's own page, in the site's frame, dark theme and <head>.
    visitor.locator(".ugc-gallery").get_by_role("link", name="Permalink").click()
    expect(visitor.get_by_role("heading", name="Photo by Ola N.")).to_be_visible()
    item_url = visitor.url
    assert visitor.locator("head link[rel='canonical']").count() == 1
    assert visitor.locator("head meta[property='og:image']").count() == 1
    assert (
        visitor.evaluate("getComputedStyle(document.body).backgroundColor")
        == "rgb(18, 18, 18)"
    )
    assert_accessible(visitor)

    visitor.goto(withdraw_url)
    visitor.get_by_role("button", name="Withdraw it").click()
    expect(
        visitor.get_by_role("heading", name="Your submission is withdrawn")
    ).to_be_visible()
    visitor.goto("/")
    expect(visitor.get_by_role("heading", name="Share your photo")).to_be_visible()
    assert visitor.locator(".ugc-gallery img").count() == 0
    assert status_of(image_url) == 404
    assert status_of(item_url) == 410
