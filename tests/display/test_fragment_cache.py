"""Gallery items from the fragment cache: the same HTML, and any change visible on the next request.

Each render here is a new request. The cache is warmed first, then something
changes *without* any signal or invalidation (a plain ``.update()`` where a
row changes), and the next render must equal an uncached render of the same
moment. The cache backends count their calls (tests/display/counting_cache.py);
with REDIS_URL set the same tests also run on Redis.
"""

import os
import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.checks import run_checks
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import wagtail_ugc
from wagtail_ugc.links import withdraw_url
from wagtail_ugc.models import Submission, SubmissionPhoto, UGCRendition
from wagtail_ugc.models.choices import ConsentMethod
from wagtail_ugc.models.ledger import record_revocation
from wagtail_ugc.publication import FULL_SPEC, remove_public_files

from .helpers import (
    gallery_page,
    gallery_value,
    photo_submission,
    review_submission,
    video_submission,
)

pytestmark = pytest.mark.django_db

ALIAS = "fragments"


def counting_backend(kind):
    if kind == "locmem":
        return {
            "BACKEND": "tests.display.counting_cache.CountingLocMemCache",
            "LOCATION": f"fragments-{uuid.uuid4()}",
        }
    if not os.environ.get("REDIS_URL"):
        pytest.skip("set REDIS_URL to test the fragment cache on Redis")
    pytest.importorskip("redis")
    return {
        "BACKEND": "tests.display.counting_cache.CountingRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": f"wagtail-ugc-test-{uuid.uuid4()}",
    }


def use_fragment_cache(settings, alias):
    # A minute: what a test leaves in Redis (under a prefix of its own) goes soon.
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "FRAGMENT_CACHE": alias,
        "FRAGMENT_CACHE_TIMEOUT": 60,
    }


@pytest.fixture(params=["locmem", "redis"])
def cache(request, settings):
    """The fragment cache, counting its round trips."""
    settings.CACHES = {**settings.CACHES, ALIAS: counting_backend(request.param)}
    use_fragment_cache(settings, ALIAS)
    return caches[ALIAS]


def render(block, value, *, host="testserver", **params):
    """One request's rendering of the gallery."""
    request = RequestFactory().get("/gallery-test/", params, HTTP_HOST=host)
    return block.render(value, context={"request": request, "id": "b1"})


def uncached(settings, block, value, **kwargs):
    """The same render with the fragment cache off: what the page must show."""
    use_fragment_cache(settings, None)
    try:
        return render(block, value, **kwargs)
    finally:
        use_fragment_cache(settings, ALIAS)


def warm(cache, block, value, **kwargs):
    """Render until every item comes from the cache; return that HTML."""
    render(block, value, **kwargs)
    cache.calls.clear()
    html = render(block, value, **kwargs)
    assert cache.calls == ["get_many"], "not every item came from the cache"
    cache.calls.clear()
    return html


def credits_in(html):
    return re.findall(r'class="ugc-credit__name"[^>]*>([^<]+)<', html)


def mixed_gallery():
    """Two photos (one with three photos, one decorative), a video and a review."""
    photo_submission(credit_line="Ana", photos=3, text="Three at the lake")
    photo_submission(credit_line="Bo", alt_text="")
    video_submission(credit_line="Cy", credit_url="https://cy.example/")
    review_submission(credit_line="Di", text="Kept us dry all week.")
    decorative = photo_submission(credit_line="Ed")
    SubmissionPhoto.objects.filter(submission=decorative).update(decorative=True)
    return gallery_value(kinds=["photo", "video", "review"])


# The same HTML, in a bounded number of round trips -------------------------------


def test_a_warm_cache_gives_exactly_the_html_of_no_cache(settings, cache):
    block, value = mixed_gallery()
    expected = uncached(settings, block, value)
    first = render(block, value)
    assert cache.calls == ["get_many", "set_many"]
    assert first == expected
    assert warm(cache, block, value) == expected
    assert credits_in(expected) == ["Ed", "Di", "Cy", "Bo", "Ana"]
    assert expected.count("<picture>") == 1 + 1 + 3 + 0 + 0
    assert '"@type":"VideoObject"' in expected


@pytest.mark.parametrize("count", [3, 30])
def test_a_gallery_costs_two_round_trips_cold_and_one_warm_whatever_its_size(
    settings, cache, count
):
    for n in range(count):
        photo_submission(credit_line=f"P{n}")
    block, value = gallery_value(max_items=100)
    render(block, value)
    assert cache.calls == ["get_many", "set_many"]
    cache.calls.clear()
    html = render(block, value)
    assert cache.calls == ["get_many"]
    assert len(credits_in(html)) == count


