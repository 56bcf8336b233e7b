"""Where is it used? The pages whose gallery blocks show a submission."""

import pytest
from taggit.models import Tag

from wagtail_ugc.models import TaggedSubmission
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.models.usage import pages_selecting, pages_showing
from wagtail_ugc.rights.revocation import withdraw

from ..factories import CampaignFactory, displayable_submission
from .helpers import featured, gallery, page_with_blocks

pytestmark = pytest.mark.django_db


def photo(**kwargs):
    return displayable_submission(kind=Kind.PHOTO, rating=None, **kwargs)


def slugs(pages):
    return sorted(page.slug for page in pages)


def test_hand_picked_and_featured_pages_are_found():
    submission, other = photo(), photo()
    page_with_blocks(gallery(source="picked", items=[submission]), slug="picked")
    page_with_blocks(featured(submission), slug="featured")
    page_with_blocks(gallery(source="picked", items=[other]), slug="other")
    assert slugs(pages_showing(submission)) == ["featured", "picked"]


def test_galleries_selecting_by_campaign_tag_and_page_are_found():
    campaign = CampaignFactory(slug="trails")
    product = page_with_blocks(gallery(source="page"), slug="tent")
    submission = photo(campaign=campaign, related_page=product)
    TaggedSubmission.objects.create(
        content_object=submission, tag=Tag.objects.create(name="winter")
    )
    page_with_blocks(gallery(source="campaign", campaign=campaign), slug="campaign")
    page_with_blocks(
        gallery(source="campaign", campaign=CampaignFactory(slug="other")),
        slug="campaign-2",
    )
    page_with_blocks(gallery(source="tags", tags="summer, winter"), slug="tags")
    page_with_blocks(gallery(source="tags", tags="summer"), slug="tags-2")
    page_with_blocks(gallery(source="all", kinds=["video"]), slug="videos-only")
    page_with_blocks(gallery(source="all"), slug="everything")
    assert slugs(pages_showing(submission)) == [
        "campaign",
        "everything",
        "tags",
        "tent",
    ]


def test_draft_pages_do_not_count():
    submission = photo()
    page = page_with_blocks(featured(submission), slug="featured")
    page.unpublish()
    assert pages_showing(submission) == []


def test_a_withdrawn_item_is_shown_nowhere_but_its_pages_are_known():
    submission = photo()
    page_with_blocks(featured(submission), slug="featured")
    withdraw(submission)
    assert pages_showing(submission) == []
    assert slugs(pages_selecting(submission)) == ["featured"]


def test_the_inspect_view_lists_the_pages(client, moderator):
    from django.urls import reverse

    submission = photo()
    page_with_blocks(featured(submission), slug="featured-page")
    client.force_login(moderator)
    response = client.get(
        reverse("wagtailsnippets_wagtail_ugc_submission:inspect", args=[submission.pk])
    )
    assert "Page featured-page" in response.content.decode()
