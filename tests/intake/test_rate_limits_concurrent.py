"""Rate limits that hold when posts overlap: never one accepted over the limit.

Photo posts are slow (the upload is read and checked before anything is
saved), so a limit checked first and counted after the save let overlapping
posts through together. Real simultaneous posts against a live server
(tests/concurrency.py), with the local-memory cache and, when REDIS_URL is
set and the ``redis`` package installed, with Redis.
"""

import os
import uuid

import pytest
from django.urls import reverse

from tests.concurrency import at_once, serving, visitor_post
from tests.images import jpeg_bytes
from wagtail_ugc.models import Submission

from .conftest import form_data

pytestmark = pytest.mark.django_db(transaction=True)


def redis_cache():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("set REDIS_URL to test the limits on Redis")
    pytest.importorskip("redis")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        # Counters of this test only, however often the suite runs in an hour.
        "KEY_PREFIX": f"wagtail-ugc-test-{uuid.uuid4()}",
    }


@pytest.fixture(params=["locmem", "redis"])
def limits_cache(request, settings):
    """The cache the limits count in: the local-memory one, or Redis."""
    if request.param == "redis":
        settings.CACHES = {**settings.CACHES, "limits": redis_cache()}
    else:
        settings.CACHES = {
            **settings.CACHES,
            "limits": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"limits-{uuid.uuid4()}",
            },
        }
    return "limits"


def limits(settings, cache, **values):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "RATE_LIMIT_CACHE": cache,
        **values,
    }


def photo_post(index):
    data = form_data(
        kind="photo",
        name=f"Visitor {index}",
        email=f"visitor{index}@example.com",
        credit_line=f"@visitor{index}",
    )
    del data["photos"]
    return data, {"photos": ("photo.jpg", jpeg_bytes(1600, 1200), "image/jpeg")}


def submit_path(campaign):
    return reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})


def test_overlapping_photo_posts_never_pass_the_address_limit(
    campaign, settings, limits_cache
):
    limits(settings, limits_cache, RATE_LIMIT_PER_IP=10)
    path = submit_path(campaign)
    with serving() as site:
        for index in range(5):
            assert visitor_post(site, path, *photo_post(index)) == 302
        statuses = at_once(
            *(
                lambda index=index: visitor_post(site, path, *photo_post(index))
                for index in range(5, 13)
            )
        )
    assert sorted(statuses) == [302] * 5 + [429] * 3
    assert Submission.objects.count() == 10


def test_simultaneous_posts_never_pass_the_e_mail_limit(
    campaign, settings, limits_cache
):
    limits(settings, limits_cache, RATE_LIMIT_PER_IP=1000, RATE_LIMIT_PER_EMAIL=3)
    path = submit_path(campaign)
    review = form_data(kind="review", email="same@example.com")
    with serving() as site:
        statuses = at_once(
            *(lambda: visitor_post(site, path, review) for _ in range(8))
        )
    assert sorted(statuses) == [302] * 3 + [429] * 5
    assert Submission.objects.filter(creator__email="same@example.com").count() == 3


def test_refused_posts_do_not_use_up_the_allowance(client, campaign, settings):
    limits(settings, "default", RATE_LIMIT_PER_IP=2)
    url = submit_path(campaign)

    def post(**overrides):
        data = form_data(kind="review", **overrides)
        return client.post(url, data, REMOTE_ADDR="203.0.113.7").status_code

    # A typo, a missing tick and a filled-in honeypot count for nothing.
    assert post(email="not an address") == 400
    assert post(accept_terms=None) == 400
    assert post(leave_empty="I am a bot") == 400
    assert post() == 302
    assert post(email="second@example.com") == 302
    assert post(email="third@example.com") == 429
    assert Submission.objects.count() == 2
