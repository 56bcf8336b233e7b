"""A gallery costs the same number of queries for 3 items as for 60, and makes no rendition-cache calls."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail_ugc.display.fragments import KEY_PREFIX
from wagtail_ugc.models import UGCRendition

from .helpers import gallery_value, photo_submission, render_block, review_submission

pytestmark = pytest.mark.django_db


def cold_render(block, value):
    """Render with every cache empty: a warm rendition cache would hide an N+1."""
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        html = render_block(block, value)
    return html, len(queries)


def photo_count(submissions):
    return sum(submission.photos.count() for submission in submissions)


def make_photos(n):
    return [photo_submission(credit_line=f"P{i}", photos=1 + i % 2) for i in range(n)]


@pytest.mark.parametrize(
    "source", ["all", "picked"], ids=["query-source", "hand-picked"]
)
def test_same_query_count_for_3_and_60_items(source):
    small = make_photos(3)
    options = {"max_items": 100, "source": source}
    block, value = gallery_value(
        **options, **({"items": small} if source == "picked" else {})
    )
    html_small, queries_small = cold_render(block, value)
    large = small + make_photos(57)
    block, value = gallery_value(
        **options, **({"items": large} if source == "picked" else {})
    )
    html_large, queries_large = cold_render(block, value)
    assert html_small.count("<picture>") == photo_count(small)
    assert html_large.count("<picture>") == photo_count(large)
    assert queries_large == queries_small


def test_rendering_writes_nothing_to_the_rendition_cache_and_makes_no_rendition():
    make_photos(4)
    review_submission()
    renditions = UGCRendition.objects.count()
    block, value = gallery_value(kinds=["photo", "review"])
    cold_render(block, value)
    cache = caches["default"]
    # locmem: not one key written but the gallery's own rendered items.
    assert [key for key in cache._cache if KEY_PREFIX not in key] == []
    assert UGCRendition.objects.count() == renditions
