"""Signals the pipeline stages send each other, so no stage imports a later one."""

from django.dispatch import Signal

#: Sent by intake when a submission's media is processed and it is ready to moderate.
#: Arguments: ``sender`` (the Submission class), ``submission``.
submission_ready = Signal()

#: Sent whenever a submission may have started or stopped being displayable
#: (approved, rejected, published, unpublished, withdrawn, rights granted or
#: expired, a photo deleted, erased). Publication reconciles the submission's
#: public files with the displayable rule: what is no longer displayable loses
#: them at once, inside the sender's transaction; anything that must see the
#: change committed (making files, clearing caches) waits for the commit.
#: Send it with ``announce_change``.
#: Arguments: ``sender`` (``None``), ``submission_id``.
displayability_changed = Signal()

#: Sent by moderation inside the approval's transaction, right after the
#: submissions' ``moderation_status`` became APPROVED (one by one, together,
#: or by reversing a rejection). Receivers write in that transaction, so what
#: they do stands or falls with the approval; e-mails wait for the commit.
#: Arguments: ``sender`` (``None``), ``submission_ids``, ``user`` (the
#: moderator, ``None`` for an automatic approval).
submissions_approved = Signal()

#: Sent inside the transaction of a change webhooks report (docs/webhooks.md):
#: a submission made ready for moderation, published (its public files made),
#: withdrawn, its licence expired. The webhooks record their deliveries in
#: that transaction, so an event is never lost nor sent for a rolled-back
#: change. Send it with ``announce_event``.
#: Arguments: ``sender`` (``None``), ``event`` (a ``WebhookEvent`` value),
#: ``submission``.
submission_event = Signal()


def announce_change(submission_id):
    """Tell publication (and caches) that ``submission_id`` may have changed."""
    displayability_changed.send(sender=None, submission_id=submission_id)


def announce_event(event, submission):
    """Tell the webhooks that ``event`` happened to ``submission``, inside the change's transaction."""
    submission_event.send(sender=None, event=event, submission=submission)