def test_queries_are_the_same_with_a_warm_cache():
    for n in range(5):
        photo_submission(credit_line=f"P{n}", photos=1 + n % 2)
    block, value = gallery_value()
    with CaptureQueriesContext(connection) as cold:
        cold_html = render(block, value)
    with CaptureQueriesContext(connection) as warm_queries:
        warm_html = render(block, value)
    assert warm_html == cold_html
    assert len(warm_queries) == len(cold)


def test_the_fragment_cache_off_makes_no_cache_calls(settings, cache):
    use_fragment_cache(settings, None)
    photo_submission()
    block, value = gallery_value()
    render(block, value)
    render(block, value)
    assert cache.calls == []


def test_a_cache_that_is_down_costs_speed_only(settings):
    photo_submission(credit_line="Shown")
    block, value = gallery_value()
    expected = uncached(settings, block, value)
    settings.CACHES = {
        **settings.CACHES,
        "down": {"BACKEND": "tests.display.counting_cache.DownCache"},
    }
    use_fragment_cache(settings, "down")
    assert render(block, value) == expected


# Changes visible on the next request, the cache warm ------------------------------


def test_a_withdrawal_is_gone_on_the_next_request(settings, cache):
    kept = photo_submission(credit_line="Kept")
    withdrawn = photo_submission(credit_line="Withdrawn")
    for source in ("all", "picked"):
        block, value = gallery_value(source=source, items=[withdrawn, kept])
        assert credits_in(warm(cache, block, value)) == ["Withdrawn", "Kept"]

    record_revocation(withdrawn, method=ConsentMethod.FORM)
    remove_public_files(withdrawn)

    for source in ("all", "picked"):
        block, value = gallery_value(source=source, items=[withdrawn, kept])
        cache.calls.clear()
        html = render(block, value)
        assert credits_in(html) == ["Kept"]
        assert "Withdrawn" not in html
        assert cache.calls == ["get_many"]  # Kept still came from the cache
        assert html == uncached(settings, block, value)


def test_a_creator_withdrawing_on_their_link_is_gone_from_the_next_page_view(
    settings, cache, django_capture_on_commit_callbacks
):
    """Through the site: the page served twice (its items from the cache), withdrawn, served again."""
    photo_submission(credit_line="Kept")
    withdrawn = photo_submission(credit_line="Withdrawn")
    block, value = gallery_value()
    page = gallery_page(("ugc_gallery", block.get_prep_value(value)))
    Client().get(page.url)
    cache.calls.clear()
    before = Client().get(page.url).content.decode()
    assert cache.calls == ["get_many"]
    assert credits_in(before) == ["Withdrawn", "Kept"]

    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(withdraw_url(withdrawn)).status_code == 200

    after = Client().get(page.url).content.decode()
    assert credits_in(after) == ["Kept"]
    assert "Withdrawn" not in after


def test_an_expired_licence_is_gone_on_the_next_request(settings, cache):
    photo_submission(credit_line="Kept")
    expiring = photo_submission(credit_line="Expiring")
    block, value = gallery_value()
    assert credits_in(warm(cache, block, value)) == ["Expiring", "Kept"]

    # The clock passes the expiry: no task, no signal, no save.
    Submission.objects.filter(pk=expiring.pk).update(
        rights_expires_at=timezone.now() - timedelta(seconds=1)
    )

    html = render(block, value)
    assert credits_in(html) == ["Kept"]
    assert "Expiring" not in html


def test_a_new_credit_shows_on_the_next_request(settings, cache):
    changed = photo_submission(credit_line="Old name", credit_url="")
    block, value = gallery_value()
    warm(cache, block, value)

    Submission.objects.filter(pk=changed.pk).update(
        credit_line="New name", credit_url="https://new.example/"
    )

    html = render(block, value)
    assert credits_in(html) == ["New name"]
    assert 'href="https://new.example/"' in html
    assert '"creditText":"New name"' in html  # the JSON-LD too
    assert "Old name" not in html
    assert html == uncached(settings, block, value)


def test_new_alt_text_shows_on_the_next_request(settings, cache):
    changed = photo_submission(alt_text="A tent")
    block, value = gallery_value()
    assert 'alt="A tent"' in warm(cache, block, value)

    SubmissionPhoto.objects.filter(submission=changed).update(
        alt_text="A green tent in the rain"
    )

    html = render(block, value)
    assert 'alt="A green tent in the rain"' in html
    assert 'alt="A tent"' not in html
    assert html == uncached(settings, block, value)


def test_a_rendition_made_again_under_a_new_name_shows_on_the_next_request(
    settings, cache
):
    submission = photo_submission()
    block, value = gallery_value()
    warm(cache, block, value)

    rendition = UGCRendition.objects.get(
        image__photo__submission=submission, filter_spec=FULL_SPEC
    )
    with rendition.file.open("rb") as old:
        new_name = default_storage.save("images/remade.webp", old)
    UGCRendition.objects.filter(pk=rendition.pk).update(file=new_name)

    html = render(block, value)
    assert f'href="{default_storage.url(new_name)}"' in html
    assert f'href="{rendition.url}"' not in html
    assert html == uncached(settings, block, value)


