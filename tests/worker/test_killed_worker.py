"""A real task worker (django-tasks-db's ``db_worker``): the whole path through it, and what survives one killed mid-task.

Every worker here is a real process on the test database (SQLite or
PostgreSQL, as the suite runs), stopped at an exact point by a gate
(``gates.py``) and killed with SIGKILL, as the out-of-memory killer or a
lost machine would. django-tasks-db then leaves the task RUNNING for ever and
never retries it; ``ugc_process_received`` and the sweep find the work again
from the submissions themselves.
"""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import WorkflowState

from tests.factories import CampaignFactory
from tests.intake.conftest import form_data, upload
from tests.moderation.helpers import make_moderator
from wagtail_ugc.models import Submission, UGCImage, UGCRendition
from wagtail_ugc.models.choices import ProcessingState
from wagtail_ugc.publication import RENDITION_SPECS

from .conftest import TaskResultStatus, task_statuses, wait_for
from .gates import CREATOR_EMAIL

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills with SIGKILL")

RUNNING, FAILED = TaskResultStatus.RUNNING, TaskResultStatus.FAILED
SUCCESSFUL = TaskResultStatus.SUCCESSFUL


@pytest.fixture
def campaign(workers):
    return CampaignFactory(slug="summer", title="Summer trails", max_photos=3)


def send_photos(client, campaign, count=1):
    """A visitor sends ``count`` photos through the public form; the submission."""
    response = client.post(
        reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug}),
        form_data(photos=[upload() for _ in range(count)]),
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    return Submission.objects.get()


def process_received(*args):
    out = StringIO()
    call_command("ugc_process_received", *args, stdout=out)
    return out.getvalue()


def sweep():
    out = StringIO()
    call_command("ugc_rights_sweep", stdout=out)
    return out.getvalue()


def approve_as_moderator(client, django_user_model, submission):
    """A moderator describes each photo and approves, in the keyboard queue."""
    client.force_login(make_moderator(django_user_model))
    alt_texts = {
        f"alt_text-{photo.uuid}": f"A lake at sunrise, {photo.sort_order}"
        for photo in submission.photos.all()
    }
    as_the_queue = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    edit = reverse("wagtail_ugc_queue:edit_inline", args=[submission.pk])
    assert client.post(edit, alt_texts, **as_the_queue).json()["ok"]
    approve = reverse("wagtail_ugc_queue:approve", args=[submission.pk])
    response = client.post(approve, **as_the_queue)
    assert response.json()["ok"], response.json()


def in_moderation(submission):
    return WorkflowState.objects.for_instance(submission).filter(
        status=WorkflowState.STATUS_IN_PROGRESS
    )


def files_under(folder):
    return sorted(
        str(path.relative_to(folder))
        for path in Path(folder).rglob("*")
        if path.is_file()
    )


def fully_published(submission):
    photos = submission.photos.all()
    return all(
        photo.image_id
        and UGCRendition.objects.filter(image_id=photo.image_id).count()
        == len(RENDITION_SPECS)
        for photo in photos
    )


def assert_published_once(submission, settings):
    """Each photo has one public image with every rendition, and the public folder holds exactly their files."""
    photos = list(submission.photos.all())
    images = UGCImage.objects.all()
    assert sorted(image.photo.pk for image in images) == sorted(p.pk for p in photos)
    renditions = UGCRendition.objects.all()
    assert renditions.count() == len(photos) * len(RENDITION_SPECS)
    named = [image.file.name for image in images] + [r.file.name for r in renditions]
    assert files_under(settings.MEDIA_ROOT) == sorted(named)


