"""Gallery rendering: our block beside a naive ``{% image %}`` loop and a hand-prefetched loop, same run.

For N = 12, 48 and 192 photos it measures each renderer warm and at the
"first view after publication" (every cache emptied before each render: a
new worker, a flushed cache), and counts queries with the caches empty.
Renderers are timed in turn within each round, so load from other processes
falls on all of them alike; values are medians. The hand-prefetched loop
shows what our block shows (picture, link to the large view, caption,
credit with link and licence) in one template, minus the JSON-LD. "ours"
renders every item (``FRAGMENT_CACHE`` off); "ours, fragments cached" is the
block as shipped, each item's HTML and JSON-LD reused from the cache (local
memory; and Redis too when ``BENCH_REDIS_URL`` is set). Goals: our block
≤ 1.2× the hand-prefetched loop warm; our first view ≤ 1.5× our warm
render; with fragments cached ≤ 0.3× our warm render; the same query count
for every N, cached or not.
"""

import os
import statistics
import time

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings

from benchmarks.harness import Row

SIZES = (12, 48, 192)
WARM_ROUNDS = 15
FIRST_VIEW_ROUNDS = 7

NAIVE = Template(
    "{% load wagtailimages_tags %}<ul>{% for submission in submissions %}"
    "{% for photo in submission.photos.all %}<li>{% image photo.image width-400 format-jpeg %}"
    "<p>{{ submission.text }} © {{ submission.credit_line }}</p></li>"
    "{% endfor %}{% endfor %}</ul>"
)
HAND_PREFETCHED = Template(
    "{% load wagtailimages_tags %}<ul>{% for image in images %}"
    "{% with photo=image.photo submission=image.photo.submission %}<li><figure>"
    '{% srcset_image image max-1600x1600 format-webp as full %}<a href="{{ full.renditions.0.url }}">'
    '{% picture image width-{400,800} format-{avif,webp,jpeg} sizes="18rem" alt=photo.alt_text loading="lazy" %}</a>'
    "<figcaption><p>{{ submission.text|truncatechars:280 }}</p><p>© "
    '{% if submission.credit_url %}<a href="{{ submission.credit_url }}" rel="nofollow ugc">'
    "{{ submission.credit_line }}</a>{% else %}{{ submission.credit_line }}{% endif %}"
    " · {{ submission.get_licence_display }}</p></figcaption></figure></li>"
    "{% endwith %}{% endfor %}</ul>"
)


def make_photos(count):
    from tests.factories import displayable_submission
    from tests.images import jpeg_bytes
    from wagtail_ugc.models import SubmissionPhoto
    from wagtail_ugc.models.choices import Kind
    from wagtail_ugc.publication import publish_public_files

    for n in range(count):
        submission = displayable_submission(
            kind=Kind.PHOTO, text=f"Photo {n}", credit_line=f"Creator {n}"
        )
        photo = SubmissionPhoto(
            submission=submission, received_sha256=f"{n:064d}", alt_text="A tent"
        )
        photo.master.save("x.jpg", ContentFile(jpeg_bytes(480, 360)), save=False)
        photo.save()
        publish_public_files(submission)


def empty_caches():
    for cache in caches.all():
        cache.clear()


#: Fragment caches measured, each an alias of its own so that the naive
#: loop's rendition-cache writes cannot evict them: local memory (with room
#: for every item), and Redis when BENCH_REDIS_URL names a database (which
#: the first-view rounds empty, like every other cache).
FRAGMENT_CACHE_SETTINGS = {
    "locmem": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "bench-fragments",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}
if os.environ.get("BENCH_REDIS_URL"):
    FRAGMENT_CACHE_SETTINGS["redis"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["BENCH_REDIS_URL"],
        "KEY_PREFIX": "wagtail-ugc-bench",
    }
FRAGMENT_CACHES = {name: f"bench-fragments-{name}" for name in FRAGMENT_CACHE_SETTINGS}


def with_fragment_cache(alias, render):
    ugc = {**settings.WAGTAIL_UGC, "FRAGMENT_CACHE": alias}

    def rendered():
        with override_settings(WAGTAIL_UGC=ugc):
            return render()

    return rendered


