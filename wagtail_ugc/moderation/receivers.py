"""Moderation's signal receivers: ready submissions enter the workflow; publish state drives public files."""

import logging

from django.db import transaction
from django.dispatch import receiver
from wagtail.models import WorkflowState
from wagtail.signals import published, unpublished

from ..models import Submission
from ..models.choices import Kind, ModerationStatus
from ..publication import publish_public_files_task, remove_public_files
from ..signals import displayability_changed, submission_ready
from .workflow import missing_for_approval

logger = logging.getLogger(__name__)


@receiver(submission_ready, sender=Submission)
def start_moderation(sender, submission, **kwargs):
    """Save a first revision, start the "UGC moderation" workflow, then run the rules."""
    enter_workflow(submission)
    from . import notifications, rules

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


@receiver(published, sender=Submission)
def approve_and_make_public_files(sender, instance, **kwargs):
    """Publishing is approval: record it first, then make the public files after commit.

    Publishing straight from the editor (a user with publish permission can)
    skips the workflow's rights and credit check, so the check is made here
    too: without rights, credit and alt text on file it is not an approval,
    and the displayable rule keeps the submission off every public surface.
    """
    missing = missing_for_approval(instance)
    if missing:
        logger.warning(
            "Submission %s was published without approval: %s",
            instance.pk,
            " ".join(missing),
        )
        return
    Submission.objects.filter(pk=instance.pk).exclude(
        moderation_status=ModerationStatus.APPROVED
    ).update(
        moderation_status=ModerationStatus.APPROVED,
        rejection_category="",
        rejection_reason="",
    )
    instance.moderation_status = ModerationStatus.APPROVED
    submission_id = instance.pk

    has_photos = instance.kind == Kind.PHOTO

    def make_public():
        if has_photos:
            publish_public_files_task.enqueue(submission_id)
        displayability_changed.send(sender=Submission, submission_id=submission_id)

    transaction.on_commit(make_public)


@receiver(unpublished, sender=Submission)
def remove_public_files_on_unpublish(sender, instance, **kwargs):
    remove_public_files(instance)
    submission_id = instance.pk
    transaction.on_commit(
        lambda: displayability_changed.send(
            sender=Submission, submission_id=submission_id
        )
    )
