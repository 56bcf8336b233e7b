"""What an item says: kind, text, rating, credit, licence, campaign, tags, page, photos, video."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from taggit.models import Tag

from wagtail_ugc.models import TaggedSubmission
from wagtail_ugc.models.choices import Licence
from wagtail_ugc.publication import RENDITION_SPECS

from ..display.helpers import photo_submission, review_submission, video_submission
from ..factories import CampaignFactory
from .helpers import LIST_URL, item_url, product_page

pytestmark = pytest.mark.django_db


def test_a_photo_item_lists_its_public_renditions_with_their_sizes(client):
    campaign = CampaignFactory(title="Lakes", slug="lakes")
    page = product_page()
    submission = photo_submission(
        photos=2,
        campaign=campaign,
        related_page=page,
        credit_line="Ada",
        credit_url="https://ada.example/",
        licence=Licence.CC_BY_4,
    )
    TaggedSubmission.objects.create(
        content_object=submission, tag=Tag.objects.create(name="Tents", slug="tents")
    )
    item = client.get(item_url(submission)).json()
    assert item["kind"] == "photo"
    assert item["text"] == "Morning at the lake"
    assert item["credit_line"] == "Ada"
    assert item["credit_url"] == "https://ada.example/"
    assert item["licence"] == {
        "code": "cc-by-4.0",
        "label": "Creative Commons Attribution 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert item["campaign"] == {"id": campaign.pk, "title": "Lakes", "slug": "lakes"}
    assert item["tags"] == ["Tents"]
    assert item["related_page"] == {
        "id": page.pk,
        "title": "Trail tent",
        "url": "http://localhost/trail-tent/",
    }
    assert item["video"] is None
    photos = submission.photos.order_by("sort_order")
    assert [photo["id"] for photo in item["photos"]] == [str(p.uuid) for p in photos]
    for photo in item["photos"]:
        assert photo["alt"] == "A green tent by a lake"
        assert [r["spec"] for r in photo["renditions"]] == list(RENDITION_SPECS)
        for rendition in photo["renditions"]:
            assert rendition["url"].startswith("http://localhost/media/ugc/renditions/")
            assert (rendition["width"], rendition["height"]) == (160, 120)
            name = rendition["url"].removeprefix("http://localhost/media/")
            assert (Path(settings.MEDIA_ROOT) / name).is_file()


def test_review_and_video_items(client):
    review = review_submission(rating=4, text="Packs small.")
    video = video_submission()
    data = client.get(item_url(review)).json()
    assert (data["kind"], data["rating"], data["text"]) == ("review", 4, "Packs small.")
    assert data["photos"] == [] and data["video"] is None
    data = client.get(item_url(video)).json()
    assert data["video"] == {
        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "provider": "YouTube",
    }


def test_a_related_page_that_is_not_live_is_left_out(client):
    page = product_page()
    submission = review_submission(related_page=page)
    assert client.get(item_url(submission)).json()["related_page"]["id"] == page.pk
    page.unpublish()
    assert client.get(item_url(submission)).json()["related_page"] is None


def test_item_url_is_the_item_page(client):
    submission = review_submission()
    path = reverse("wagtail_ugc:item", kwargs={"uuid": submission.uuid})
    assert client.get(item_url(submission)).json()["item_url"] == (
        f"http://localhost{path}"
    )


def test_addresses_come_from_the_site_never_from_a_forged_host(client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    submission = review_submission(related_page=product_page())
    data = client.get(item_url(submission), HTTP_HOST="evil.example").json()
    assert data["item_url"].startswith("http://localhost/")
    assert data["related_page"]["url"].startswith("http://localhost/")


def test_filters_narrow_the_list(client):
    lakes, hills = CampaignFactory(slug="lakes"), CampaignFactory(slug="hills")
    page = product_page()
    photo = photo_submission(campaign=lakes, related_page=page)
    review = review_submission(campaign=hills)
    video = video_submission(campaign=lakes)
    TaggedSubmission.objects.create(
        content_object=review, tag=Tag.objects.create(name="Cosy Tents", slug="cosy")
    )

    def ids(**params):
        return [item["id"] for item in client.get(LIST_URL, params).json()["items"]]

    assert ids(campaign=lakes.pk) == [str(video.uuid), str(photo.uuid)]
    assert ids(campaign=lakes.pk, order="oldest") == [str(photo.uuid), str(video.uuid)]
    assert ids(campaign=hills.pk) == [str(review.uuid)]
    assert ids(related_page=page.pk) == [str(photo.uuid)]
    assert ids(kind="video") == [str(video.uuid)]
    assert ids(tag="cosy") == ids(tag="cosy tents") == [str(review.uuid)]
    assert ids(tag="nothing") == [] and ids(campaign=999_999) == []


def test_pages_follow_limit_and_offset(client):
    made = [review_submission(credit_line=f"R{n}") for n in range(5)]
    newest_first = [str(s.uuid) for s in reversed(made)]
    first = client.get(LIST_URL, {"limit": 2}).json()
    second = client.get(LIST_URL, {"limit": 2, "offset": 2}).json()
    past = client.get(LIST_URL, {"limit": 2, "offset": 10}).json()
    assert first["count"] == second["count"] == past["count"] == 5
    assert [i["id"] for i in first["items"] + second["items"]] == newest_first[:4]
    assert past["items"] == []