def age_files(folder, hours=2):
    past = time.time() - hours * 3600
    for path in Path(folder).rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def test_a_photo_goes_from_the_form_through_the_worker_to_moderation_and_back_to_the_worker_for_publication(
    client, campaign, workers, django_user_model, settings
):
    workers.start()
    submission = send_photos(client, campaign)

    wait_for(
        lambda: in_moderation(submission).exists(), "processing and moderation", workers
    )
    submission.refresh_from_db()
    assert submission.processing_state == ProcessingState.READY
    photo = submission.photos.get()
    assert photo.master and photo.preview and not photo.incoming
    [confirmation] = wait_for(
        lambda: workers.sent(to=CREATOR_EMAIL), "the confirmation", workers
    )
    assert "/ugc/withdraw/" in confirmation.get_body().get_content()

    approve_as_moderator(client, django_user_model, submission)

    wait_for(lambda: fully_published(submission), "the renditions", workers)
    assert Submission.objects.displayable().filter(pk=submission.pk).exists()
    assert_published_once(submission, settings)
    wait_for(
        lambda: len(workers.sent(to=CREATOR_EMAIL)) == 2, "the approval e-mail", workers
    )
    subjects = [message["Subject"] for message in workers.sent(to=CREATOR_EMAIL)]
    assert sum("is now on" in subject for subject in subjects) == 1
    wait_for(
        lambda: set(task_statuses()) <= {SUCCESSFUL, FAILED},
        "the queue to empty",
        workers,
    )
    assert FAILED not in task_statuses()


def test_a_submission_whose_worker_was_killed_while_processing_is_picked_up_and_processed_once(
    client, campaign, workers, settings
):
    workers.arm("master", at=2)
    worker = workers.start()
    submission = send_photos(client, campaign, count=2)

    # Killed after the first photo's master was saved, before the second's.
    workers.wait_at("master", worker)
    workers.kill(worker)
    submission.refresh_from_db()
    assert submission.processing_state == ProcessingState.RECEIVED
    assert submission.processing_attempts == 1
    first, second = submission.photos.order_by("sort_order")
    assert first.master and not first.incoming
    assert second.incoming and not second.master
    # django-tasks-db neither notices nor retries: the task stays RUNNING.
    assert task_statuses("process_submission") == [RUNNING]

    workers.disarm("master")
    assert "Queued 1 submission(s) for processing" in process_received("--older-than=0")
    workers.run_batch()

    submission.refresh_from_db()
    assert submission.processing_state == ProcessingState.READY
    assert submission.processing_attempts == 2
    photos = list(submission.photos.order_by("sort_order"))
    assert first.master.name == photos[0].master.name  # kept, not made again
    private_root = settings.WAGTAIL_UGC["PRIVATE_ROOT"]
    assert files_under(Path(private_root) / "masters") == sorted(
        Path(photo.master.name).name for photo in photos
    )
    assert files_under(Path(private_root) / "incoming") == []
    assert in_moderation(submission).count() == 1
    assert len(workers.sent(to=CREATOR_EMAIL)) == 1
    assert task_statuses("process_submission") == [RUNNING, SUCCESSFUL]

    # The row the killed worker left is marked failed once it is old enough.
    assert "Marked 1 task(s) failed" in process_received("--lost-tasks-after=0")
    assert task_statuses("process_submission") == [FAILED, SUCCESSFUL]
    assert "Queued 0 submission(s) for processing and 0 confirmation(s)." in (
        process_received("--older-than=0")
    )
    workers.run_batch()
    assert len(workers.sent(to=CREATOR_EMAIL)) == 1


def test_a_publication_whose_worker_was_killed_shows_nothing_half_made_and_the_sweep_redoes_it(
    client, campaign, workers, django_user_model, settings
):
    submission = send_photos(client, campaign, count=2)
    workers.run_batch()
    # Killed at the third rendition of the second photo: the first photo's
    # image and renditions are all made.
    workers.arm("rendition", at=len(RENDITION_SPECS) + 3)
    worker = workers.start()
    approve_as_moderator(client, django_user_model, submission)
    workers.wait_at("rendition", worker)
    workers.kill(worker)

    assert Submission.objects.displayable().filter(pk=submission.pk).exists()
    # No photo has a public image yet: galleries show none of them...
    assert not submission.photos.filter(image__isnull=False).exists()
    # ...and what was made has random names no page links to.
    assert UGCImage.objects.filter(photo__isnull=True).count() == 2
    assert task_statuses("publish_public_files_task") == [RUNNING]

    workers.disarm("rendition")
    assert "publications redone: 1" in sweep()
    workers.run_batch()

    assert fully_published(submission)
    # The next sweep deletes the images the killed worker made, and once they
    # are older than the sweep's grace, its files no row names.
    assert "stray public images removed: 2" in sweep()
    age_files(settings.MEDIA_ROOT)
    assert "stray public files removed: 2" in sweep()
    assert_published_once(submission, settings)
    assert "publications redone: 0" in sweep()


