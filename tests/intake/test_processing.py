"""The processing task: safe to crash and retry, never trusting the form, never leaving orphans.

Disk failures are simulated at the storage edge (Django's FileSystemStorage),
the one thing these tests fake.
"""

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail_ugc.intake.services import create_submission
from wagtail_ugc.intake.tasks import process_submission
from wagtail_ugc.models import ConsentRecord, Submission
from wagtail_ugc.models.choices import Kind, ProcessingState
from wagtail_ugc.signals import submission_ready

from .conftest import private_files
from .samples import HTML_PAGE, gps_jpeg

pytestmark = pytest.mark.django_db


def new_photo_submission(campaign, *datas):
    return create_submission(
        campaign=campaign,
        kind=Kind.PHOTO,
        name="Ada",
        email="ada@example.com",
        uploads=[SimpleUploadedFile(f"p{n}.jpg", d) for n, d in enumerate(datas)],
        formats=["jpeg"] * len(datas),
        age_confirmed=True,
        people_shown_consented=True,
    )


@pytest.fixture
def ready_signals():
    received = []

    def listener(sender, submission, **kwargs):
        received.append(submission.pk)

    submission_ready.connect(listener, sender=Submission)
    yield received
    submission_ready.disconnect(listener, sender=Submission)


@pytest.fixture
def failing_disk(monkeypatch):
    """Make the disk refuse writes whose name starts with a given prefix."""
    real_save = FileSystemStorage._save

    def fail_on(prefix):
        def save(self, name, content):
            if name.startswith(prefix):
                raise OSError(28, "No space left on device")
            return real_save(self, name, content)

        monkeypatch.setattr(FileSystemStorage, "_save", save)

    yield fail_on
    monkeypatch.setattr(FileSystemStorage, "_save", real_save)


def test_row_and_bytes_are_saved_before_any_processing(
    campaign, private_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        submission = new_photo_submission(campaign, gps_jpeg())

    submission.refresh_from_db()
    photo = submission.photos.get()
    assert submission.processing_state == ProcessingState.RECEIVED
    assert private_files(private_root) == [photo.incoming.name]
    assert ConsentRecord.objects.filter(submission=submission).count() == 1
    for run_after_commit in queued:
        run_after_commit()
    submission.refresh_from_db()
    assert submission.processing_state == ProcessingState.READY


def test_crash_while_storing_the_master_loses_nothing_and_a_retry_finishes(
    campaign,
    private_root,
    failing_disk,
    ready_signals,
    django_capture_on_commit_callbacks,
):
    failing_disk("previews/")
    with django_capture_on_commit_callbacks(execute=True):
        submission = new_photo_submission(campaign, gps_jpeg())

    submission.refresh_from_db()
    photo = submission.photos.get()
    assert submission.processing_state == ProcessingState.RECEIVED
    assert photo.incoming.name and not photo.master
    assert private_files(private_root) == [photo.incoming.name]
    assert ready_signals == []

    failing_disk("nothing/")
    with django_capture_on_commit_callbacks(execute=True):
        process_submission.enqueue(submission.pk)

    submission.refresh_from_db()
    photo.refresh_from_db()
    assert submission.processing_state == ProcessingState.READY
    assert photo.master and not photo.incoming
    assert private_files(private_root) == sorted(
        [photo.master.name, photo.preview.name]
    )
    assert ready_signals == [submission.pk]


def test_running_the_task_twice_changes_nothing(
    campaign, private_root, ready_signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = new_photo_submission(campaign, gps_jpeg())
    files = private_files(private_root)

    with django_capture_on_commit_callbacks(execute=True):
        process_submission.enqueue(submission.pk)

    assert private_files(private_root) == files
    assert ready_signals == [submission.pk]


def test_failed_write_while_receiving_leaves_nothing_behind(
    campaign, private_root, monkeypatch
):
    # The first photo is written, the second fails: the first must go too.
    writes = []
    real_save = FileSystemStorage._save

    def save(self, name, content):
        writes.append(name)
        if len(writes) == 2:
            raise OSError(28, "No space left on device")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    with pytest.raises(OSError):
        new_photo_submission(campaign, gps_jpeg(), gps_jpeg())

    assert len(writes) == 2
    assert private_files(private_root) == []
    assert not Submission.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_task_never_trusts_the_form_and_fails_bad_bytes(
    campaign, private_root, ready_signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = new_photo_submission(campaign, HTML_PAGE)

    submission.refresh_from_db()
    assert submission.processing_state == ProcessingState.FAILED
    assert "not a photo" in submission.processing_error
    assert private_files(private_root) == []
    assert ready_signals == []
    assert ConsentRecord.objects.filter(submission=submission).exists()


def test_retry_command_finishes_what_a_crash_left(
    campaign,
    private_root,
    failing_disk,
    ready_signals,
    django_capture_on_commit_callbacks,
):
    from io import StringIO

    from django.core.management import call_command

    failing_disk("previews/")
    with django_capture_on_commit_callbacks(execute=True):
        submission = new_photo_submission(campaign, gps_jpeg())
    failing_disk("nothing/")
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("ugc_process_received", "--older-than=0", stdout=out)

    submission.refresh_from_db()
    assert "Queued 1 submission(s)" in out.getvalue()
    assert submission.processing_state == ProcessingState.READY
    assert ready_signals == [submission.pk]
