"""A visitor shares a photo from a page that renders its body as ``{{ page.body }}``.

That is how the Wagtail tutorial and most sites write their templates; the
block then has no request and the form no CSRF token, and it still works.
"""

import pytest
from playwright.sync_api import expect

from tests.intake.plain_body import render_bodies
from tests.intake.samples import gps_jpeg
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind

from .forms import fill_photo_form

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_photo_is_shared_from_a_page_rendering_its_body_as_a_string(
    page, demo_content, settings, tmp_path
):
    render_bodies(settings, tmp_path / "templates", "str")
    photo_path = tmp_path / "IMG_0044.JPG"
    photo_path.write_bytes(gps_jpeg())
    before = set(Submission.objects.values_list("pk", flat=True))

    page.goto("/share/")
    expect(page.get_by_role("heading", name="Send us your photo")).to_be_visible()
    expect(page.locator("input[name=csrfmiddlewaretoken]")).to_have_count(0)
    fill_photo_form(page, photo_path)
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    expect(page.get_by_role("link", name="Northwind Outdoor")).to_be_visible()
    submission = Submission.objects.exclude(pk__in=before).get()
    assert submission.kind == Kind.PHOTO
    assert submission.creator.email == "ada@example.com"
    assert submission.photos.count() == 1
