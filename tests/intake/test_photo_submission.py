"""A visitor sends a GPS-tagged photo: it is saved, sanitised, consented and handed to moderation."""

import hashlib
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from wagtail_ugc.links import submission_uuid_from_withdraw_token
from wagtail_ugc.models import ConsentRecord, Submission
from wagtail_ugc.models.choices import (
    SITE_SCOPE,
    ConsentMethod,
    Kind,
    Licence,
    ModerationStatus,
    ProcessingState,
    RightsStatus,
)
from wagtail_ugc.signals import submission_ready
from wagtail_ugc.storage import private_storage

from .conftest import form_data, private_files, upload
from .samples import gps_heic, gps_jpeg, gps_webp

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def stored_master(submission):
    photo = submission.photos.get()
    with private_storage.open(photo.master.name) as master:
        return master.read()


def assert_clean_and_upright(data):
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert image.getexif().get_ifd(GPS_IFD) == {}
    for key in ("exif", "icc_profile", "xmp", "comment", "photoshop", "adobe"):
        assert key not in image.info
    assert b"Exif" not in data[:4096]
    assert b"PhoneMaker" not in data
    # Upright: the landscape comes out landscape with the red block top-left.
    assert image.width > image.height
    red, green, blue = image.convert("RGB").getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60


def test_visitor_is_thanked_and_the_photo_waits_for_moderation(submit, private_root):
    response = submit(**form_data())

    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtail_ugc:submit_thanks", kwargs={"campaign_slug": "summer"}
    )
    assert submission.kind == Kind.PHOTO
    assert submission.processing_state == ProcessingState.READY
    assert submission.moderation_status == ModerationStatus.PENDING
    assert submission.live is False
    assert submission.credit_line == "@ada_walks"
    assert submission.creator.email == "ada@example.com"
    assert not submission.is_displayable()


@pytest.mark.parametrize(
    "make, name",
    [(gps_jpeg, "IMG_0001.jpg"), (gps_webp, "photo.webp"), (gps_heic, "IMG_0002.HEIC")],
)
def test_stored_master_has_no_gps_and_is_upright(submit, make, name):
    submit(**form_data(photos=[upload(make(), name=name)]))

    submission = Submission.objects.get()
    assert submission.processing_state == ProcessingState.READY
    assert_clean_and_upright(stored_master(submission))


def test_only_sanitised_files_remain_under_random_names(submit, private_root):
    submit(**form_data(photos=[upload(name="../../etc/passwd.jpg")]))

    photo = Submission.objects.get().photos.get()
    files = private_files(private_root)
    assert files == sorted([photo.master.name, photo.preview.name])
    assert photo.master.name.startswith("masters/")
    assert photo.incoming.name == ""
    assert "passwd" not in " ".join(files)
    assert photo.received_format == "jpeg"


def test_preview_is_small_and_clean(submit):
    submit(**form_data())

    photo = Submission.objects.get().photos.get()
    with private_storage.open(photo.preview.name) as preview:
        data = preview.read()
    image = Image.open(io.BytesIO(data))
    assert max(image.size) <= 480
    assert len(image.getexif()) == 0


def test_first_consent_is_recorded_from_the_form(submit, campaign):
    sent = gps_jpeg()
    submit(**form_data(photos=[upload(sent)], scopes=["ads"]))

    submission = Submission.objects.get()
    record = ConsentRecord.objects.get()

    assert record.submission == submission
    assert record.method == ConsentMethod.FORM
    assert record.terms == campaign.current_terms
    assert record.terms_sha256 == campaign.current_terms.sha256
    assert record.scopes == [SITE_SCOPE, "ads"]
    assert record.licence == Licence.BRAND_USE
    assert record.credit_line == "@ada_walks"
    assert record.file_sha256s == [hashlib.sha256(sent).hexdigest()]
    assert record.age_confirmed and record.people_shown_consented
    assert record.ip_hash and "203.0.113.7" not in record.ip_hash
    assert submission.rights_status == RightsStatus.GRANTED


def test_submission_ready_is_sent_once_processed(submit):
    received = []

    def listener(sender, submission, **kwargs):
        received.append((submission.pk, submission.processing_state))

    submission_ready.connect(listener, sender=Submission)
    try:
        submit(**form_data())
    finally:
        submission_ready.disconnect(listener, sender=Submission)

    submission = Submission.objects.get()
    assert received == [(submission.pk, ProcessingState.READY)]


def test_several_photos_keep_their_order(submit):
    first = upload(gps_jpeg(), name="a.jpg")
    second = upload(gps_webp(), name="b.webp")
    submit(**form_data(photos=[first, second]))

    photos = list(Submission.objects.get().photos.order_by("sort_order"))
    assert [p.received_format for p in photos] == ["jpeg", "webp"]
    assert all(p.master for p in photos)


def test_thank_you_page_says_what_happens_next_and_how_to_withdraw(client, submit):
    submit(**form_data())

    response = client.get(
        reverse("wagtail_ugc:submit_thanks", kwargs={"campaign_slug": "summer"})
    )
    submission = Submission.objects.get()
    assert response.status_code == 200
    content = response.content.decode()
    assert "What happens next" in content
    link = re.search(r'href="(/ugc/withdraw/[^"]+)"', content).group(1)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert submission_uuid_from_withdraw_token(token) == str(submission.uuid)


def test_thank_you_page_without_a_submission_goes_back_to_the_form(client, campaign):
    response = client.get(
        reverse("wagtail_ugc:submit_thanks", kwargs={"campaign_slug": "summer"})
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtail_ugc:submit", kwargs={"campaign_slug": "summer"}
    )


def test_creator_gets_a_confirmation_with_a_working_withdraw_link(client, submit):
    submit(**form_data())

    submission = Submission.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    link = re.search(r"http://testserver(/ugc/withdraw/\S+)", message.body).group(1)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert submission_uuid_from_withdraw_token(token) == str(submission.uuid)
    assert client.get(link).status_code == 200


def test_review_is_ready_at_once(submit):
    submit(**form_data(kind="review", text="Warm and light.", rating="5"))

    submission = Submission.objects.get()
    assert submission.kind == Kind.REVIEW
    assert submission.rating == 5
    assert submission.processing_state == ProcessingState.READY
    assert not submission.photos.exists()


def test_review_needs_text_and_rating(submit):
    response = submit(**form_data(kind="review", text="", rating=None))

    assert response.status_code == 400
    assert "Write a few words for your review." in response.content.decode()
    assert "Choose a rating from 1 to 5." in response.content.decode()
    assert not Submission.objects.exists()


def test_credit_defaults_to_the_name(submit):
    submit(**form_data(credit_line=""))

    assert Submission.objects.get().credit_line == "Ada Walker"