def test_another_language_shows_on_the_next_request(settings, cache):
    photo_submission(photos=2)
    block, value = gallery_value()
    english = warm(cache, block, value)
    assert 'aria-label="More photos"' in english

    with translation.override("sv"):
        swedish = render(block, value)
        assert swedish == uncached(settings, block, value)
    assert 'aria-label="Fler foton"' in swedish
    assert render(block, value) == english


def test_each_block_option_gets_its_own_items(settings, cache):
    photo_submission(photos=2, credit_url="https://ana.example/")
    block, full = gallery_value()
    warm(cache, block, full)
    for option in (
        {"show_credits": False},
        {"show_captions": False},
        {"lightbox": False},
        {"layout": "carousel"},
    ):
        block, value = gallery_value(**option)
        html = render(block, value)
        assert html == uncached(settings, block, value), option
    block, value = gallery_value(show_credits=False)
    assert 'href="https://ana.example/"' not in render(block, value)
    assert 'href="https://ana.example/"' in render(block, full)


def test_an_item_that_moves_up_loads_its_image_at_once(settings, cache):
    """The first items load eagerly, the rest lazily, wherever a cached item now stands."""
    submissions = [photo_submission(credit_line=f"P{n}") for n in range(6)]
    block, value = gallery_value()
    before = warm(cache, block, value)
    assert before.count('loading="eager"') == 4

    for gone in submissions[-2:]:  # the newest two
        record_revocation(gone, method=ConsentMethod.FORM)

    html = render(block, value)
    assert html.count('loading="eager"') == 4
    assert html == uncached(settings, block, value)


def test_each_host_gets_its_own_absolute_urls_in_the_json_ld(settings, cache):
    photo_submission()
    block, value = gallery_value()
    warm(cache, block, value, host="testserver")
    html = render(block, value, host="localhost")
    assert '"contentUrl":"http://localhost/' in html
    assert "http://testserver/" not in html


def override_templates(settings, templates):
    """The site's own versions of ``templates`` ({name: source}), found before the package's."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine.get("OPTIONS", {}),
                "loaders": [
                    ("django.template.loaders.locmem.Loader", templates),
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


def test_an_overridden_item_template_shows_on_the_next_request(settings, cache):
    photo_submission()
    block, value = gallery_value()
    warm(cache, block, value)
    override_templates(
        settings,
        {
            "wagtail_ugc/display/item.html": (
                '<li class="site-item">{{ item.credit_text }}</li>'
            )
        },
    )
    html = render(block, value)
    assert '<li class="site-item">' in html


def test_a_gallery_template_of_your_own_that_includes_each_item_still_works(
    settings, cache
):
    """An override written before the cache, reading ``items``, gets them ready to render."""
    block, value = mixed_gallery()
    ours = warm(cache, block, value)
    with CaptureQueriesContext(connection) as ours_queries:
        render(block, value)
    source = (
        Path(wagtail_ugc.__file__).parent
        / "templates/wagtail_ugc/display/gallery_block.html"
    ).read_text()
    loop = "{% for fragment in fragments %}\n        {{ fragment }}\n      {% endfor %}"
    assert loop in source
    override_templates(
        settings,
        {
            "wagtail_ugc/display/gallery_block.html": source.replace(
                loop,
                "{% for item in items %}\n"
                '        {% include "wagtail_ugc/display/item.html" %}\n'
                "      {% endfor %}",
            )
        },
    )
    with CaptureQueriesContext(connection) as theirs_queries:
        theirs = render(block, value)
    assert theirs == ours
    assert len(theirs_queries) == len(ours_queries)


# Hostile text stays escaped ------------------------------------------------------


def test_hostile_credit_and_caption_stay_escaped_from_the_cache(settings, cache):
    photo_submission(
        credit_line='<script>alert("credit")</script>',
        text="</script><img src=x onerror=alert(1)>",
        credit_url='javascript:alert("x")',
    )
    block, value = gallery_value()
    html = warm(cache, block, value)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "javascript:" not in html
    assert "&lt;script&gt;alert(&quot;credit&quot;)&lt;/script&gt;" in html
    assert "\\u003C/script\\u003E" in html  # inside the JSON-LD
    assert html == uncached(settings, block, value)


# Configuration -------------------------------------------------------------------


def test_a_fragment_cache_that_is_not_configured_fails_the_checks(settings):
    use_fragment_cache(settings, "nowhere")
    ids = [message.id for message in run_checks()]
    assert "wagtail_ugc.E042" in ids
