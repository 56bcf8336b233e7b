"""An editor adds the UGC blocks in the page editor and makes a campaign, in a real browser."""

import pytest
from home.models import ContentPage
from playwright.sync_api import expect

from wagtail_ugc.models import Campaign

pytestmark = pytest.mark.django_db(transaction=True)


def log_in_as_demo_admin(page):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("changeme")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Northwind Outdoor")


def add_block(page, label):
    """Insert the block ``label`` at the end of the page's body; the new block."""
    page.locator("button.c-sf-add-button[title='Insert a block']").last.click()
    page.get_by_role("option", name=label).click()
    return page.locator("[data-streamfield-child]").last


def test_the_gallery_block_shows_only_the_fields_its_source_needs(
    page, demo_content, screenshot
):
    share = ContentPage.objects.get(slug="share")
    log_in_as_demo_admin(page)
    page.goto(f"/admin/pages/{share.pk}/edit/")

    # The block chooser previews the block and says what it does.
    page.locator("button.c-sf-add-button[title='Insert a block']").last.click()
    option = page.get_by_role("option", name="UGC gallery")
    option.locator("xpath=following-sibling::button[@aria-label='Preview']").click()
    expect(page.get_by_text("Approved photos and videos from visitors")).to_be_visible()
    expect(page.locator("iframe[src*='block-preview']")).to_be_visible()
    option.click()
    gallery = page.locator("[data-streamfield-child]").last

    def field(name):
        return gallery.locator(f'[data-contentpath="{name}"]')

    source = gallery.get_by_role("combobox", name="Show")
    expect(source).to_have_value("all")
    for name in ("campaign", "tags", "items"):
        expect(field(name)).to_be_hidden()
    expect(field("kinds")).to_be_visible()

    source.select_option(label="A campaign")
    expect(field("campaign")).to_be_visible()
    expect(field("tags")).to_be_hidden()
    expect(field("items")).to_be_hidden()

    source.select_option(label="Tags")
    expect(field("tags")).to_be_visible()
    expect(field("campaign")).to_be_hidden()
    field("tags").get_by_role("textbox").fill("tent, lake")

    source.select_option(label="Hand-picked")
    expect(field("items")).to_be_visible()
    expect(field("tags")).to_be_hidden()

    source.select_option(label="Content about the page being viewed")
    for name in ("campaign", "tags", "items"):
        expect(field(name)).to_be_hidden()

    # Kinds are tick boxes, photos and videos ticked to start with.
    kinds = field("kinds")
    expect(kinds.get_by_role("checkbox", name="Photo")).to_be_checked()
    expect(kinds.get_by_role("checkbox", name="Video link")).to_be_checked()
    expect(kinds.get_by_role("checkbox", name="Review")).not_to_be_checked()
    kinds.get_by_role("checkbox", name="Review").check()

    # A hidden field kept what was typed into it.
    source.select_option(label="Tags")
    expect(field("tags").get_by_role("textbox")).to_have_value("tent, lake")
    gallery.scroll_into_view_if_needed()
    screenshot(page, "editor-gallery-block")

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("has been updated")).to_be_visible()
    body = ContentPage.objects.get(pk=share.pk).get_latest_revision_as_object().body
    saved = [block.value for block in body if block.block_type == "ugc_gallery"][0]
    assert saved["source"] == "tags"
    assert saved["tags"] == "tent, lake"
    assert sorted(saved["kinds"]) == ["photo", "review", "video"]


def test_the_reviews_block_asks_for_a_campaign_only_when_it_shows_one(
    page, demo_content
):
    share = ContentPage.objects.get(slug="share")
    log_in_as_demo_admin(page)
    page.goto(f"/admin/pages/{share.pk}/edit/")

    reviews = add_block(page, "UGC reviews")
    campaign = reviews.locator('[data-contentpath="campaign"]')
    expect(campaign).to_be_hidden()
    reviews.get_by_role("combobox", name="Show").select_option(label="A campaign")
    expect(campaign).to_be_visible()


def test_a_new_campaign_starts_with_every_kind_ticked(page, demo_content):
    log_in_as_demo_admin(page)
    page.goto("/admin/snippets/wagtail_ugc/campaign/add/")

    for kind in ("Photo", "Review", "Video link"):
        expect(page.get_by_role("checkbox", name=kind)).to_be_checked()
    page.locator("#id_title").fill("Autumn walks")
    page.locator("#id_slug").fill("autumn-walks")
    page.locator("#id_terms_text").fill("You let us show what you send.")
    page.get_by_role("button", name="Save").first.click()

    expect(page.get_by_text("created")).to_be_visible()
    assert Campaign.objects.get(slug="autumn-walks").accepted_kinds == [
        "photo",
        "review",
        "video",
    ]
