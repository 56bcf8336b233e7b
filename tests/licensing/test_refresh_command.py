"""``ugc_refresh_public_files``: public files made before the licensing metadata existed get it."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from wagtail_ugc.models import UGCImage
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.publication import publish_public_files

from ..factories import displayable_submission
from .helpers import all_public_paths, opened, public_files_of, with_photo, xmp_fields

pytestmark = pytest.mark.django_db


def strip_to_an_old_file(image):
    """Replace the image's file and renditions with what an earlier version made: no XMP."""
    data, picture = opened(image.file)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    Path(image.file.path).write_bytes(buffer.getvalue())
    assert "xmp" not in Image.open(image.file.path).info
    return Path(image.file.path)


def test_files_without_the_metadata_are_made_again_and_right_ones_left_alone(
    settings, django_capture_on_commit_callbacks
):
    old = displayable_submission(kind=Kind.PHOTO, credit_line="Made long ago")
    with_photo(old)
    publish_public_files(old)
    old_path = strip_to_an_old_file(UGCImage.objects.get(photo__submission=old))
    current = displayable_submission(kind=Kind.PHOTO, credit_line="Made today")
    with_photo(current)
    publish_public_files(current)
    current_files = {f.name for f in public_files_of(current)}

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ugc_refresh_public_files", stdout=out)

    assert "photo submissions checked: 2" in out.getvalue()
    for file in public_files_of(old):
        assert xmp_fields(opened(file)[1])["Credit Line"] == "Made long ago"
    assert {f.name for f in public_files_of(current)} == current_files
    # Made again under a new name; the old file is gone.
    assert old_path not in all_public_paths(settings)
