"""The page cache (wagtail_ugc.pagecache): pages come from the cache until a change that shows on them.

A page counts as served from the cache when a change nobody announced stays
invisible; the cache is the real Django cache of the test settings.
"""

import pytest
from django.test import Client, override_settings
from django_tasks import task_backends

from wagtail_ugc.links import withdraw_url
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.moderation.actions import approve

from ..factories import CampaignFactory
from ..moderation.helpers import make_moderator, pending_submission
from ..rights.helpers import gallery, page_with_blocks
from ..rights.helpers import published_photo_submission as published_photo
from .conftest import PAGE_CACHE_SECONDS

pytestmark = pytest.mark.django_db


def html(page):
    response = Client().get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def change_quietly(submission, credit):
    """A change no signal announces: a cached page keeps the old credit."""
    Submission.objects.filter(pk=submission.pk).update(credit_line=credit)


def test_a_withdrawn_item_is_gone_on_the_next_request_and_other_pages_stay_cached(
    page_cache, django_capture_on_commit_callbacks
):
    submission = published_photo(credit_line="Credit-withdrawn-soon")
    page = page_with_blocks(gallery(source="all"), slug="everything")
    campaign = CampaignFactory(slug="elsewhere")
    other = published_photo(campaign=campaign, credit_line="Credit-elsewhere")
    elsewhere = page_with_blocks(
        gallery(source="campaign", campaign=campaign), slug="elsewhere"
    )
    assert "Credit-withdrawn-soon" in html(page)
    assert "Credit-elsewhere" in html(elsewhere)

    change_quietly(submission, "Changed-unannounced")
    change_quietly(other, "Changed-elsewhere")
    assert "Credit-withdrawn-soon" in html(page)  # from the cache

    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(withdraw_url(submission)).status_code == 200

    shown = html(page)
    assert "Credit-withdrawn-soon" not in shown
    assert "Changed-unannounced" not in shown
    # The page that never showed it is still the cached one.
    assert "Credit-elsewhere" in html(elsewhere)


def test_every_language_a_page_was_cached_in_is_purged(
    page_cache, django_capture_on_commit_callbacks
):
    submission = published_photo(credit_line="Credit-in-any-language")
    page = page_with_blocks(gallery(source="all"), slug="everything")
    visitors = [Client(HTTP_ACCEPT_LANGUAGE=code) for code in ("en", "sv", "da")]
    for visitor in visitors:
        assert "Credit-in-any-language" in visitor.get(page.url).content.decode()
    change_quietly(submission, "Changed-unannounced")
    for visitor in visitors:  # each language from the cache
        assert "Credit-in-any-language" in visitor.get(page.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(withdraw_url(submission)).status_code == 200

    for visitor in visitors:
        html = visitor.get(page.url).content.decode()
        assert (
            "Credit-in-any-language" not in html and "Changed-unannounced" not in html
        )


def test_an_approved_item_appears_on_the_next_request_with_its_image(
    page_cache, django_user_model, django_capture_on_commit_callbacks
):
    page = page_with_blocks(gallery(source="all"), slug="everything")
    submission = pending_submission(kind=Kind.PHOTO, credit_line="Credit-approved")
    assert "Credit-approved" not in html(page)  # cached without it

    with django_capture_on_commit_callbacks(execute=True):
        approve(submission, make_moderator(django_user_model))

    shown = html(page)
    assert "Credit-approved" in shown
    image = submission.photos.get().image
    assert image is not None
    assert image.renditions.first().url in shown


def test_with_a_worker_the_page_cache_is_purged_in_the_request_and_the_cdn_queued(
    page_cache, cdn, django_capture_on_commit_callbacks
):
    submission = published_photo(credit_line="Credit-withdrawn-soon")
    page = page_with_blocks(gallery(source="all"), slug="everything")
    assert "Credit-withdrawn-soon" in html(page)
    cdn.forget()  # publishing the page purged it, as Wagtail does

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        queue = task_backends["default"]
        queue.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert Client().post(withdraw_url(submission)).status_code == 200

        # No worker has run, yet the next visitor does not see it...
        assert "Credit-withdrawn-soon" not in html(page)
        # ...and the CDN's purge waits in the queue for the worker.
        queued = [
            result.args
            for result in queue.results
            if result.task.name == "purge_urls_from_cache_task"
        ]
    pages, files = sorted(queued, key=lambda args: "/media/" in args[0][0])
    item_page = f"http://localhost/ugc/items/{submission.uuid}/"  # docs/item-pages.md
    assert pages == [[page.full_url, item_page], None, ["cdn"]]
    # Its deleted image and renditions, too.
    assert all("/media/ugc/" in url for url in files[0])
    assert cdn.purged() == []


def test_publishing_a_page_in_wagtail_purges_it(page_cache):
    page = page_with_blocks(gallery(source="all"), slug="everything")
    assert "Page everything" in html(page)
    page.title = "Renamed everything"
    page.save_revision().publish()
    assert "Renamed everything" in html(page)


def test_browsers_are_told_to_ask_again_and_shared_caches_to_keep_it(page_cache):
    page = page_with_blocks(gallery(source="all"), slug="everything")
    for _visit in ("stored", "served from the cache"):
        response = Client().get(page.url)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"max-age=0", f"s-maxage={PAGE_CACHE_SECONDS}"} <= directives