def test_a_worker_killed_just_after_the_confirmation_went_out_never_sends_it_again(
    client, campaign, workers
):
    workers.arm("mail-after")
    worker = workers.start()
    submission = send_photos(client, campaign)
    workers.wait_at("mail-after", worker)
    workers.kill(worker)
    assert len(workers.sent(to=CREATOR_EMAIL)) == 1
    assert task_statuses("send_confirmation") == [RUNNING]

    assert "and 0 confirmation(s)" in process_received("--older-than=0")
    workers.disarm("mail-after")
    workers.run_batch()

    submission.refresh_from_db()
    assert submission.processing_state == ProcessingState.READY
    assert len(workers.sent(to=CREATOR_EMAIL)) == 1


def test_a_worker_stopped_by_force_just_after_the_confirmation_went_out_never_sends_it_again(
    client, campaign, workers
):
    workers.arm("mail-after")
    worker = workers.start()
    send_photos(client, campaign)
    workers.wait_at("mail-after", worker)
    # A second SIGTERM (or Ctrl-C) ends the task at once (SystemExit), and
    # django-tasks-db records it as failed.
    workers.stop(worker)
    time.sleep(0.5)
    workers.stop(worker)
    worker.wait(timeout=30)
    assert task_statuses("send_confirmation") == [FAILED]

    assert "and 0 confirmation(s)" in process_received("--older-than=0")
    workers.disarm("mail-after")
    workers.run_batch()
    assert len(workers.sent(to=CREATOR_EMAIL)) == 1


def test_a_worker_asked_to_stop_finishes_its_task_first(client, campaign, workers):
    workers.arm("master")
    worker = workers.start()
    submission = send_photos(client, campaign)
    workers.wait_at("master", worker)
    workers.stop(worker)
    workers.release("master")
    assert worker.wait(timeout=60) == 0
    submission.refresh_from_db()
    assert submission.processing_state == ProcessingState.READY
    assert task_statuses("process_submission") == [SUCCESSFUL]


def test_a_worker_killed_before_the_mail_server_took_the_confirmation_loses_it_rather_than_risk_a_second(
    client, campaign, workers
):
    """The one window docs/intake.md names: marked as sent, never handed over."""
    workers.arm("mail-before")
    worker = workers.start()
    submission = send_photos(client, campaign)
    workers.wait_at("mail-before", worker)
    workers.kill(worker)
    submission.refresh_from_db()
    assert submission.confirmation_sent_at is not None

    assert "and 0 confirmation(s)" in process_received("--older-than=0")
    workers.disarm("mail-before")
    workers.run_batch()

    assert workers.sent(to=CREATOR_EMAIL) == []


def test_a_submission_made_ready_by_a_worker_killed_before_moderation_heard_is_handed_to_moderation(
    client, campaign, workers
):
    workers.arm("ready")
    worker = workers.start()
    submission = send_photos(client, campaign)
    workers.wait_at("ready", worker)
    workers.kill(worker)
    submission.refresh_from_db()
    assert submission.processing_state == ProcessingState.READY
    assert not in_moderation(submission).exists()

    # Left alone for a while: the worker may still be announcing it.
    assert "to moderation" not in process_received()
    assert "Handed 1 ready submission(s) to moderation." in process_received(
        "--older-than=0"
    )
    assert in_moderation(submission).count() == 1
    assert "to moderation" not in process_received("--older-than=0")


def test_two_workers_on_the_same_submission_make_one_result(client, campaign, workers):
    submission = send_photos(client, campaign, count=2)
    # Queued twice (the form, then the recovery command), taken by two workers at once.
    assert "Queued 1 submission(s) for processing and 1 confirmation(s)." in (
        process_received("--older-than=0")
    )
    both = [workers.start("--batch"), workers.start("--batch")]
    for worker in both:
        assert worker.wait(timeout=120) == 0, workers.log()

    submission.refresh_from_db()
    assert submission.processing_state == ProcessingState.READY
    photos = list(submission.photos.all())
    assert files_under(Path(settings_private_root(workers)) / "masters") == sorted(
        Path(photo.master.name).name for photo in photos
    )
    assert in_moderation(submission).count() == 1
    assert len(workers.sent(to=CREATOR_EMAIL)) == 1
    assert task_statuses("process_submission") == [SUCCESSFUL, SUCCESSFUL]


def settings_private_root(workers):
    return workers.settings.WAGTAIL_UGC["PRIVATE_ROOT"]
