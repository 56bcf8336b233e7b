"""The UGC blocks in the block chooser: a description and a preview each, like Wagtail's own blocks."""

import json
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from ..factories import CampaignFactory
from .helpers import photo_submission, review_submission

pytestmark = pytest.mark.django_db

BLOCK_NAMES = ["ugc_gallery", "ugc_featured", "ugc_reviews", "submission_form"]


def body_block(name):
    """The block as the example site's pages offer it (what the admin previews)."""
    from home.models import ContentPage

    return ContentPage._meta.get_field("body").stream_block.child_blocks[name]


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user(username="eddie", password="pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def preview(client, name):
    url = reverse("wagtailadmin_block_preview")
    return client.get(url, {"id": body_block(name).definition_prefix})


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_every_ugc_block_has_a_description_and_a_preview(name):
    block = body_block(name)

    assert len(str(block.get_description())) > 20
    assert block.is_previewable


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_a_preview_with_nothing_to_show_is_a_placeholder(editor_client, name):
    response = preview(editor_client, name)

    assert response.status_code == 200
    assert 'class="ugc-preview-placeholder"' in response.content.decode()


def test_the_gallery_preview_shows_approved_photos_with_their_credit(editor_client):
    photo_submission(credit_line="Lakeside Lou")

    html = preview(editor_client, "ugc_gallery").content.decode()

    assert "ugc-preview-placeholder" not in html
    assert "Lakeside Lou" in html


def test_the_featured_preview_shows_the_newest_featured_submission(editor_client):
    photo_submission(credit_line="Plain Pat")
    photo_submission(credit_line="Featured Fay", featured=True)

    html = preview(editor_client, "ugc_featured").content.decode()

    assert "Featured Fay" in html
    assert "Plain Pat" not in html


def test_the_reviews_preview_shows_approved_reviews(editor_client):
    review_submission(rating=4, credit_line="Reviewer Rae", text="Sturdy poles.")

    html = preview(editor_client, "ugc_reviews").content.decode()

    assert "ugc-preview-placeholder" not in html
    assert "Sturdy poles." in html


def test_the_form_preview_shows_the_newest_campaigns_form(editor_client):
    CampaignFactory(title="Summer trails", slug="summer")

    html = preview(editor_client, "submission_form").content.decode()

    assert "ugc-preview-placeholder" not in html
    assert "<form" in html
    assert "/summer/" in html


def test_previews_need_an_admin_login(client):
    response = preview(client, "ugc_gallery")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_page_editor_offers_the_descriptions(editor_client):
    from demo.content.site import ensure_home

    home = ensure_home()
    html = editor_client.get(
        f"/admin/pages/add/home/contentpage/{home.pk}/"
    ).content.decode()

    # The blocks' definitions are JSON in an HTML attribute.
    definitions = unescape(html)
    for name in BLOCK_NAMES:
        description = json.dumps(str(body_block(name).get_description()))
        assert f'"description": {description}' in definitions


@pytest.mark.parametrize("name", BLOCK_NAMES)
def test_a_preview_value_renders_without_a_request_or_a_page(name):
    CampaignFactory(title="Summer trails", slug="summer")
    photo_submission(credit_line="Lakeside Lou", featured=True)
    review_submission(rating=5, credit_line="Reviewer Rae")
    block = body_block(name)

    html = block.render(block.get_preview_value())

    assert "<section" in html
