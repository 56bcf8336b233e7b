"""The beacon write path: beacons per second through the real view, beside a Django view that does nothing.

Both go through Django's test client (the whole middleware stack of the
site, no network or server), in this process, interleaved round by round so
load from other processes falls on both alike; values are medians. A beacon
carries 12 impressions (one gallery page) for one token, from a visitor who
has not sent them before (a new address each time, so the replay rule never
short-cuts it): 12 replay keys, 12 counters, and each new counter's entry in
its bucket's index. Counts gather in local memory, and in Redis too when
``BENCH_REDIS_URL`` names a database (Django's ``RedisCache``, which counting
drives with pipelines; the database is flushed of this benchmark's keys only
by their expiry). Goal: at least 1/5 of the empty view's rate with
local memory.
"""

import itertools
import json
import os
import statistics
import time

from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import include, path

from benchmarks.harness import Row

ROUNDS = 9
BEACONS_PER_ROUND = 200
ITEMS = 12
UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def nothing(request):
    return HttpResponse(status=204)


urlpatterns = [
    path("nothing/", nothing),
    path("ugc/", include("wagtail_ugc.urls")),
]

CACHE_SETTINGS = {
    "locmem": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "bench-engagement",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
}
if os.environ.get("BENCH_REDIS_URL"):
    CACHE_SETTINGS["redis"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["BENCH_REDIS_URL"],
        "KEY_PREFIX": "wagtail-ugc-bench",
    }
ALIASES = {name: f"bench-engagement-{name}" for name in CACHE_SETTINGS}


def run():
    from wagtail_ugc.engagement import tokens

    caches = {ALIASES[name]: config for name, config in CACHE_SETTINGS.items()}
    token = tokens.issue(1, range(1, ITEMS + 1))
    body = json.dumps(
        [{"t": token, "e": [["impression", n] for n in range(1, ITEMS + 1)]}]
    )
    addresses = (
        f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count()
    )
    client = Client()
    rows = []
    with override_settings(CACHES={**settings.CACHES, **caches}, ROOT_URLCONF=__name__):
        for name, alias in ALIASES.items():
            ugc = {**settings.WAGTAIL_UGC, "ENGAGEMENT_CACHE": alias}
            with override_settings(WAGTAIL_UGC=ugc):

                def beacons():
                    for _ in range(BEACONS_PER_ROUND):
                        response = client.post(
                            "/ugc/engagement/beacon/",
                            data=body,
                            content_type="text/plain;charset=UTF-8",
                            HTTP_ORIGIN="http://testserver",
                            HTTP_USER_AGENT=UA,
                            REMOTE_ADDR=next(addresses),
                        )
                        assert response.status_code == 204

                def empty():
                    for _ in range(BEACONS_PER_ROUND):
                        client.post("/nothing/", data=body, content_type="text/plain")

                rates = {"beacon": [], "empty": []}
                for _ in range(ROUNDS):
                    for case, fn in (("beacon", beacons), ("empty", empty)):
                        start = time.perf_counter()
                        fn()
                        rates[case].append(
                            BEACONS_PER_ROUND / (time.perf_counter() - start)
                        )
                beacon, baseline = (
                    statistics.median(rates[c]) for c in ("beacon", "empty")
                )
                rows.append(
                    Row(
                        "beacons",
                        f"beacon of {ITEMS} impressions ({name})",
                        beacon,
                        "req/s",
                        baseline,
                        ">= 0.2x empty view (locmem)",
                    )
                )
    return rows
