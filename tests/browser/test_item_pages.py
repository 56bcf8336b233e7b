"""Item pages in a real browser: from the gallery to an item's page and its canonical URL; 410 after withdrawal."""

import json
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from wagtail.models import Site

from wagtail_ugc.links import withdraw_url
from wagtail_ugc.models import Submission

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def item_site(gallery_site, settings, live_server):
    """The demo gallery, its Wagtail Site at the live server's address (the canonical host)."""
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "BASE_TEMPLATE_HEAD_BLOCK": "extra_head",
    }
    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(
        hostname=address.hostname, port=address.port
    )


def json_ld(page):
    return [
        json.loads(text)
        for text in page.locator(
            'script[type="application/ld+json"]'
        ).all_text_contents()
    ]


def test_from_the_gallery_to_the_item_page_and_its_canonical_url(
    item_site, page, live_server, screenshot
):
    page.goto("/gallery/")
    grid = page.locator(".ugc-gallery--grid")
    # An item with a licence that has a URL (CC BY 4.0 in the demo).
    item = grid.locator("li.ugc-item", has=page.locator("a[rel=license]")).first
    credit = item.locator(".ugc-credit__name").inner_text()
    item.get_by_role("link", name="Permalink").click()
    page.wait_for_load_state()
    assert "/ugc/items/" in page.url

    page.get_by_role("heading", level=1, name=f"Photo by {credit}").wait_for()
    canonical = page.locator('head link[rel="canonical"]').get_attribute("href")
    assert canonical.startswith(live_server.url + "/ugc/items/")
    response = page.goto(canonical)
    assert response.status == 200
    assert page.url == canonical
    assert response.headers["tdm-reservation"] in ("0", "1")
    og_image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert page.request.get(og_image).status == 200

    graphs = json_ld(page)
    assert graphs and all(g["@context"] == "https://schema.org" for g in graphs)
    objects = [node for graph in graphs for node in graph.get("@graph", [graph])]
    (image,) = [node for node in objects if node["@type"] == "ImageObject"]
    assert image["author"]["name"] == credit
    assert image["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert image["url"] == image["mainEntityOfPage"] == canonical
    assert page.request.get(image["contentUrl"]).status == 200

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    screenshot(page, "item-page", full_page=True)


def test_a_withdrawn_item_page_answers_410(item_site, page):
    submission = Submission.objects.displayable().filter(kind="photo").first()
    item_path = f"/ugc/items/{submission.uuid}/"
    assert page.goto(item_path).status == 200

    # The creator withdraws it through the link their e-mails carry.
    page.goto(withdraw_url(submission))
    page.get_by_role("button", name="Withdraw it").click()
    page.wait_for_load_state()

    response = page.goto(item_path)
    assert response.status == 410
    page.get_by_role("heading", name="No longer shown").wait_for()
    page.goto("/gallery/")
    assert page.locator(f'a[href="{item_path}"]').count() == 0
