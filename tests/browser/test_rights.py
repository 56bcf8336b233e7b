"""The rights-request page in a real browser: grant with a credit choice, then withdraw from the e-mail link."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from wagtail_ugc.models import Creator, Submission
from wagtail_ugc.models.choices import Kind, Source
from wagtail_ugc.rights.requests import request_rights, rights_request_link

from ..rights.helpers import add_photo

pytestmark = pytest.mark.django_db(transaction=True)

CREDIT = "Lina on the trail"


@pytest.fixture
def rights_site(settings, demo_content):
    settings.ROOT_URLCONF = "tests.rights.media_urls"
    settings.WAGTAILADMIN_BASE_URL = ""


def found_photo():
    from wagtail_ugc.models import Campaign

    creator = Creator.objects.for_email("lina@example.org", name="Lina", language="en")
    submission = Submission.objects.create(
        kind=Kind.PHOTO,
        campaign=Campaign.objects.get(slug="summer-trails"),
        creator=creator,
        text="Tent at dawn",
        credit_line="@lina.hikes",
        source=Source.RIGHTS_REQUEST,
        source_url="https://social.example/@lina.hikes/7",
        processing_state="ready",
    )
    photo = add_photo(submission)
    photo.alt_text = "A green tent at dawn"
    photo.save()
    return submission


def test_grant_with_a_credit_choice_then_withdraw_from_the_email_link(
    rights_site, page, live_server, moderator, screenshot
):
    from wagtail_ugc.moderation.actions import approve

    submission = found_photo()
    rights_request = request_rights(submission, send_email=False)
    # The e-mailed link names the site's host; the browser asks the test server.
    link = urlsplit(rights_request_link(rights_request)).path

    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "en"
    image = page.locator("main img").first
    image.wait_for()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "Northwind Outdoor" in page.locator(".ugc-terms").inner_text()
    page.get_by_label("Another name or handle (type it below)").check()
    page.get_by_label("Another name or handle", exact=True).fill(CREDIT)
    page.get_by_label(
        "Everyone who can be recognised in it agreed to share it."
    ).check()
    screenshot(page, "rights-request")
    page.get_by_role("button", name="Yes, you may show it").click()
    page.get_by_role("heading", name="Thank you for saying yes").wait_for()

    submission.refresh_from_db()
    assert submission.credit_line == CREDIT
    approve(submission, moderator)

    page.goto("/gallery/")
    tile = page.locator("li", has_text=CREDIT).first
    tile.wait_for()
    image_url = tile.locator("img").first.evaluate("img => img.currentSrc || img.src")
    assert page.request.get(image_url).status == 200

    receipt = next(m for m in mail.outbox if m.to == ["lina@example.org"])
    withdraw_link = re.search(r"https?://\S+/withdraw/\S+/", receipt.body).group(0)
    page.goto(withdraw_link)
    screenshot(page, "rights-withdraw")
    page.get_by_role("button", name="Withdraw it").click()
    page.get_by_role("heading", name="Your submission is withdrawn").wait_for()

    page.goto("/gallery/")
    assert page.locator("li", has_text=CREDIT).count() == 0
    assert CREDIT not in page.content()
    assert page.request.get(image_url).status == 404
