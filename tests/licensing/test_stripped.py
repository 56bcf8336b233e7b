"""GPS, device and every other metadata of an upload never reach a public file; only the licensing XMP does."""

import pytest

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import SITE_SCOPE, ModerationStatus, RightsStatus
from wagtail_ugc.publication import publish_public_files

from ..intake.conftest import form_data, upload
from ..intake.samples import gps_heic, gps_jpeg, gps_webp, jpeg_with_comment
from ..intake.samples import jpeg_with_xmp as jpeg_with_gps_xmp
from .helpers import all_public_paths, assert_nothing_but_xmp, opened, xmp_fields

pytestmark = pytest.mark.django_db


def test_an_upload_full_of_metadata_gives_public_files_with_only_the_licensing_xmp(
    submit, settings
):
    uploads = [
        upload(gps_jpeg(), name="IMG_0001.jpg"),
        upload(gps_webp(), name="photo.webp"),
        upload(gps_heic(), name="IMG_0002.HEIC"),
        upload(jpeg_with_comment("Shot at 59.3289 N, home"), name="c.jpg"),
        upload(jpeg_with_gps_xmp(), name="x.jpg"),
    ]
    response = submit(**form_data(photos=uploads))
    assert response.status_code == 302, response.content.decode()[-3000:]
    submission = Submission.objects.get()
    assert submission.photos.count() == len(uploads)
    # Made displayable as the moderation and rights stages would.
    Submission.objects.filter(pk=submission.pk).update(
        moderation_status=ModerationStatus.APPROVED,
        live=True,
        rights_status=RightsStatus.GRANTED,
        consent_scopes=[SITE_SCOPE],
    )
    submission.refresh_from_db()
    assert len(publish_public_files(submission)) == len(uploads)

    paths = all_public_paths(settings)
    assert paths
    for path in paths:
        data, image = opened(path)
        assert_nothing_but_xmp(data, image)
        assert b"59.3289" not in data
        assert xmp_fields(image)["Credit Line"] == "@ada_walks"
