"""A visitor on a phone shares a GPS-tagged photo from the demo /share/ page and is thanked."""

import io

import pytest
from playwright.sync_api import expect

from tests.intake.samples import gps_jpeg
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import ProcessingState
from wagtail_ugc.storage import private_storage

from .forms import fill_photo_form, send_review_without_rating

pytestmark = pytest.mark.django_db(transaction=True)


def test_phone_visitor_shares_a_photo_and_the_stored_copy_has_no_gps(
    phone_page, demo_content, screenshot, tmp_path
):
    from PIL import Image

    photo_path = tmp_path / "IMG_0042.JPG"
    photo_path.write_bytes(gps_jpeg())
    before = set(Submission.objects.values_list("pk", flat=True))
    page = phone_page

    page.goto("/share/")
    expect(page.get_by_role("heading", name="Send us your photo")).to_be_visible()
    page.get_by_label("Photo", exact=True).check()
    page.get_by_label("Photos").set_input_files(str(photo_path))
    page.get_by_label("Caption or review").fill("First light at the lake")
    page.get_by_label("Your name").fill("Ada Walker")
    page.get_by_label("Your e-mail").fill("ada@example.com")
    page.get_by_label("Credit me as").fill("@ada_walks")
    page.get_by_label("I agree to the terms above.").check()
    page.get_by_label("I am 16 or older.").check()
    page.get_by_label("Everyone shown agreed to share it.").check()
    screenshot(page, "intake-form-phone", full_page=True)
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    expect(page.get_by_role("link", name="Withdraw my submission")).to_be_visible()
    screenshot(page, "intake-thanks-phone", full_page=True)

    submission = Submission.objects.exclude(pk__in=before).get()
    assert submission.processing_state == ProcessingState.READY
    with private_storage.open(submission.photos.get().master.name) as master:
        stored = Image.open(io.BytesIO(master.read()))
    assert stored.getexif().get_ifd(0x8825) == {}
    assert len(stored.getexif()) == 0


def test_phone_visitor_sees_errors_next_to_the_fields(phone_page, demo_content):
    page = phone_page
    page.goto("/ugc/submit/summer-trails/")
    send_review_without_rating(page)

    expect(page.get_by_text("Choose a rating from 1 to 5.")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Ada")


def test_form_works_with_javascript_off(browser, live_server, demo_content, tmp_path):
    photo_path = tmp_path / "IMG_0043.JPG"
    photo_path.write_bytes(gps_jpeg())
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
    )
    page = context.new_page()
    try:
        page.goto("/share/")
        fill_photo_form(page, photo_path)
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    finally:
        context.close()


def test_too_big_photo_is_caught_before_uploading(
    phone_page, demo_content, settings, tmp_path
):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "MAX_UPLOAD_BYTES": 50_000}
    photo_path = tmp_path / "big.jpg"
    photo_path.write_bytes(gps_jpeg() + b"\x00" * 60_000)
    count = Submission.objects.count()
    page = phone_page

    page.goto("/share/")
    fill_photo_form(page, photo_path)
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_role("status")).to_contain_text("“big.jpg” is too big")
    expect(page).to_have_url("/share/")
    assert Submission.objects.count() == count
