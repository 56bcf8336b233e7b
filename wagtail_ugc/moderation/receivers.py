"""Moderation's signal receiver: a submission ready for moderation enters the workflow and meets the rules."""

import logging

from django.db import transaction
from django.dispatch import receiver
from wagtail.models import WorkflowState

from ..models import Submission
from ..models.choices import ModerationStatus
from ..signals import submission_ready
from . import notifications, rules

logger = logging.getLogger(__name__)


@receiver(submission_ready, sender=Submission)
def start_moderation(sender, submission, **kwargs):
    """Save a first revision, start the "UGC moderation" workflow, then run the rules."""
    enter_workflow(submission)
    for step in (
        rules.apply_rules,
        notifications.notify_moderators_of_new_submission,
        rules.maybe_auto_approve,
    ):
        try:
            step(submission)
        except Exception:
            # The submission is safely in the queue; a failing rule or e-mail
            # must not lose it, and moderators still see it.
            logger.exception(
                "%s failed for submission %s", step.__name__, submission.pk
            )


def enter_workflow(submission, user=None):
    """Put a pending submission into moderation (idempotent)."""
    with transaction.atomic():
        if submission.moderation_status != ModerationStatus.PENDING:
            return None
        if submission.live:
            # Nothing is live before a moderator approves it.
            Submission.objects.filter(pk=submission.pk).update(live=False)
            submission.live = False
        if not submission.latest_revision_id:
            submission.save_revision(user=user, clean=False)
        workflow = submission.get_workflow()
        if workflow is None:
            return None
        if submission.workflow_states.filter(
            status__in=(
                WorkflowState.STATUS_IN_PROGRESS,
                WorkflowState.STATUS_NEEDS_CHANGES,
            )
        ).exists():
            return None
        return workflow.start(submission, user)
