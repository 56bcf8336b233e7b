"""A cached item page answers 410 on the very next request after its item is withdrawn or erased."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from wagtail_ugc.links import withdraw_url
from wagtail_ugc.models import Submission

from ..display.helpers import review_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def item_page_cache(settings):
    """wagtail_ugc.pagecache, purged as a frontend-cache backend (docs/deployment.md)."""
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    settings.MIDDLEWARE = [
        "wagtail_ugc.pagecache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "wagtail_ugc.pagecache.FetchFromCacheMiddleware",
    ]
    settings.WAGTAILFRONTENDCACHE = {
        "pages": {"BACKEND": "wagtail_ugc.pagecache.PageCacheBackend"}
    }
    cache.clear()
    yield
    cache.clear()


def get(submission):
    return Client().get(f"/ugc/items/{submission.uuid}/")


def cached_page_of(submission):
    """Its page, proven to come from the page cache: a quiet change does not show."""
    first = get(submission)
    assert first.status_code == 200
    assert "Credit-before" in first.content.decode()
    Submission.objects.filter(pk=submission.pk).update(credit_line="Credit-quiet")
    again = get(submission)
    assert "Credit-before" in again.content.decode()
    # Browsers ask again every time; shared caches keep it as long as this cache.
    assert "max-age=0" in again["Cache-Control"]
    assert "s-maxage=600" in again["Cache-Control"]
    return again


def test_a_cached_item_page_answers_410_right_after_withdrawal(
    item_page_cache, django_capture_on_commit_callbacks
):
    submission = review_submission(credit_line="Credit-before")
    cached_page_of(submission)

    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(withdraw_url(submission)).status_code == 200

    assert get(submission).status_code == 410


def test_a_cached_item_page_answers_410_right_after_erasure(
    item_page_cache, django_capture_on_commit_callbacks
):
    submission = review_submission(
        credit_line="Credit-before", creator__email="erase-me@example.com"
    )
    cached_page_of(submission)

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "ugc_erase_creator", "erase-me@example.com", "--yes", stdout=StringIO()
        )

    assert get(submission).status_code == 410


def test_with_djangos_own_cache_middleware_the_cache_is_cleared(
    page_cache, django_capture_on_commit_callbacks
):
    # tests/conftest.py's page_cache: Django's middleware and PAGE_CACHE_ALIAS.
    submission = review_submission(credit_line="Credit-before")
    assert "Credit-before" in get(submission).content.decode()
    Submission.objects.filter(pk=submission.pk).update(credit_line="Credit-quiet")
    assert "Credit-before" in get(submission).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(withdraw_url(submission)).status_code == 200

    assert get(submission).status_code == 410
