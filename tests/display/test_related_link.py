"""Each item links to the page it is about ("See: Trail tent"), counted as a link click.

Shown only for a live related page other than the page being viewed; its
title and URL are part of the fragment cache key; loading it costs no query
per item.
"""

import json
import re

import pytest
from wagtail.models import Page

from wagtail_ugc.display.blocks import UGCFeaturedBlock, UGCReviewsBlock

from ..engagement.helpers import counts, send, shown_items, tokens_in
from .helpers import (
    gallery_page,
    gallery_value,
    photo_submission,
    render_block,
    review_submission,
)
from .test_fragment_cache import cache, render, uncached, warm  # noqa: F401
from .test_queries import cold_render

pytestmark = pytest.mark.django_db

LINK = re.compile(
    r'<p class="ugc-item__related"><a href="([^"]*)" data-ugc-link>See: ([^<]*)</a></p>'
)


def product_page(title="Trail tent 2", slug="trail-tent", body=()):
    """A published page a submission can be about."""
    from demo.content.site import ensure_home
    from home.models import ContentPage

    home = Page.objects.get(pk=ensure_home().pk)
    page = ContentPage(title=title, slug=slug, body=list(body))
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def rename(page, title, slug=None):
    page.title = title
    page.slug = slug or page.slug
    page.save_revision().publish()
    page.refresh_from_db()


def links_in(html):
    return LINK.findall(html)


def test_a_gallery_item_links_to_its_related_page_with_its_title():
    tent = product_page()
    photo_submission(credit_line="Ana", related_page=tent)
    photo_submission(credit_line="Bo")  # about no page: no link
    block, value = gallery_value()
    html = render_block(block, value)
    assert links_in(html) == [("/trail-tent/", "Trail tent 2")]
    assert tent.get_url() == "/trail-tent/"
    # Inside the item (data-ugc-item) whose clicks gallery.js counts.
    items = re.findall(
        r'<li class="ugc-item[^"]*" data-ugc-item="\d+">(?:(?!</li>).)*</li>',
        html,
        re.S,
    )
    [item] = [item for item in items if "data-ugc-link" in item]
    assert "Ana" in item
    # Search engines learn what the photo is about.
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    [image] = [o for o in json.loads(data)["@graph"] if "about" in o]
    assert image["about"] == {
        "@type": "WebPage",
        "name": "Trail tent 2",
        "url": "http://testserver/trail-tent/",
    }


def test_featured_and_review_items_link_too():
    tent = product_page()
    featured = photo_submission(related_page=tent)
    review_submission(related_page=tent, text="Dry all week.")
    block = UGCFeaturedBlock()
    value = block.to_python({"submission": featured.pk})
    assert links_in(render_block(block, value)) == [("/trail-tent/", "Trail tent 2")]
    block = UGCReviewsBlock()
    value = block.to_python({"source": "all"})
    assert links_in(render_block(block, value)) == [("/trail-tent/", "Trail tent 2")]


def test_the_block_option_hides_the_link():
    tent = product_page()
    photo_submission(related_page=tent)
    block, value = gallery_value(show_related_link=False)
    assert links_in(render_block(block, value)) == []
    block = UGCReviewsBlock()
    review_submission(related_page=tent)
    value = block.to_python({"source": "all", "show_related_link": False})
    assert links_in(render_block(block, value)) == []


def test_no_link_to_an_unpublished_related_page():
    tent = product_page()
    photo_submission(related_page=tent)
    block, value = gallery_value()
    assert len(links_in(render_block(block, value))) == 1
    tent.unpublish()
    assert links_in(render_block(block, value)) == []


def test_no_link_to_the_page_being_viewed(client):
    block, value = gallery_value(source="all")
    tent = product_page(body=[("ugc_gallery", block.get_prep_value(value))])
    lamp = product_page(title="Camp lamp", slug="camp-lamp")
    photo_submission(credit_line="Ana", related_page=tent)
    photo_submission(credit_line="Bo", related_page=lamp)
    html = client.get(tent.url).content.decode()
    assert links_in(html) == [("/camp-lamp/", "Camp lamp")]
    # The same gallery elsewhere links to both.
    other = gallery_page(("ugc_gallery", block.get_prep_value(value)), slug="elsewhere")
    html = client.get(other.url).content.decode()
    assert sorted(links_in(html)) == [
        ("/camp-lamp/", "Camp lamp"),
        ("/trail-tent/", "Trail tent 2"),
    ]


def test_the_query_count_does_not_grow_with_the_items_and_their_pages():
    def items_about_pages(start, stop):
        for n in range(start, stop):
            page = product_page(title=f"Product {n}", slug=f"product-{n}")
            photo_submission(credit_line=f"P{n}", related_page=page)

    items_about_pages(0, 3)
    block, value = gallery_value(max_items=100)
    html_small, queries_small = cold_render(block, value)
    items_about_pages(3, 24)
    html_large, queries_large = cold_render(block, value)
    assert len(links_in(html_small)) == 3
    assert len(links_in(html_large)) == 24
    assert queries_large == queries_small


def test_a_cached_item_shows_the_new_title_url_or_no_link_on_the_next_request(
    settings,
    cache,  # noqa: F811
):
    tent = product_page()
    photo_submission(related_page=tent)
    block, value = gallery_value()
    assert links_in(warm(cache, block, value)) == [("/trail-tent/", "Trail tent 2")]

    rename(tent, "Trail tent 3")
    html = render(block, value)
    assert cache.calls == ["get_many", "set_many"], "the old fragment was reused"
    assert links_in(html) == [("/trail-tent/", "Trail tent 3")]
    assert html == uncached(settings, block, value)

    cache.calls.clear()
    rename(tent, "Trail tent 3", slug="trail-tent-3")
    assert links_in(render(block, value)) == [("/trail-tent-3/", "Trail tent 3")]

    _, hidden = gallery_value(show_related_link=False)
    assert links_in(render(block, hidden)) == []

    tent.unpublish()
    assert links_in(render(block, value)) == []


def test_a_hostile_page_title_is_escaped_in_the_html_and_the_json_ld():
    hostile = '</a><script>alert("x")</script>&amp;'
    tent = product_page(title=hostile)
    photo_submission(related_page=tent)
    block, value = gallery_value()
    html = render_block(block, value)
    assert "<script>alert" not in html
    assert (
        "See: &lt;/a&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;"
        in html
    )
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    [image] = json.loads(data)["@graph"]
    assert image["about"]["name"] == hostile


def test_a_click_on_the_link_counts_as_a_link_click(client):
    tent = product_page()
    [item] = shown_items(1, related_page=tent)
    block, value = gallery_value()
    page = gallery_page(("ugc_gallery", block.get_prep_value(value)))
    html = client.get(page.url).content.decode()
    # The link sits in the counted item, marked as its link.
    assert re.search(
        rf'data-ugc-item="{item.pk}">(?:(?!</li>).)*'
        r'<a href="/trail-tent/" data-ugc-link>See: Trail tent 2</a>',
        html,
        re.S,
    )
    [token] = tokens_in(html)
    # What gallery.js sends for a click on an element marked data-ugc-link.
    assert send(client, [{"t": token, "e": [["link", item.pk]]}]).status_code == 204
    assert counts() == {(page.pk, item.pk): (0, 0, 1, 0)}
