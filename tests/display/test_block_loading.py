"""Loading a page's gallery blocks costs no queries of its own."""

import pytest

from wagtail_ugc.display.blocks import UGCGalleryBlock, UGCReviewsBlock

from ..factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("block_class", [UGCGalleryBlock, UGCReviewsBlock])
def test_a_campaign_block_value_loads_without_querying_campaigns(
    block_class, django_assert_num_queries
):
    campaign = CampaignFactory()
    block = block_class()
    with django_assert_num_queries(0):
        value = block.to_python({"source": "campaign", "campaign": campaign.slug})
    assert value["campaign"] == campaign.slug


def test_an_unknown_campaign_is_still_refused_when_an_editor_saves():
    from django.core.exceptions import ValidationError

    block = UGCGalleryBlock().child_blocks["campaign"]
    CampaignFactory(slug="known")
    assert block.clean("known") == "known"
    with pytest.raises(ValidationError):
        block.clean("made-up")
