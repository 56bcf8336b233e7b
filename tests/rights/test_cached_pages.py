"""Withdrawing while the gallery page sits in a page cache: the next visitor does not see it."""

import pytest
from django.test import Client

from wagtail_ugc.links import withdraw_url
from wagtail_ugc.models import Submission

from .helpers import gallery, page_with_blocks, published_photo_submission

pytestmark = pytest.mark.django_db

CREDIT = "Credit-of-the-cached-creator"


def test_the_next_visitor_does_not_see_a_withdrawn_item(
    page_cache, django_capture_on_commit_callbacks
):
    submission = published_photo_submission(credit_line=CREDIT)
    page = page_with_blocks(gallery(source="all"), slug="cached-gallery")
    first_visitor = Client()
    assert CREDIT in first_visitor.get(page.url).content.decode()

    # The page really is served from the cache: a change nobody announces
    # stays invisible.
    Submission.objects.filter(pk=submission.pk).update(credit_line="Quietly changed")
    assert CREDIT in Client().get(page.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(withdraw_url(submission))
    assert response.status_code == 200

    next_visitor = Client().get(page.url)
    html = next_visitor.content.decode()
    assert CREDIT not in html and "Quietly changed" not in html
