"""The gallery and reviews blocks need only what their "Show" source reads, and the editor shows only that."""

import json
from html import unescape

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from wagtail_ugc.display.blocks import UGCReviewsBlock

from ..factories import CampaignFactory
from .helpers import gallery_value

pytestmark = pytest.mark.django_db


def test_a_gallery_ignores_the_fields_its_source_does_not_read():
    campaign = CampaignFactory()
    block, value = gallery_value(source="tags", tags="tent", campaign=campaign)

    cleaned = block.clean(value)

    # Kept, so switching back finds it, but not what the gallery selects.
    assert cleaned["campaign"] == campaign
    assert block.ugc_selection(cleaned, None).campaign_id is None


@pytest.mark.parametrize("source", ["all", "page"])
def test_a_gallery_whose_source_needs_no_field_saves_with_them_empty(source):
    block, value = gallery_value(source=source, tags="", items=[])

    assert block.clean(value)["source"] == source


def test_reviews_need_a_campaign_only_when_they_show_one():
    block = UGCReviewsBlock()

    assert block.clean(block.to_python({"source": "page"}))["campaign"] is None
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"source": "campaign"}))
    assert list(error.value.block_errors) == ["campaign"]


def test_the_page_editor_knows_which_field_each_source_needs(admin_client):
    from demo.content.site import ensure_home

    html = admin_client.get(
        f"/admin/pages/add/home/contentpage/{ensure_home().pk}/"
    ).content.decode()

    assert "wagtail_ugc/admin/source-block.js" in html
    definitions = unescape(html)
    gallery_fields = {"campaign": ["campaign"], "tags": ["tags"], "picked": ["items"]}
    assert f'"ugcSourceFields": {json.dumps(gallery_fields)}' in definitions
    assert '"ugcSourceFields": {"campaign": ["campaign"]}' in definitions
