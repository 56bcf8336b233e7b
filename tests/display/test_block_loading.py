"""A gallery's campaign: chosen with the campaign chooser, known to Wagtail's reference index, cheap to load."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from home.models import ContentPage
from wagtail.models import ReferenceIndex

from wagtail_ugc.display.blocks import UGCGalleryBlock, UGCReviewsBlock
from wagtail_ugc.models import Campaign

from ..factories import CampaignFactory
from .helpers import gallery_page, photo_submission, review_submission

pytestmark = pytest.mark.django_db


def old_campaign_block(block_type, slug):
    """A block as pages stored it before the chooser: the campaign by slug."""
    value = {"source": "campaign", "campaign": slug}
    if block_type == "ugc_gallery":
        value.update({"kinds": ["photo", "video"], "items": [], "load_more": True})
    return {"type": block_type, "value": value, "id": f"{block_type}-{slug}"}


def page_stored_with(*raw_blocks):
    """A live page whose database row holds ``raw_blocks`` as they were written."""
    page = gallery_page()
    ContentPage.objects.filter(pk=page.pk).update(body=list(raw_blocks))
    return ContentPage.objects.get(pk=page.pk)


@pytest.mark.parametrize("block_type", ["ugc_gallery", "ugc_reviews"])
def test_the_reference_index_lists_the_pages_that_show_a_campaign(block_type):
    campaign = CampaignFactory()
    block = {"ugc_gallery": UGCGalleryBlock, "ugc_reviews": UGCReviewsBlock}[
        block_type
    ]()
    value = block.to_python({"source": "campaign", "campaign": campaign.pk})
    page = gallery_page((block_type, value))
    references = ReferenceIndex.get_references_to(campaign)
    assert str(page.pk) in {
        str(pk) for pk in references.values_list("object_id", flat=True)
    }


def test_the_campaigns_usage_in_the_admin_lists_the_gallery_page(client, moderator):
    campaign = CampaignFactory()
    block = UGCGalleryBlock()
    value = block.to_python({"source": "campaign", "campaign": campaign.pk})
    gallery_page(("ugc_gallery", value), slug="summer-gallery")
    client.force_login(moderator)
    usage = reverse(Campaign.snippet_viewset.get_url_name("usage"), args=[campaign.pk])
    assert "Our customers" in client.get(usage).content.decode()


def test_a_page_saved_with_a_campaign_slug_still_shows_the_campaigns_items(client):
    summer = CampaignFactory(slug="summer")
    photo_submission(credit_line="Summer photo", campaign=summer)
    review_submission(credit_line="Summer review", campaign=summer)
    photo_submission(credit_line="Winter photo", campaign=CampaignFactory())
    page = page_stored_with(
        old_campaign_block("ugc_gallery", "summer"),
        old_campaign_block("ugc_reviews", "summer"),
    )
    html = client.get(page.url).content.decode()
    assert "Summer photo" in html and "Summer review" in html
    assert "Winter photo" not in html


def test_the_editor_of_a_page_saved_with_a_slug_shows_the_campaign_chosen(
    client, moderator
):
    CampaignFactory(slug="summer", title="Summer on the trails")
    page = page_stored_with(old_campaign_block("ugc_gallery", "summer"))
    client.force_login(moderator)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "Summer on the trails" in response.content.decode()


def test_a_slug_of_a_deleted_campaign_shows_nothing_rather_than_failing(client):
    photo_submission(credit_line="Anything")
    page = page_stored_with(old_campaign_block("ugc_gallery", "gone"))
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Anything" not in response.content.decode()


def test_a_pages_galleries_load_their_campaigns_in_one_query_whatever_their_number(
    django_assert_num_queries,
):
    first, second = CampaignFactory(), CampaignFactory()
    page = page_stored_with(
        old_campaign_block("ugc_gallery", first.slug),
        old_campaign_block("ugc_gallery", second.slug),
        old_campaign_block("ugc_gallery", second.slug),
    )
    with django_assert_num_queries(1):
        campaigns = [child.value["campaign"] for child in page.body]
    assert campaigns == [first, second, second]


def test_an_unknown_campaign_is_refused_when_an_editor_saves():
    block = UGCGalleryBlock().child_blocks["campaign"]
    known = CampaignFactory()
    assert block.clean(known) == known
    with pytest.raises(ValidationError):
        block.clean(known.pk + 1000)
