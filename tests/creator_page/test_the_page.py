"""The creator's page: only their own submissions, in plain words, where each is shown and what it earned."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from wagtail_ugc.models import EngagementDay
from wagtail_ugc.models.choices import ModerationStatus, RightsStatus

from ..display.helpers import gallery_page, gallery_value, photo_submission
from ..factories import CreatorFactory, SubmissionFactory, displayable_submission
from .helpers import page_path

pytestmark = pytest.mark.django_db


def test_only_the_creators_own_submissions_are_listed():
    ana, bo = CreatorFactory(name="Ana"), CreatorFactory(name="Bo")
    SubmissionFactory(creator=ana, text="Ana's first")
    displayable_submission(creator=ana, text="Ana's second")
    SubmissionFactory(creator=bo, text="Bo's secret")
    SubmissionFactory(creator=None, text="Nobody's")
    html = Client().get(page_path(ana)).content.decode()
    assert "Ana&#x27;s first" in html and "Ana&#x27;s second" in html
    assert "Bo&#x27;s secret" not in html and "Nobody" not in html


def test_another_creators_submission_cannot_be_reached_through_ones_own_link():
    ana, bo = CreatorFactory(), CreatorFactory()
    theirs = displayable_submission(creator=bo)
    client = Client()
    for name in ("creator_credit", "creator_withdraw"):
        path = page_path(ana, name, submission_uuid=theirs.uuid)
        assert client.get(path).status_code == 404
        assert client.post(path, {"credit_line": "Hijacked"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None and theirs.credit_line != "Hijacked"


@pytest.mark.parametrize(
    "fields, words",
    [
        ({}, "Awaiting moderation"),
        ({"displayable": True}, "Shown on the site"),
        ({"moderation_status": ModerationStatus.REJECTED}, "not chosen"),
        ({"rights_status": RightsStatus.REQUESTED}, "Waiting for your answer"),
        ({"displayable": True, "withdrawn_at": timezone.now()}, "Withdrawn by you"),
        (
            {
                "displayable": True,
                "rights_expires_at": timezone.now() - datetime.timedelta(days=1),
            },
            "Not shown at the moment",
        ),
    ],
)
def test_each_status_is_said_in_plain_words(fields, words):
    creator = CreatorFactory()
    SubmissionFactory(creator=creator, **fields)
    html = Client().get(page_path(creator)).content.decode()
    assert words in html


def test_a_shown_photo_has_its_public_thumbnail_and_a_hidden_one_a_placeholder():
    creator = CreatorFactory()
    shown = photo_submission(creator=creator)
    hidden = photo_submission(creator=creator)
    hidden.moderation_status = ModerationStatus.PENDING
    hidden.save(update_fields=["moderation_status"])
    html = Client().get(page_path(creator)).content.decode()
    image = shown.photos.get().image
    assert image.get_rendition("width-400|format-jpeg").url in html
    # The hidden one (its public files not yet removed in this test) is not
    # shown by its public image, nor by any private file.
    assert html.count("<img") == 1
    assert "ugc-creator-thumb" in html
    assert "/moderation/photo/" not in html and "masters/" not in html


def test_where_it_is_shown_and_its_engagement_counts():
    creator = CreatorFactory()
    submission = photo_submission(creator=creator)
    other = photo_submission(creator=CreatorFactory())
    block, value = gallery_value()
    page = gallery_page(("ugc_gallery", value), slug="our-customers")
    for day, impressions in ((1, 120), (2, 30)):
        EngagementDay.objects.create(
            day=datetime.date(2025, 6, day),
            submission=submission,
            page=page,
            impressions=impressions,
            lightbox_opens=7,
            link_clicks=2,
            credit_clicks=1,
        )
    EngagementDay.objects.create(
        day=datetime.date(2025, 6, 1), submission=other, page=page, impressions=999
    )
    html = Client().get(page_path(creator)).content.decode()
    assert f'href="{page.url}"' in html and "Our customers" in html
    assert "<dd>150</dd>" in html
    assert "<dd>14</dd>" in html
    assert "<dd>4</dd>" in html and "<dd>2</dd>" in html
    assert "999" not in html


def test_the_page_speaks_the_creators_language():
    creator = CreatorFactory(language="da")
    SubmissionFactory(creator=creator)
    html = Client().get(page_path(creator), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="da">' in html


def test_hostile_text_is_escaped_everywhere_on_the_page():
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    creator = CreatorFactory(name=hostile)
    SubmissionFactory(
        creator=creator,
        text=hostile,
        credit_line=hostile,
        credit_url="https://x.example/?q=<script>",
    )
    html = Client().get(page_path(creator)).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_query_count_does_not_grow_with_reviews(django_assert_max_num_queries):
    creator = CreatorFactory()
    for _ in range(8):
        SubmissionFactory(creator=creator)
    with django_assert_max_num_queries(12):
        assert Client().get(page_path(creator)).status_code == 200
