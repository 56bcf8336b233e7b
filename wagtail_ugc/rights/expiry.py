"""Licence expiry: the displayable rule hides an expired item at once; this sweep tidies up after it."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import Submission
from ..models.choices import RightsStatus
from ..publication import remove_public_files
from ..signals import displayability_changed

EXPIRE_LOG_ACTION = "wagtail_ugc.licence_expire"


def expire_licences(now=None):
    """Mark granted rights past their end date EXPIRED and remove their public files."""
    now = now or timezone.now()
    expired = 0
    due = Submission.objects.filter(
        rights_status=RightsStatus.GRANTED, rights_expires_at__lte=now
    )
    for submission in due:
        with transaction.atomic():
            claimed = Submission.objects.filter(
                pk=submission.pk, rights_status=RightsStatus.GRANTED
            ).update(rights_status=RightsStatus.EXPIRED)
            if not claimed:
                continue
            submission.rights_status = RightsStatus.EXPIRED
            log(instance=submission, action=EXPIRE_LOG_ACTION, user=None)
        remove_public_files(submission)
        displayability_changed.send(sender=Submission, submission_id=submission.pk)
        expired += 1
    return expired


def remove_stray_public_files():
    """A safety net for invariant 2: no undisplayable submission keeps a public file."""
    stray = (
        Submission.objects.filter(photos__image__isnull=False)
        .exclude(pk__in=Submission.objects.displayable().values("pk"))
        .distinct()
    )
    removed = 0
    for submission in stray:
        removed += remove_public_files(submission)
    return removed
