"""Counting on Django's Redis cache backend with pipelines: the same keys, values and counts as the cache API, in a few round trips.

Against a real Redis (``REDIS_URL``, else db 7 on 127.0.0.1; skipped when
none answers). Each test writes under a key prefix of its own and removes its
keys after. The cache-API path on Redis is reached through a subclass of the
backend (``PlainRedisCache``), which counting does not take for Django's own.
"""

import os
import pickle
import uuid
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory
from django.utils import timezone

from tests.concurrency import at_once
from wagtail_ugc.engagement import counting, tokens
from wagtail_ugc.models import EngagementDay, EngagementFold

from .helpers import (
    BROWSER_UA,
    counts,
    midday_today,
    page_with_gallery,
    send,
    shown_items,
)

redis = pytest.importorskip("redis")

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")
BUCKET = timedelta(seconds=300)


class PlainRedisCache(RedisCache):
    """Django's Redis backend under another name: counting takes the cache API for it."""


class PickledIntegers:
    """A serializer that pickles integers too: INCRBY cannot add to what it stores."""

    def dumps(self, value):
        return pickle.dumps(value)

    def loads(self, data):
        return pickle.loads(data)  # noqa: S301 - what this test wrote itself


class CountingPool(redis.ConnectionPool):
    """A connection pool that counts checkouts: one per command sent alone, one per pipeline."""

    checkouts = 0

    def get_connection(self, *args, **kwargs):
        CountingPool.checkouts += 1
        return super().get_connection(*args, **kwargs)


def redis_reachable():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def redis_caches(settings):
    """Add caches ``redis`` (pipelined), ``plain`` (cache API on Redis), ``locmem``; engagement counts in ``redis``."""
    if not redis_reachable():
        pytest.skip(f"no Redis at {REDIS_URL}")
    run = uuid.uuid4().hex
    prefixes = {name: f"wagtail-ugc-test-{run}-{name}" for name in ("redis", "plain")}
    settings.CACHES = {
        **settings.CACHES,
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefixes["redis"],
            "OPTIONS": {"pool_class": CountingPool},
        },
        "plain": {
            "BACKEND": f"{__name__}.PlainRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefixes["plain"],
        },
        "locmem": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"engagement-{run}",
        },
    }
    use_cache(settings, "redis")
    yield prefixes
    server = redis.Redis.from_url(REDIS_URL)
    for prefix in prefixes.values():
        keys = list(server.scan_iter(match=f"{prefix}:*"))
        if keys:
            server.delete(*keys)


def use_cache(settings, alias):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "ENGAGEMENT_CACHE": alias}


def stored(prefix):
    """Every key under ``prefix`` (without it) with its raw value and whether it expires."""
    server = redis.Redis.from_url(REDIS_URL)
    return {
        key.decode().removeprefix(f"{prefix}:"): (server.get(key), server.ttl(key) > 0)
        for key in server.scan_iter(match=f"{prefix}:*")
    }


def visitor(address):
    return RequestFactory().post("/", REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER_UA)


def beacons(items):
    """A token's beacons from three visitors, with replays: ``[(request, events)]``."""
    first, second, third = (item.pk for item in items)
    return [
        (visitor("198.51.100.1"), [("impression", first), ("impression", second)]),
        (visitor("198.51.100.1"), [("impression", first), ("link", first)]),
        (visitor("198.51.100.2"), [("impression", first), ("credit", third)]),
        (visitor("198.51.100.2"), [("impression", first), ("credit", third)]),
        (visitor("198.51.100.3"), [("lightbox", second), ("lightbox", second)]),
    ]


def token_for(page, items):
    return tokens.read(tokens.issue(page.pk, [item.pk for item in items]))


def count_all(token, items, now):
    return [
        counting.count(token, events, request, now=now)
        for request, events in beacons(items)
    ]


def folded_rows(now):
    counting.fold(now=now + 3 * BUCKET)
    return {
        (row.page_id, row.submission_id, row.day): (
            row.impressions,
            row.lightbox_opens,
            row.link_clicks,
            row.credit_clicks,
        )
        for row in EngagementDay.objects.all()
    }


@pytest.fixture
def shown(db):
    return page_with_gallery(), shown_items(3)


def test_only_djangos_own_redis_backend_with_its_serializer_is_pipelined(
    redis_caches, settings
):
    assert counting.redis_client(caches["redis"]) is not None
    assert counting.redis_client(caches["plain"]) is None
    assert counting.redis_client(caches["locmem"]) is None
    settings.CACHES = {
        **settings.CACHES,
        "pickled": {
            **settings.CACHES["redis"],
            "OPTIONS": {"serializer": f"{__name__}.PickledIntegers"},
        },
    }
    assert counting.redis_client(caches["pickled"]) is None


