"""Galleries link each item to its page; the sitemap lists exactly the displayable items, at constant cost."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Site

from wagtail_ugc.display.blocks import UGCFeaturedBlock, UGCReviewsBlock
from wagtail_ugc.display.sitemaps import ItemSitemap
from wagtail_ugc.models.choices import ModerationStatus
from wagtail_ugc.rights.revocation import withdraw

from ..display.helpers import (
    gallery_page,
    gallery_value,
    photo_submission,
    render_block,
    review_submission,
)
from ..factories import SubmissionFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class SmallPages(ItemSitemap):
    limit = 3


SITEMAPS = {"ugc": ItemSitemap, "small": SmallPages}

urlpatterns = [
    path("ugc/", include("wagtail_ugc.urls")),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap"},
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]


def permalinks(html):
    return re.findall(r'<p class="ugc-item__permalink"><a href="([^"]+)">', html)


def test_every_gallery_item_links_to_its_page(client):
    shown = [photo_submission(credit_line=f"P{n}") for n in range(3)]
    page = gallery_page(("ugc_gallery", gallery_value()[1]))
    html = client.get(page.url).content.decode()
    links = permalinks(html)
    assert sorted(links) == sorted(f"/ugc/items/{s.uuid}/" for s in shown)
    # Each link names its item for screen readers.
    assert '<span class="ugc-visually-hidden"> (by P0)</span>' in html
    for link in links:
        assert client.get(link).status_code == 200


def test_reviews_and_featured_blocks_link_to_the_item_page():
    review = review_submission()
    block = UGCReviewsBlock()
    html = render_block(block, block.to_python({"source": "all"}))
    assert permalinks(html) == [f"/ugc/items/{review.uuid}/"]
    block = UGCFeaturedBlock()
    html = render_block(block, block.to_python({"submission": review.pk}))
    assert permalinks(html) == [f"/ugc/items/{review.uuid}/"]


def parse_xml(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own server's sitemap


def sitemap_locations(response):
    root = parse_xml(response)
    return [
        (url.find("s:loc", NS).text, url.find("s:lastmod", NS).text)
        for url in root.findall("s:url", NS)
    ]


@pytest.fixture
def sitemap_urls(settings):
    settings.ROOT_URLCONF = __name__
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "shop.example", 443
    site.save()


def test_the_sitemap_lists_only_displayable_items_with_absolute_urls(sitemap_urls):
    shown = [review_submission() for _ in range(2)]
    withdrawn = review_submission()
    withdraw(withdrawn)
    SubmissionFactory(moderation_status=ModerationStatus.PENDING)
    SubmissionFactory(moderation_status=ModerationStatus.REJECTED)

    listed = sitemap_locations(Client().get("/sitemap-ugc.xml"))

    assert [loc for loc, _ in listed] == [
        f"https://shop.example/ugc/items/{s.uuid}/" for s in shown
    ]
    assert all(lastmod for _, lastmod in listed)


def test_the_sitemap_index_names_each_page_of_items(sitemap_urls):
    for _ in range(7):
        review_submission()
    index = parse_xml(Client().get("/sitemap.xml"))
    locations = [node.text for node in index.findall("s:sitemap/s:loc", NS)]
    assert [loc.split("/")[-1] for loc in locations] == [
        "sitemap-ugc.xml",
        "sitemap-small.xml",
        "sitemap-small.xml?p=2",
        "sitemap-small.xml?p=3",
    ]
    pages = [
        sitemap_locations(Client().get(f"/sitemap-small.xml?p={n}")) for n in (1, 2, 3)
    ]
    assert [len(page) for page in pages] == [3, 3, 1]
    assert len({loc for page in pages for loc, _ in page}) == 7


def queries_for(url):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_sitemap_costs_the_same_queries_for_3_and_60_items(sitemap_urls):
    for _ in range(3):
        review_submission()
    few = (queries_for("/sitemap-ugc.xml"), queries_for("/sitemap.xml"))
    for _ in range(57):
        review_submission()
    many = (queries_for("/sitemap-ugc.xml"), queries_for("/sitemap.xml"))
    assert many == few
    assert few[0] <= 4


def test_the_example_site_sitemap_has_wagtails_pages_and_the_items():
    review = review_submission()
    page = gallery_page(("ugc_gallery", gallery_value()[1]))
    index = parse_xml(Client().get("/sitemap.xml"))
    sections = [
        node.text.split("/")[-1] for node in index.findall("s:sitemap/s:loc", NS)
    ]
    assert sections == ["sitemap-pages.xml", "sitemap-ugc.xml"]
    pages = [loc for loc, _ in sitemap_locations(Client().get("/sitemap-pages.xml"))]
    assert any(loc.endswith(page.url) for loc in pages)
    items = [loc for loc, _ in sitemap_locations(Client().get("/sitemap-ugc.xml"))]
    assert items == [f"http://localhost/ugc/items/{review.uuid}/"]
