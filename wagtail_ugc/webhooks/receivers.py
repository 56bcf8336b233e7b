"""The webhooks hear the stages' events, and every deletion of a submission (erased)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from ..models import Submission, WebhookEvent
from ..signals import submission_event
from .events import describe, forget_submission, only_uuid, record_event


@receiver(submission_event)
def record_submission_event(sender, event, submission, **kwargs):
    record_event(event, submission.uuid, describe(submission))


@receiver(post_delete, sender=Submission)
def record_erasure(sender, instance, **kwargs):
    # Erasure, the retention purge or an editor's delete: the item is gone.
    forget_submission(instance.uuid)
    record_event(WebhookEvent.ERASED, instance.uuid, only_uuid(instance.uuid))
