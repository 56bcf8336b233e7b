"""Invariant 2 (docs/architecture.md): public files exist only while a submission is displayable."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from wagtail_ugc.models import SubmissionPhoto, UGCImage, UGCRendition
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.publication import (
    RENDITION_SPECS,
    publish_public_files,
    remove_public_files,
)

from ..factories import SubmissionFactory, displayable_submission
from ..images import jpeg_bytes

pytestmark = pytest.mark.django_db


def with_photo(submission):
    photo = SubmissionPhoto(submission=submission, received_sha256="0" * 64)
    photo.master.save("x.jpg", ContentFile(jpeg_bytes(900, 700)), save=False)
    photo.save()
    return photo


def public_files(settings):
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_displayable_submission_gets_an_image_and_every_rendition(settings):
    submission = displayable_submission(kind=Kind.PHOTO)
    with_photo(submission)
    (image,) = publish_public_files(submission)
    assert image.file.url.startswith(settings.MEDIA_URL)
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(
        RENDITION_SPECS
    )
    assert len(public_files(settings)) == 1 + len(RENDITION_SPECS)


def test_pending_submission_gets_no_public_file(settings):
    submission = SubmissionFactory(kind=Kind.PHOTO)
    with_photo(submission)
    assert publish_public_files(submission) == []
    assert public_files(settings) == []
    assert not UGCImage.objects.exists()


def test_removing_deletes_images_renditions_and_files(
    settings, django_capture_on_commit_callbacks
):
    submission = displayable_submission(kind=Kind.PHOTO)
    photo = with_photo(submission)
    publish_public_files(submission)
    with django_capture_on_commit_callbacks(execute=True):
        assert remove_public_files(submission) == 1
    assert public_files(settings) == []
    assert not UGCImage.objects.exists() and not UGCRendition.objects.exists()
    photo.refresh_from_db()
    assert photo.image is None
    assert photo.master  # the private master stays for moderators


def test_publishing_twice_makes_no_second_image(settings):
    submission = displayable_submission(kind=Kind.PHOTO)
    with_photo(submission)
    publish_public_files(submission)
    publish_public_files(submission)
    assert UGCImage.objects.count() == 1
