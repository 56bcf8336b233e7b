"""One publication path: whatever changed, public files exist if and only if the submission is displayable."""

import os
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends
from wagtail.models import ModelLogEntry

from wagtail_ugc.links import withdraw_url
from wagtail_ugc.models import Submission, UGCImage, UGCRendition
from wagtail_ugc.models.choices import Kind, RightsStatus
from wagtail_ugc.publication import (
    RENDITION_SPECS,
    publish_public_files,
    reconcile,
    sweep,
)
from wagtail_ugc.storage import private_storage

from ..admin_forms import form_data
from ..factories import displayable_submission
from ..images import jpeg_bytes
from ..moderation.helpers import add_photo

# Real commits: files go, and are made, as the change commits.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("root_collection"),
]


def files_in(folder):
    return sorted(p for p in Path(folder).rglob("*") if p.is_file())


def public_files(settings):
    return files_in(settings.MEDIA_ROOT)


def private_files(isolated_storage):
    return files_in(isolated_storage / "ugc_private")


def published_with_photos(count=2, **kwargs):
    submission = displayable_submission(kind=Kind.PHOTO, rating=None, **kwargs)
    photos = [
        add_photo(submission, alt_text=f"Photo {n}", sort_order=n) for n in range(count)
    ]
    submission.save_revision()
    publish_public_files(submission)
    for photo in photos:
        photo.refresh_from_db()
    return submission, photos


def age(path, hours=2):
    past = time.time() - hours * 3600
    os.utime(path, (past, past))


def test_a_photo_deleted_in_the_editor_takes_every_file_it_had_with_it(
    client, moderator, settings, isolated_storage
):
    submission, (kept, deleted) = published_with_photos()
    deleted_public = [deleted.image.file.path] + [
        rendition.file.path for rendition in deleted.image.renditions.all()
    ]
    deleted_private = [deleted.master.path, deleted.preview.path]
    kept_image = kept.image.file.path
    client.force_login(moderator)
    edit_url = reverse(
        "wagtailsnippets_wagtail_ugc_submission:edit", args=[submission.pk]
    )
    data = form_data(client.get(edit_url).content.decode())
    prefix = next(
        name.removesuffix("-id")
        for name, value in data.items()
        if name.startswith("photos-")
        and name.endswith("-id")
        and value == str(deleted.pk)
    )
    data[f"{prefix}-DELETE"] = "1"
    data["action-publish"] = "action-publish"

    response = client.post(edit_url, data)

    assert response.status_code == 302
    assert not any(Path(path).exists() for path in deleted_public + deleted_private)
    assert Path(kept_image).exists()
    assert list(submission.photos.values_list("pk", flat=True)) == [kept.pk]
    assert Submission.objects.displayable().filter(pk=submission.pk).exists()
    assert UGCImage.objects.count() == 1
    assert UGCRendition.objects.count() == len(RENDITION_SPECS)


def test_deleting_a_submission_in_the_admin_removes_every_file(
    client, moderator, settings, isolated_storage
):
    submission, _photos = published_with_photos()
    assert public_files(settings) and private_files(isolated_storage)
    client.force_login(moderator)
    delete_url = reverse(
        "wagtailsnippets_wagtail_ugc_submission:delete", args=[submission.pk]
    )
    response = client.post(delete_url)
    assert response.status_code == 302
    assert public_files(settings) == []
    assert private_files(isolated_storage) == []
    assert not UGCImage.objects.exists()


def test_withdrawal_leaves_no_public_image_row_or_file(settings, client):
    submission, _photos = published_with_photos()
    response = client.post(withdraw_url(submission))
    assert response.status_code == 200
    assert public_files(settings) == []
    assert not UGCImage.objects.exists() and not UGCRendition.objects.exists()


def test_a_rights_change_reconciles_without_the_caller_touching_files(settings):
    submission, _photos = published_with_photos()
    Submission.objects.filter(pk=submission.pk).update(
        rights_status=RightsStatus.DECLINED
    )
    reconcile(submission.pk)
    assert public_files(settings) == []


def test_becoming_displayable_again_makes_the_files_once_the_change_commits(settings):
    submission, _photos = published_with_photos()
    Submission.objects.filter(pk=submission.pk).update(live=False)
    reconcile(submission.pk)
    assert public_files(settings) == []
    Submission.objects.filter(pk=submission.pk).update(live=True)
    reconcile(submission.pk)
    assert UGCImage.objects.filter(photo__submission=submission).count() == 2


