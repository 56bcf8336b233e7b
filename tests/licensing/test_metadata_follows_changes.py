"""When the credit, licence or AI-training choice of a live item changes, its public files say so: made again under new names."""

from datetime import timedelta

import pytest

from wagtail_ugc.licensing import (
    DATA_MINING_ALLOWED,
    DATA_MINING_PROHIBITED,
    rights_of,
)
from wagtail_ugc.models import UGCImage
from wagtail_ugc.models.choices import (
    AI_TRAINING_SCOPE,
    ConsentMethod,
    Kind,
    Licence,
)
from wagtail_ugc.models.ledger import record_grant
from wagtail_ugc.publication import (
    RENDITION_SPECS,
    _make_public_image,
    publish_public_files,
    remove_orphaned_images,
)
from wagtail_ugc.rights.creator_page import change_credit

from ..factories import displayable_submission
from .helpers import all_public_paths, opened, public_files_of, with_photo, xmp_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_photo(settings):
    submission = displayable_submission(kind=Kind.PHOTO, credit_line="Old name")
    with_photo(submission)
    publish_public_files(submission)
    return submission


def said_by_every_file(submission, field):
    files = public_files_of(submission)
    assert len(files) == 1 + len(RENDITION_SPECS)
    return {xmp_fields(opened(file)[1])[field] for file in files}


def test_the_creators_new_credit_reaches_every_public_file(
    live_photo, settings, django_capture_on_commit_callbacks
):
    before = all_public_paths(settings)
    with django_capture_on_commit_callbacks(execute=True):
        assert change_credit(live_photo, credit_line="New name", credit_url="")

    assert said_by_every_file(live_photo, "Credit Line") == {"New name"}
    assert said_by_every_file(live_photo, "Copyright Notice") == {"© New name"}
    after = all_public_paths(settings)
    # New names (caches hold the old files), and the old files are gone.
    assert len(after) == len(before) and not set(after) & set(before)


def test_an_editors_published_revision_of_the_credit_reaches_every_public_file(
    live_photo, django_capture_on_commit_callbacks
):
    live_photo.credit_line = "Corrected name"
    with django_capture_on_commit_callbacks(execute=True):
        live_photo.save_revision().publish(skip_permission_checks=True)

    assert said_by_every_file(live_photo, "Credit Line") == {"Corrected name"}


def test_allowing_ai_training_later_reaches_every_public_file(
    live_photo, django_capture_on_commit_callbacks
):
    assert said_by_every_file(live_photo, "Data Mining") == {DATA_MINING_PROHIBITED}
    with django_capture_on_commit_callbacks(execute=True):
        record_grant(
            live_photo,
            method=ConsentMethod.RIGHTS_REQUEST,
            scopes=[AI_TRAINING_SCOPE],
            licence=Licence.CC_BY_4,
            credit_line="Old name",
        )

    assert said_by_every_file(live_photo, "Data Mining") == {DATA_MINING_ALLOWED}
    assert said_by_every_file(live_photo, "Web Statement of Rights") == {
        "https://creativecommons.org/licenses/by/4.0/"
    }


def test_nothing_is_made_again_while_nothing_changed(live_photo, settings):
    before = all_public_paths(settings)
    publish_public_files(live_photo)
    assert all_public_paths(settings) == before


def test_the_sweep_leaves_a_new_image_being_made_and_removes_one_a_killed_process_left(
    live_photo,
):
    photo = live_photo.photos.select_related("image").get()
    rights = rights_of(live_photo)
    left_by_a_killed_process = _make_public_image(photo, rights)
    UGCImage.objects.filter(pk=left_by_a_killed_process.pk).update(
        created_at=photo.image.created_at - timedelta(seconds=1)
    )
    being_made = _make_public_image(photo, rights)

    remove_orphaned_images()

    assert UGCImage.objects.filter(pk=being_made.pk).exists()
    assert not UGCImage.objects.filter(pk=left_by_a_killed_process.pk).exists()
    assert UGCImage.objects.filter(pk=photo.image_id).exists()
