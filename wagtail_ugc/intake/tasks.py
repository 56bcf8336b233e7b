"""Background processing of received photos (django-tasks): sanitise, store the master, announce it ready.

``process_submission`` is safe to run again at any point: photos that already
have a master are skipped, and the submission becomes READY (and
``submission_ready`` is sent) only once. A file that cannot be sanitised
marks the submission FAILED with the reason; any other error leaves it
RECEIVED, so a retry (``manage.py ugc_process_received``) picks it up.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from ..mail import mail_creator
from ..models import Submission, SubmissionPhoto
from ..models.choices import ProcessingState
from ..signals import submission_ready
from ..storage import private_storage
from .media import UnacceptableImage, sanitise_image

logger = logging.getLogger(__name__)


@task()
def process_submission(submission_id):
    submission = Submission.objects.filter(
        pk=submission_id, processing_state=ProcessingState.RECEIVED
    ).first()
    if submission is None:
        return "nothing to do"
    try:
        for photo in submission.photos.order_by("sort_order", "pk"):
            process_photo(photo)
    except UnacceptableImage as refusal:
        mark_failed(submission, str(refusal.message))
        return "failed"
    mark_ready(submission)
    return "ready"


def process_photo(photo):
    """Make the sanitised master and preview of one photo, then drop the bytes as received."""
    if photo.master:
        _drop_incoming(photo)
        return
    with private_storage.open(photo.incoming.name, "rb") as incoming:
        result = sanitise_image(incoming)
    master_name = photo.master.field.generate_filename(photo, "master.jpg")
    preview_name = photo.preview.field.generate_filename(photo, "preview.jpg")
    master_name = private_storage.save(master_name, ContentFile(result.master))
    try:
        preview_name = private_storage.save(preview_name, ContentFile(result.preview))
        updated = SubmissionPhoto.objects.filter(pk=photo.pk, master="").update(
            master=master_name,
            preview=preview_name,
            width=result.width,
            height=result.height,
        )
    except BaseException:
        private_storage.delete(master_name)
        raise
    if not updated:
        # Another run finished this photo first: keep its files, not ours.
        private_storage.delete(master_name)
        private_storage.delete(preview_name)
        photo.refresh_from_db()
    else:
        photo.master.name, photo.preview.name = master_name, preview_name
    _drop_incoming(photo)


def _drop_incoming(photo):
    name = photo.incoming.name
    if not name:
        return
    SubmissionPhoto.objects.filter(pk=photo.pk).update(incoming="")
    photo.incoming.name = ""
    private_storage.delete(name)


def mark_ready(submission):
    """READY once, then tell moderation (``submission_ready``) after the commit."""
    with transaction.atomic():
        changed = Submission.objects.filter(
            pk=submission.pk, processing_state=ProcessingState.RECEIVED
        ).update(processing_state=ProcessingState.READY, processing_error="")
        if not changed:
            return False
        submission.processing_state = ProcessingState.READY

        def announce():
            fresh = Submission.objects.get(pk=submission.pk)
            submission_ready.send(sender=Submission, submission=fresh)

        transaction.on_commit(announce)
    return True


def mark_failed(submission, reason):
    """The upload could not be sanitised: keep the row (and its consent), drop the hostile bytes."""
    with transaction.atomic():
        Submission.objects.filter(
            pk=submission.pk, processing_state=ProcessingState.RECEIVED
        ).update(processing_state=ProcessingState.FAILED, processing_error=reason)
    for photo in submission.photos.all():
        _drop_incoming(photo)
    logger.warning("Submission %s could not be processed: %s", submission.pk, reason)


@task()
def send_confirmation(submission_id, withdraw_link):
    """Tell the creator what happens next and how to withdraw, in their language."""
    submission = (
        Submission.objects.select_related("creator", "campaign")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return 0
    return mail_creator(
        "creator_confirmation",
        {"submission": submission, "withdraw_link": withdraw_link},
        submission,
    )
