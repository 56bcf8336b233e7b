"""The page cache (wagtail_ugc.pagecache) on a gallery page of 48 photos, beside no page cache, same run.

Whole requests through the middleware: without the page cache, a hit, and a
miss right after the path was purged (what the first visitor after a
withdrawal gets). Cases are timed in turn within each round, so load from
other processes falls on all of them alike (every other round in reverse
order); values are medians. Also the
cost of purging the pages that select one submission, as a withdrawal does
once it commits, and its queries. The cache is Redis when REDIS_URL is set
(a key prefix of its own), else the test settings' locmem cache. Goals: a
hit ≤ 0.1× the uncached request, a miss ≤ 1.1×. Run: ``python -m benchmarks
page_cache`` (set DATABASE_URL for PostgreSQL).
"""

import os
import statistics
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from benchmarks.bench_gallery import make_photos
from benchmarks.harness import Row

N = 48
ROUNDS = 20
PAGE_CACHE = [
    "wagtail_ugc.pagecache.UpdateCacheMiddleware",
    *settings.MIDDLEWARE,
    "wagtail_ugc.pagecache.FetchFromCacheMiddleware",
]
FRONTEND_CACHE = {"pages": {"BACKEND": "wagtail_ugc.pagecache.PageCacheBackend"}}


def cache_settings():
    if os.environ.get("REDIS_URL"):
        return "redis", {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": os.environ["REDIS_URL"],
                "KEY_PREFIX": "wagtail-ugc-bench-pages",
            }
        }
    return "locmem", settings.CACHES


def gallery_page():
    from tests.rights.helpers import gallery, page_with_blocks

    return page_with_blocks(
        gallery(source="all", kinds=["photo"], max_items=N, load_more=False),
        slug="bench-page-cache",
    )


def run():
    name, caches = cache_settings()
    with override_settings(CACHES=caches, WAGTAILFRONTENDCACHE=FRONTEND_CACHE):
        return measure(name)


def measure(cache_name):
    from wagtail_ugc.cache_purge import purge_pages
    from wagtail_ugc.models import Submission
    from wagtail_ugc.models.usage import pages_selecting
    from wagtail_ugc.pagecache import purge_paths

    make_photos(N)
    page = gallery_page()

    def getter(middleware):
        with override_settings(MIDDLEWARE=middleware):
            client = Client()  # loads the middleware on its first request

            def get():
                response = client.get(page.url)
                assert response.status_code == 200
                assert response.content.count(b"<picture") == N

            get()
        return get

    plain, cached = getter(settings.MIDDLEWARE), getter(PAGE_CACHE)

    def miss():
        purge_paths([page.url])
        cached()

    cases = {
        "no page cache": plain,
        "page cache hit": cached,
        "page cache miss, just purged": miss,
    }
    samples = {case: [] for case in cases}
    for round_ in range(ROUNDS + 1):
        # Every other round in reverse order: no case always follows another.
        order = list(cases.items())
        for case, fn in order if round_ % 2 else reversed(order):
            if case == "page cache hit":
                cached()  # stored again after the miss case purged it
            start = time.perf_counter()
            fn()
            if round_:  # the first round warms up
                samples[case].append(time.perf_counter() - start)
    ms = {case: statistics.median(times) * 1000 for case, times in samples.items()}

    submission = Submission.objects.displayable().first()
    purge = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        purge_pages(pages_selecting(submission))
        purge.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        purge_pages(pages_selecting(submission))

    plain = ms["no page cache"]
    label = f"gallery page N={N}, {cache_name}"
    return [
        Row("page cache", f"{label}: no page cache", plain, "ms"),
        Row(
            "page cache",
            f"{label}: hit",
            ms["page cache hit"],
            "ms",
            plain,
            "≤ 0.1×",
        ),
        Row(
            "page cache",
            f"{label}: miss after a purge",
            ms["page cache miss, just purged"],
            "ms",
            plain,
            "≤ 1.1×",
        ),
        Row(
            "page cache",
            "purge the pages selecting one submission",
            statistics.median(purge) * 1000,
            "ms",
        ),
        Row(
            "page cache",
            "purge the pages selecting one submission: queries",
            len(queries),
            "queries",
        ),
    ]