def renderers(n):
    from tests.display.helpers import gallery_value
    from wagtail_ugc.models import Submission, UGCImage
    from wagtail_ugc.publication import RENDITION_SPECS

    request = RequestFactory().get("/gallery/")
    block, value = gallery_value(kinds=["photo"], max_items=n, load_more=False)

    def block_html():
        return block.render(value, context={"request": request, "id": "bench"})

    def naive():
        submissions = Submission.objects.displayable().order_by("-submitted_at")[:n]
        return NAIVE.render(Context({"submissions": submissions}))

    def hand_prefetched():
        shown = Submission.objects.displayable().order_by("-submitted_at")[:n]
        images = (
            UGCImage.objects.filter(photo__submission__in=list(shown))
            .select_related("photo__submission")
            .prefetch_renditions(*RENDITION_SPECS)
        )
        return HAND_PREFETCHED.render(Context({"images": images}))

    cached = {
        f"ours, fragments cached ({name})": with_fragment_cache(alias, block_html)
        for name, alias in FRAGMENT_CACHES.items()
    }
    return {
        "ours": with_fragment_cache(None, block_html),
        **cached,
        "naive": naive,
        "hand-prefetched": hand_prefetched,
    }


def interleaved_ms(render, *, rounds, cold):
    """Median milliseconds per renderer, timing each in turn within every round."""
    for fn in render.values():
        fn()  # warm-up
    samples = {name: [] for name in render}
    for _ in range(rounds):
        for name, fn in render.items():
            if cold:
                empty_caches()
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(times) * 1000 for name, times in samples.items()}


def query_count(render, *, cold=True):
    if cold:
        empty_caches()
    render()  # with cold=False: the fragment cache is filled
    with CaptureQueriesContext(connection) as queries:
        render()
    return len(queries)


def run():
    extra = {
        FRAGMENT_CACHES[name]: config
        for name, config in FRAGMENT_CACHE_SETTINGS.items()
    }
    with override_settings(CACHES={**settings.CACHES, **extra}):
        try:
            return measure()
        finally:
            empty_caches()


def measure():
    make_photos(max(SIZES))
    rows = []
    base_queries = {}
    for n in SIZES:
        render = renderers(n)
        warm = interleaved_ms(render, rounds=WARM_ROUNDS, cold=False)
        first = interleaved_ms(render, rounds=FIRST_VIEW_ROUNDS, cold=True)
        queries = {name: query_count(fn) for name, fn in render.items()}
        for name in FRAGMENT_CACHES:
            cached = f"ours, fragments cached ({name})"
            queries[cached] = query_count(render[cached], cold=False)
        rows += [
            Row(
                "gallery",
                f"ours warm, N={n}",
                warm["ours"],
                "ms",
                warm["hand-prefetched"],
                "<= 1.2x hand-prefetched",
            ),
            Row(
                "gallery",
                f"naive {{% image %}} warm, N={n}",
                warm["naive"],
                "ms",
                warm["hand-prefetched"],
            ),
            Row(
                "gallery",
                f"ours first view, N={n}",
                first["ours"],
                "ms",
                warm["ours"],
                "<= 1.5x ours warm",
            ),
            Row(
                "gallery",
                f"hand-prefetched first view, N={n}",
                first["hand-prefetched"],
                "ms",
                warm["hand-prefetched"],
            ),
            Row(
                "gallery",
                f"naive first view, N={n}",
                first["naive"],
                "ms",
                first["ours"],
            ),
        ]
        for name in FRAGMENT_CACHES:
            cached = f"ours, fragments cached ({name})"
            rows += [
                Row(
                    "gallery",
                    f"{cached} warm, N={n}",
                    warm[cached],
                    "ms",
                    warm["ours"],
                    "<= 0.3x ours warm",
                ),
                Row(
                    "gallery",
                    f"{cached} first view, N={n}",
                    first[cached],
                    "ms",
                    warm["ours"],
                    "<= 1.5x ours warm",
                ),
                Row(
                    "gallery",
                    f"queries {cached} warm, N={n}",
                    queries[cached],
                    "queries",
                    base_queries.get("ours", queries["ours"]),
                    "constant",
                ),
            ]
        for name in ("ours", "hand-prefetched", "naive"):
            base_queries.setdefault(name, queries[name])
            rows.append(
                Row(
                    "gallery",
                    f"queries {name}, N={n}",
                    queries[name],
                    "queries",
                    base_queries[name],
                    "constant" if name == "ours" else "",
                )
            )
    return rows