def test_pipelines_write_exactly_the_keys_and_values_of_the_cache_api(
    redis_caches, settings, shown
):
    page, items = shown
    now = timezone.now()
    token = token_for(page, items)  # one token: the seen keys hash its signature
    use_cache(settings, "plain")
    by_cache_api = count_all(token, items, now)
    use_cache(settings, "redis")
    pipelined = count_all(token, items, now)
    assert pipelined == by_cache_api == [2, 1, 2, 0, 1]
    written = stored(redis_caches["redis"])
    assert written == stored(redis_caches["plain"])
    # Seen keys, counters, the sequence, one index entry per counter; all expire.
    assert len(written) == 6 + 5 + 1 + 5
    assert all(expires for _value, expires in written.values())
    # Read back through Django's cache API, as the fold reads them.
    bucket = counting.bucket_of(now)
    day = timezone.localdate(now).isoformat()
    cell = f"{day}.{page.pk}.{items[0].pk}.impression"
    cache = caches["redis"]
    assert cache.get(counting._seq_key(bucket)) == 5
    assert cache.get(counting._counter_key(bucket, cell)) == 2
    assert cache.get(counting._index_key(bucket, 1)) == cell


def test_the_same_beacons_fold_into_the_same_rows_as_on_local_memory(
    redis_caches, settings, shown
):
    page, items = shown
    now = timezone.now()
    token = token_for(page, items)
    use_cache(settings, "locmem")
    assert count_all(token, items, now) == [2, 1, 2, 0, 1]
    on_locmem = folded_rows(now)
    EngagementDay.objects.all().delete()
    EngagementFold.objects.all().delete()
    use_cache(settings, "redis")
    assert count_all(token, items, now) == [2, 1, 2, 0, 1]
    day = timezone.localdate(now)
    first, second, third = (item.pk for item in items)
    assert (
        folded_rows(now)
        == on_locmem
        == {
            (page.pk, first, day): (2, 0, 1, 0),
            (page.pk, second, day): (1, 1, 0, 0),
            (page.pk, third, day): (0, 0, 0, 1),
        }
    )


def test_a_replayed_beacon_counts_once(redis_caches, client, shown):
    page, items = shown
    token = tokens.issue(page.pk, [item.pk for item in items])
    beacon = [{"t": token, "e": [["impression", items[0].pk], ["link", items[0].pk]]}]
    assert send(client, beacon).status_code == 204
    assert send(client, beacon).status_code == 204
    assert send(client, beacon, REMOTE_ADDR="198.51.100.9").status_code == 204
    assert counts() == {(page.pk, items[0].pk): (2, 0, 2, 0)}


def test_folds_after_pipelined_counts_add_each_bucket_once(redis_caches, shown):
    page, items = shown
    now = midday_today()
    token = token_for(page, items)
    events = [("impression", item.pk) for item in items]
    for minutes, address in (
        (-10, "198.51.100.1"),
        (-10, "198.51.100.2"),
        (0, "198.51.100.3"),
    ):
        counting.count(
            token, events, visitor(address), now=now + timedelta(minutes=minutes)
        )
    assert counting.fold(now=now) == {"buckets": 1, "counts": 6}
    assert counting.fold(now=now) == {"buckets": 0, "counts": 0}
    assert counting.fold(now=now + 3 * BUCKET) == {"buckets": 1, "counts": 3}
    day = timezone.localdate(now)
    assert {
        (row.submission_id, row.day): row.impressions
        for row in EngagementDay.objects.all()
    } == {(item.pk, day): 3 for item in items}


def test_a_beacon_costs_two_round_trips_four_when_it_creates_counters(
    redis_caches, shown
):
    page, items = shown
    now = timezone.now()
    token = token_for(page, items)
    events = [(event, item.pk) for event in counting.EVENTS for item in items]
    costs = []
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.2"):
        before = CountingPool.checkouts
        counting.count(token, events, visitor(address), now=now)
        costs.append(CountingPool.checkouts - before)
    # New counters; existing counters; a replay (nothing past the seen keys).
    assert costs == [4, 2, 1]


def test_threads_counting_the_same_cells_lose_nothing(redis_caches, shown):
    page, items = shown
    now = timezone.now()
    token = token_for(page, items)
    events = [("impression", item.pk) for item in items]
    shared = [f"198.51.100.{n}" for n in range(10)]

    def visitors(thread):
        # Ten visitors every thread sends (each counts once), ten of its own.
        own = [f"203.0.113.{thread * 10 + n}" for n in range(10)]
        return lambda: sum(
            counting.count(token, events, visitor(address), now=now)
            for address in shared + own
        )

    threads = 8
    results = at_once(*(visitors(thread) for thread in range(threads)))
    per_item = len(shared) + threads * 10
    assert sum(results) == per_item * len(items), results
    # Each counter entered in the bucket's index once, whichever thread created it.
    cache = caches["redis"]
    bucket = counting.bucket_of(now)
    assert cache.get(counting._seq_key(bucket)) == len(items)
    day = timezone.localdate(now)
    assert folded_rows(now) == {
        (page.pk, item.pk, day): (per_item, 0, 0, 0) for item in items
    }
