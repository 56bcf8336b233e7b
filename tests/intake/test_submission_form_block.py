"""Editors put a campaign's form on any page with the SubmissionFormBlock."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from home.models import ContentPage
from wagtail.models import Page

from wagtail_ugc.intake.blocks import SubmissionFormBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_with_form(campaign):
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    page = ContentPage(
        title="Share",
        slug="share",
        body=[("submission_form", {"heading": "Send us yours", "campaign": campaign})],
    )
    root.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_block_renders_the_campaign_form_posting_to_its_url(page_with_form, campaign):
    html = str(page_with_form.body[0].render_as_block({"request": None}))

    assert "Send us yours" in html
    assert 'action="/ugc/submit/summer/"' in html
    assert campaign.terms_text in html
    assert 'type="file"' in html and "multiple" in html
    assert 'accept="image/jpeg,image/png,image/webp,image/heic' in html


def test_block_of_a_closed_campaign_says_so_instead(page_with_form, campaign):
    campaign.closes_at = timezone.now() - timedelta(hours=1)
    campaign.save()
    page = ContentPage.objects.get(pk=page_with_form.pk)

    html = str(page.body[0].render_as_block({"request": None}))

    assert "This campaign is closed" in html
    assert "<form" not in html


def test_block_offers_a_campaign_chooser_to_editors():
    block = SubmissionFormBlock()

    assert block.child_blocks["campaign"].target_model._meta.label == (
        "wagtail_ugc.Campaign"
    )
    assert block.child_blocks["campaign"].required


def test_editor_can_open_the_campaign_chooser(admin_client, campaign):
    response = admin_client.get("/admin/snippets/choose/wagtail_ugc/campaign/")

    assert response.status_code == 200
    assert "Summer trails" in response.content.decode()


def test_editor_makes_a_campaign_ticking_the_kinds_it_takes(admin_client):
    from wagtail_ugc.models import Campaign

    response = admin_client.post(
        "/admin/snippets/wagtail_ugc/campaign/add/",
        {
            "title": "Winter reviews",
            "slug": "winter-reviews",
            "accepted_kinds": ["review", "video"],
            "max_photos": "1",
            "reward_low_at": "10",
            "terms_text": "You let us show your review.",
            "terms_version": "1",
        },
    )

    assert response.status_code == 302
    campaign = Campaign.objects.get(slug="winter-reviews")
    assert campaign.accepted_kinds == ["review", "video"]
    form = admin_client.get(
        f"/admin/snippets/wagtail_ugc/campaign/edit/{campaign.pk}/"
    ).content.decode()
    assert re.search(r'name="accepted_kinds" value="review"[^>]*checked', form)
    assert not re.search(r'name="accepted_kinds" value="photo"[^>]*checked', form)
