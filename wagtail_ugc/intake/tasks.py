"""Background work of intake (django-tasks): the creator's confirmation, and processing received photos.

``send_confirmation`` runs as soon as a submission is saved, before its
processing, and sends once: it claims the submission's
``confirmation_sent_at`` with a conditional update first.

``process_submission`` is safe to run again at any point: photos that already
have a master are skipped, and the submission becomes READY (and
``submission_ready`` is sent) only once. A file that cannot be sanitised, or
that is missing or unreadable, marks the submission FAILED with the reason
moderators see; any other error leaves it RECEIVED, so a retry
(``manage.py ugc_process_received``) picks it up, at most
``MAX_PROCESSING_ATTEMPTS`` runs in all.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ..links import withdraw_url
from ..mail import absolute_url, mail_creator
from ..models import Submission, SubmissionPhoto, WebhookEvent
from ..models.choices import ProcessingState
from ..signals import announce_event, submission_ready
from ..storage import private_storage
from .errors import RefusedInput
from .media import sanitise_image

logger = logging.getLogger(__name__)

#: Runs of ``process_submission`` before a submission that never finishes is
#: marked failed (a photo that kills its process would otherwise be retried,
#: and kill it, on every run of ``ugc_process_received``).
MAX_PROCESSING_ATTEMPTS = 5


class ReceivedFileLost(RefusedInput):
    """The bytes as received are gone or cannot be read: no retry brings them back."""


@task()
def process_submission(submission_id):
    started = Submission.objects.filter(
        pk=submission_id,
        processing_state=ProcessingState.RECEIVED,
        processing_attempts__lt=MAX_PROCESSING_ATTEMPTS,
    ).update(processing_attempts=F("processing_attempts") + 1)
    submission = Submission.objects.filter(
        pk=submission_id, processing_state=ProcessingState.RECEIVED
    ).first()
    if submission is None:
        return "nothing to do"
    if not started:
        mark_failed(
            submission,
            _("Processing did not finish in %(count)s attempts.")
            % {"count": MAX_PROCESSING_ATTEMPTS},
        )
        return "failed"
    try:
        for photo in submission.photos.order_by("sort_order", "pk"):
            process_photo(photo)
    except RefusedInput as refusal:
        mark_failed(submission, str(refusal.message))
        return "failed"
    mark_ready(submission)
    return "ready"


def process_photo(photo):
    """Make the sanitised master and preview of one photo, then drop the bytes as received."""
    if photo.master:
        _drop_incoming(photo)
        return
    with open_incoming(photo) as incoming:
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


def open_incoming(photo):
    """The bytes as received; ``ReceivedFileLost`` if they are gone or unreadable for good."""
    try:
        if not photo.incoming.name:
            raise FileNotFoundError(photo.incoming.name)
        return private_storage.open(photo.incoming.name, "rb")
    except FileNotFoundError:
        raise ReceivedFileLost(_("The uploaded file is missing."), "missing") from None
    except (PermissionError, IsADirectoryError):
        raise ReceivedFileLost(
            _("The uploaded file could not be read."), "unreadable"
        ) from None


def _drop_incoming(photo):
    name = photo.incoming.name
    if not name:
        return
    SubmissionPhoto.objects.filter(pk=photo.pk).update(incoming="")
    photo.incoming.name = ""
    try:
        private_storage.delete(name)
    except OSError:
        # No row refers to it any more: the sweep removes it later.
        logger.warning("Could not delete the received file %s", name)


def mark_ready(submission):
    """READY once, then tell moderation (``submission_ready``) after the commit."""
    with transaction.atomic():
        changed = Submission.objects.filter(
            pk=submission.pk, processing_state=ProcessingState.RECEIVED
        ).update(
            processing_state=ProcessingState.READY,
            processing_error="",
            # When it was made ready: ``ugc_process_received`` hands it to
            # moderation again if no revision was saved a while after.
            updated_at=timezone.now(),
        )
        if not changed:
            return False
        submission.processing_state = ProcessingState.READY
        announce_event(WebhookEvent.RECEIVED, submission)

        def announce():
            fresh = Submission.objects.get(pk=submission.pk)
            submission_ready.send(sender=Submission, submission=fresh)

        # Robust: READY is committed; a failing listener is logged, not raised.
        transaction.on_commit(announce, robust=True)
    return True


def mark_failed(submission, reason):
    """Processing cannot succeed: keep the row (and its consent) with the reason, drop the bytes."""
    with transaction.atomic():
        changed = Submission.objects.filter(
            pk=submission.pk, processing_state=ProcessingState.RECEIVED
        ).update(processing_state=ProcessingState.FAILED, processing_error=reason)
    for photo in submission.photos.all():
        _drop_incoming(photo)
    if changed:
        logger.warning(
            "Submission %s could not be processed: %s", submission.pk, reason
        )


@task()
def send_confirmation(submission_id, withdraw_link=""):
    """Tell the creator what happens next and how to withdraw, in their language, once.

    ``withdraw_link`` is the full link, made from the visitor's request; without
    it the link is made from the site's base URL (``mail.absolute_url``).
    """
    claimed = Submission.objects.filter(
        pk=submission_id, creator__isnull=False, confirmation_sent_at__isnull=True
    ).update(confirmation_sent_at=timezone.now())
    if not claimed:
        return 0
    submission = Submission.objects.select_related("creator", "campaign").get(
        pk=submission_id
    )
    try:
        return mail_creator(
            "creator_confirmation",
            {
                "submission": submission,
                "withdraw_link": withdraw_link
                or absolute_url(withdraw_url(submission)),
            },
            submission,
        )
    except Exception:
        # Not sent: ``ugc_process_received`` tries again. Not on a worker's
        # forced stop (SystemExit) or Ctrl-C: the mail server may have it
        # already, and the creator must not get it twice.
        Submission.objects.filter(pk=submission_id).update(confirmation_sent_at=None)
        raise