def orphans_left_by_an_earlier_version(settings, isolated_storage):
    """An image row with no photo, and files no row refers to, as the old editor bug left them."""
    orphan = UGCImage(title="orphan", file=ContentFile(jpeg_bytes(300, 200), "o.jpg"))
    orphan.save()
    stray_public = default_storage.save("ugc/renditions/stray.webp", ContentFile(b"x"))
    stray_private = private_storage.save("masters/stray.jpg", ContentFile(b"x"))
    paths = [
        orphan.file.path,
        default_storage.path(stray_public),
        private_storage.path(stray_private),
    ]
    for path in paths:
        age(path)
    return orphan, paths


def test_the_sweep_removes_orphaned_images_and_unreferenced_files(
    settings, isolated_storage
):
    submission, photos = published_with_photos()
    orphan, paths = orphans_left_by_an_earlier_version(settings, isolated_storage)
    for path in public_files(settings) + private_files(isolated_storage):
        age(path)

    summary = sweep()

    assert not UGCImage.objects.filter(pk=orphan.pk).exists()
    assert not any(Path(path).exists() for path in paths)
    assert summary["stray_public_images_removed"] == 1
    assert summary["stray_public_files_removed"] == 1
    assert summary["stray_private_files_removed"] == 1
    # What belongs to a displayable submission stays.
    for photo in photos:
        photo.refresh_from_db()
        assert Path(photo.master.path).exists()
        assert Path(photo.image.file.path).exists()


def test_the_sweep_leaves_files_of_an_upload_still_in_progress(isolated_storage):
    name = private_storage.save("incoming/just-arrived", ContentFile(b"bytes"))
    summary = sweep()
    assert summary["stray_private_files_removed"] == 0
    assert private_storage.exists(name)


def test_erasure_leaves_no_orphan(settings, isolated_storage):
    submission, _photos = published_with_photos()
    _orphan, paths = orphans_left_by_an_earlier_version(settings, isolated_storage)
    call_command(
        "ugc_erase_creator", submission.creator.email, "--yes", stdout=StringIO()
    )
    assert public_files(settings) == []
    assert private_files(isolated_storage) == []
    assert not UGCImage.objects.exists()


@pytest.fixture
def worker_backend():
    """django-tasks' dummy backend holds tasks, with their run_after, as a queue would."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        backend = task_backends["default"]
        backend.clear()
        yield backend


def run_due_tasks(backend, name):
    """Run the held tasks called ``name``, as a worker does once their time has come."""
    due = [result for result in backend.results if result.task.name == name]
    for result in due:
        result.task.call(*result.args, **result.kwargs)
    return due


def test_where_a_worker_runs_a_licence_ends_at_its_expiry_instant(
    settings, worker_backend
):
    expires_at = timezone.now() + timedelta(hours=1)
    submission, _photos = published_with_photos(rights_expires_at=expires_at)
    reconcile(submission.pk)
    (scheduled,) = [
        result
        for result in worker_backend.results
        if result.task.name == "expire_licence_task"
    ]
    assert scheduled.task.run_after == expires_at
    assert public_files(settings)

    # The hour passes; the worker runs the task at its time, no sweep involved.
    Submission.objects.filter(pk=submission.pk).update(
        rights_expires_at=timezone.now() - timedelta(seconds=1)
    )
    run_due_tasks(worker_backend, "expire_licence_task")

    assert public_files(settings) == []
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.EXPIRED
    assert ModelLogEntry.objects.filter(
        action="wagtail_ugc.licence_expire", object_id=str(submission.pk)
    ).exists()


def test_the_scheduled_end_of_a_renewed_licence_changes_nothing(
    settings, worker_backend
):
    submission, _photos = published_with_photos(
        rights_expires_at=timezone.now() + timedelta(hours=1)
    )
    reconcile(submission.pk)
    Submission.objects.filter(pk=submission.pk).update(
        rights_expires_at=timezone.now() + timedelta(days=365)
    )
    run_due_tasks(worker_backend, "expire_licence_task")
    assert Submission.objects.displayable().filter(pk=submission.pk).exists()
    assert public_files(settings)


def test_without_a_worker_the_sweep_removes_an_expired_items_files(settings):
    submission, _photos = published_with_photos(
        rights_expires_at=timezone.now() + timedelta(hours=1)
    )
    reconcile(submission.pk)  # the immediate backend cannot schedule anything
    Submission.objects.filter(pk=submission.pk).update(
        rights_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert not Submission.objects.displayable().filter(pk=submission.pk).exists()
    assert public_files(settings)  # hidden by the rule, files still there
    call_command("ugc_rights_sweep", stdout=StringIO())
    assert public_files(settings) == []
