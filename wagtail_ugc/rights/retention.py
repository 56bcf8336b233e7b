"""Retention: rejected and abandoned submissions, and the network data of consents, are not kept for ever."""

from datetime import timedelta

from django.utils import timezone

from ..conf import ugc_settings
from ..models import ConsentRecord, Submission
from ..models.choices import ModerationStatus, ProcessingState
from .erasure import PURGE_LOG_ACTION, delete_submission


def rejected_due(now):
    cutoff = now - timedelta(days=ugc_settings.REJECTED_RETENTION_DAYS)
    # updated_at is set by the rejection itself, the last change such an item gets.
    return Submission.objects.filter(
        moderation_status=ModerationStatus.REJECTED, updated_at__lt=cutoff
    )


def abandoned_due(now):
    cutoff = now - timedelta(days=ugc_settings.ABANDONED_RETENTION_DAYS)
    return Submission.objects.filter(
        processing_state__in=[ProcessingState.RECEIVED, ProcessingState.FAILED],
        submitted_at__lt=cutoff,
    )


def drop_consent_network_data(now):
    """Blank the hashed IP and user agent of consents older than the retention period.

    One of the two rewrites the append-only ledger allows (see erasure.py),
    through ``_base_manager`` because the default manager refuses updates.
    """
    cutoff = now - timedelta(days=ugc_settings.CONSENT_NETWORK_DATA_RETENTION_DAYS)
    return (
        ConsentRecord._base_manager.filter(created_at__lt=cutoff)
        .exclude(ip_hash="", user_agent="")
        .update(ip_hash="", user_agent="")
    )


def purge(now=None):
    """Apply every retention rule once; return what was removed, by kind."""
    now = now or timezone.now()
    rejected = list(rejected_due(now))
    abandoned = list(abandoned_due(now).exclude(pk__in=[s.pk for s in rejected]))
    for submission in rejected + abandoned:
        delete_submission(submission, action=PURGE_LOG_ACTION)
    return {
        "rejected": len(rejected),
        "abandoned": len(abandoned),
        "consent_network_data": drop_consent_network_data(now),
    }
