"""Galleries in a real browser: lightbox by keyboard, JS off, carousel, axe-core, no third-party requests."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_lightbox_works_by_keyboard(gallery_site, page, screenshot):
    page.goto("/gallery/")
    grid = page.locator(".ugc-gallery--grid")
    first = grid.locator("[data-ugc-full]").first
    first.focus()
    page.keyboard.press("Enter")

    dialog = page.locator("dialog.ugc-lightbox[open]")
    dialog.wait_for()
    assert page.evaluate("document.activeElement.className") == "ugc-lightbox__close"
    total = grid.locator("[data-ugc-full]").count()
    assert dialog.locator(".ugc-lightbox__counter").inner_text() == f"1 / {total}"
    assert "Mei Chen" in dialog.locator("figcaption").inner_text()

    page.keyboard.press("ArrowRight")
    assert dialog.locator(".ugc-lightbox__counter").inner_text() == f"2 / {total}"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert dialog.locator(".ugc-lightbox__counter").inner_text() == f"{total} / {total}"

    for _ in range(7):  # focus stays inside the lightbox
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('dialog')")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("!!document.activeElement.closest('dialog')")
    screenshot(page, "gallery-lightbox")

    page.keyboard.press("Escape")
    assert page.locator("dialog.ugc-lightbox[open]").count() == 0
    assert page.evaluate(
        "document.activeElement === document.querySelector('.ugc-gallery--grid [data-ugc-full]')"
    )


def test_with_javascript_off_every_item_shows_and_load_more_is_a_link(
    gallery_site, browser, live_server
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/gallery/")
    grid = page.locator(".ugc-gallery--grid")
    first_page = grid.locator(".ugc-gallery__items > li")
    assert first_page.count() == 8
    for n in range(first_page.count()):
        assert first_page.nth(n).is_visible()
    assert page.locator(".ugc-gallery--carousel .ugc-gallery__items > li").count() > 1

    grid.get_by_role("link", name="Load more").click()
    page.wait_for_load_state()
    assert "ugc-" in page.url and "=2" in page.url
    assert page.locator(".ugc-gallery--grid .ugc-gallery__items > li").count() == 5
    # A photo link opens the large image itself.
    href = page.locator(".ugc-gallery--grid [data-ugc-full]").first.get_attribute(
        "href"
    )
    response = page.goto(href)
    assert response.status == 200
    assert response.headers["content-type"] == "image/webp"
    context.close()


def test_load_more_with_javascript_adds_the_next_items_in_place(gallery_site, page):
    page.goto("/gallery/")
    items = page.locator(".ugc-gallery--grid .ugc-gallery__items > li")
    assert items.count() == 8
    page.locator(".ugc-gallery--grid").get_by_role("link", name="Load more").click()
    expect(items).to_have_count(13)
    assert page.url.endswith("/gallery/")
    assert page.locator(".ugc-gallery--grid [data-ugc-more]").count() == 0
    assert page.evaluate(
        "document.activeElement === document.querySelectorAll('.ugc-gallery--grid .ugc-gallery__items > li')[8]"
    )


def test_carousel_buttons_move_instantly_when_motion_is_reduced(
    gallery_site, browser, live_server
):
    context = browser.new_context(
        base_url=live_server.url,
        reduced_motion="reduce",
        viewport={"width": 700, "height": 900},
    )
    page = context.new_page()
    page.goto("/gallery/")
    track = page.locator(".ugc-gallery--carousel .ugc-gallery__items")
    assert track.evaluate("t => t.scrollLeft") == 0
    page.locator(".ugc-gallery--carousel").get_by_role("button", name="Next").click()
    assert track.evaluate("t => t.scrollLeft") > 0  # no smooth animation to wait for
    context.close()


def test_axe_finds_no_accessibility_violations(gallery_site, page, screenshot):
    page.goto("/gallery/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    screenshot(page, "gallery", full_page=True)

    page.locator(".ugc-gallery--masonry [data-ugc-full]").first.click()
    page.locator("dialog.ugc-lightbox[open]").wait_for()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_gallery_makes_no_request_to_another_host(gallery_site, page, live_server):
    site_host = urlsplit(live_server.url).netloc
    requests, failures = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "response",
        lambda response: (
            failures.append(response.url)
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.goto("/gallery/")
    page.mouse.wheel(0, 20000)  # let lazy images below the fold load too
    page.wait_for_timeout(500)
    page.wait_for_load_state("networkidle")
    assert requests
    assert {urlsplit(url).netloc for url in requests} == {site_host}
    assert failures == []
    assert (
        page.evaluate(
            "[...document.images].filter(i => i.complete && i.naturalWidth === 0).length"
        )
        == 0
    )
