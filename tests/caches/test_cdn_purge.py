"""A CDN in front (wagtail.contrib.frontend_cache, HTTPBackend): the pages that show an item are purged when it appears or disappears.

The CDN is the purge API double (purge_api.py); everything else is real:
the database, the files, the withdraw view, the workflow, the sweep.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from wagtail_ugc.links import withdraw_url
from wagtail_ugc.models import Submission, UGCImage
from wagtail_ugc.models.choices import Kind, RejectionCategory
from wagtail_ugc.moderation.actions import approve, reject
from wagtail_ugc.publication import sweep
from wagtail_ugc.rights.erasure import erase_creator

from ..factories import CampaignFactory
from ..moderation.helpers import make_moderator, pending_submission
from ..rights.helpers import featured, gallery, page_with_blocks
from ..rights.helpers import published_photo_submission as published_photo

pytestmark = pytest.mark.django_db


def purged(pages, item=None):
    """What the CDN should see: a PURGE of each page's path and of the item's own page, for the site's host."""
    paths = [page.url for page in pages]
    if item is not None:
        paths.append(f"/ugc/items/{item.uuid}/")  # docs/item-pages.md
    return sorted(("localhost", path) for path in paths)


def pages_purged(cdn):
    return [
        (host, path) for host, path in cdn.purged() if not path.startswith("/media/")
    ]


def public_file_urls(submission):
    image = submission.photos.get().image
    return sorted([image.file.url, *(r.url for r in image.renditions.all())])


@pytest.fixture
def pages():
    """A gallery of everything, a gallery of another campaign, a featured block elsewhere."""

    def make(submission):
        everything = page_with_blocks(gallery(source="all"), slug="everything")
        elsewhere = page_with_blocks(
            gallery(source="campaign", campaign=CampaignFactory(slug="elsewhere")),
            slug="elsewhere",
        )
        spotlight = page_with_blocks(featured(submission), slug="spotlight")
        return everything, elsewhere, spotlight

    return make


def test_a_withdrawal_purges_exactly_the_pages_that_showed_it(
    cdn, pages, django_capture_on_commit_callbacks
):
    submission = published_photo()
    everything, elsewhere, spotlight = pages(submission)
    files = public_file_urls(submission)
    cdn.forget()  # publishing the pages purged them too, as Wagtail does

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(withdraw_url(submission))
    assert response.status_code == 200

    assert pages_purged(cdn) == purged([everything, spotlight], submission)
    assert ("localhost", elsewhere.url) not in cdn.purged()
    # Its public image and renditions, deleted, are purged as well.
    assert [path for _host, path in cdn.purged() if path.startswith("/media/")] == files


def test_an_approval_purges_its_pages_once_its_photo_is_public(
    cdn, pages, django_user_model, django_capture_on_commit_callbacks
):
    submission = pending_submission(kind=Kind.PHOTO)
    everything, elsewhere, _spotlight = pages(submission)
    cdn.forget()

    with django_capture_on_commit_callbacks(execute=True):
        approve(submission, make_moderator(django_user_model))

    assert UGCImage.objects.filter(photo__submission=submission).exists()
    # The featured block was saved while it was pending, and is found too.
    assert cdn.purged() == purged([everything, _spotlight], submission)


def test_the_sweep_purges_the_pages_of_an_expired_licence(
    cdn, pages, django_capture_on_commit_callbacks
):
    submission = published_photo(rights_expires_at=timezone.now() + timedelta(days=1))
    everything, _elsewhere, spotlight = pages(submission)
    cdn.forget()

    with django_capture_on_commit_callbacks(execute=True):
        sweep(timezone.now())
    assert cdn.purged() == []  # not expired yet

    with django_capture_on_commit_callbacks(execute=True):
        summary = sweep(timezone.now() + timedelta(days=1, seconds=1))
    assert summary["licences_expired"] == 1
    assert pages_purged(cdn) == purged([everything, spotlight], submission)


def test_erasing_the_creator_purges_the_pages_that_showed_their_item(
    cdn, pages, django_capture_on_commit_callbacks
):
    submission = published_photo()
    everything, _elsewhere, spotlight = pages(submission)
    cdn.forget()

    with django_capture_on_commit_callbacks(execute=True):
        erase_creator(submission.creator.email)

    assert not Submission.objects.filter(pk=submission.pk).exists()
    assert pages_purged(cdn) == purged([everything, spotlight], submission)


def test_rejecting_an_item_that_was_never_shown_purges_nothing(
    cdn, pages, django_user_model, django_capture_on_commit_callbacks
):
    submission = pending_submission(kind=Kind.PHOTO)
    pages(submission)
    cdn.forget()

    with django_capture_on_commit_callbacks(execute=True):
        reject(
            submission,
            make_moderator(django_user_model),
            category=RejectionCategory.OTHER,
            reason="Not for us.",
        )

    assert cdn.purged() == []


def test_an_unreachable_cdn_does_not_stop_a_withdrawal(
    settings, pages, purge_api, django_capture_on_commit_callbacks
):
    purge_api.stop()  # nothing listens there any more
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": purge_api.url,
        }
    }
    submission = published_photo()
    pages(submission)

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(withdraw_url(submission))

    assert response.status_code == 200
    assert not Submission.objects.displayable().filter(pk=submission.pk).exists()
