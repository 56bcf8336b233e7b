"""Licence expiry: the displayable rule hides an expired item at once; this records it and announces it."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import Submission, WebhookEvent
from ..models.choices import RightsStatus
from ..signals import announce_change, announce_event

EXPIRE_LOG_ACTION = "wagtail_ugc.licence_expire"


def expire_licences(now=None, submission_ids=None):
    """Mark granted rights past their end date EXPIRED; publication then removes their public files.

    ``submission_ids`` limits it to those submissions (the task scheduled for
    one licence's end); by default every due licence is expired.
    """
    now = now or timezone.now()
    expired = 0
    due = Submission.objects.filter(
        rights_status=RightsStatus.GRANTED, rights_expires_at__lte=now
    )
    if submission_ids is not None:
        due = due.filter(pk__in=submission_ids)
    for submission in due:
        with transaction.atomic():
            claimed = Submission.objects.filter(
                pk=submission.pk,
                rights_status=RightsStatus.GRANTED,
                rights_expires_at__lte=now,
            ).update(rights_status=RightsStatus.EXPIRED)
            if not claimed:
                continue
            submission.rights_status = RightsStatus.EXPIRED
            log(instance=submission, action=EXPIRE_LOG_ACTION, user=None)
            announce_change(submission.pk)
            announce_event(WebhookEvent.EXPIRED, submission)
        expired += 1
    return expired
