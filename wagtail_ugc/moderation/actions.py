"""Approving and rejecting submissions: through the Wagtail workflow, race-safe, in the audit log.

Two moderators acting on one submission at once end in exactly one outcome:
each decision locks the submission's row first and re-reads its state, so the
second one finds it already decided and gets ``ModerationConflict``. SQLite
locks the whole database instead, when the transaction begins (with
``"transaction_mode": "IMMEDIATE"``), which serves the same.
"""

import logging
from functools import partial

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState

from ..models import Submission
from ..models.choices import ModerationStatus, RejectionCategory
from ..permissions import can_moderate
from ..signals import announce_change, submissions_approved
from . import together
from .notifications import notify_creator_task
from .workflow import missing_for_approval

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "wagtail_ugc.publish_submission"


class ModerationConflict(Exception):
    """Someone else decided on the submission first; the message says who and what."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ApprovalRefused(PermissionDenied):
    """Approval is not possible yet; ``missing`` lists what must be put on file first."""

    def __init__(self, missing):
        self.missing = list(missing)
        super().__init__(
            gettext("This submission cannot be approved yet: %s")
            % " ".join(str(item) for item in self.missing)
        )


def approve(submission, user):
    """Approve ``submission`` through its workflow and publish it.

    ``user`` is the moderator (``None`` for an automatic approval). Raises
    ``ModerationConflict`` if it was decided meanwhile, ``ApprovalRefused`` if
    rights, credit or alt text are missing, ``PermissionDenied`` if ``user``
    may not moderate.
    """
    [(_submission, outcome)] = approve_many([submission], user)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def approve_many(submissions, user, *, one_by_one=False):
    """Approve each of ``submissions`` as ``approve`` does, reading their rows together.

    Returns ``(submission, outcome)`` pairs in order, one for each distinct
    submission: the outcome is the approved submission, or the
    ``ModerationConflict`` or ``PermissionDenied`` that stopped that one. The
    caller's objects are updated.

    Where approving finishes the workflow (its one active step, Wagtail's
    default finishing action), the decisions are written together: each
    table once for all of them, the audit log in one insert
    (``together.finish_together``). Other workflows, and every submission with
    ``one_by_one=True``, go through Wagtail's ``TaskState.approve`` one at a
    time. Either way the rows, the audit log and the signals are the same.
    """
    _check_may_moderate(user)
    if user is not None and not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(
            gettext(
                "Approving publishes the submission; you may not publish submissions."
            )
        )
    submissions = list(
        {submission.pk: submission for submission in submissions}.values()
    )
    outcomes, deciding = [], []
    with transaction.atomic():
        rows = {
            row.pk: row
            for row in locked_in_order([submission.pk for submission in submissions])
            .select_related("latest_revision")
            .prefetch_related("photos")
        }
        task_states = _current_task_states(rows.values())
        last_steps = set() if one_by_one else together.last_steps(task_states.values())
        for submission in submissions:
            try:
                locked = _pending(rows.get(submission.pk))
                task_state = task_states.get(locked.pk)
                if task_state is not None and task_state.pk in last_steps:
                    _refuse_unless_approvable(locked, task_state, user)
                    deciding.append((locked, task_state))
                else:
                    with transaction.atomic():
                        _approve_locked(locked, task_state, user)
                outcomes.append((submission, locked))
            except (ModerationConflict, PermissionDenied) as error:
                outcomes.append((submission, error))
        together.finish_together(deciding, user)
        approved = [
            locked for _submission, locked in outcomes if isinstance(locked, Submission)
        ]
        _refresh(approved)
    told = []
    for submission, outcome in outcomes:
        if isinstance(outcome, Submission):
            _update_caller_copy(submission, outcome)
            if outcome.moderation_status == ModerationStatus.APPROVED:
                told.append(outcome.pk)
    if told:
        transaction.on_commit(partial(_notify, ModerationStatus.APPROVED, told))
    return outcomes


def _refuse_unless_approvable(locked, task_state, user):
    """Raise ``ApprovalRefused`` or ``PermissionDenied`` unless ``user`` may approve ``locked`` now."""
    missing = missing_for_approval(locked)
    if missing:
        raise ApprovalRefused(missing)
    _check_step_permission(locked, task_state, user)


def _check_step_permission(locked, task_state, user):
    # Our own step was checked by missing_for_approval; any other step a site
    # adds to the workflow decides for itself who may approve it.
    if user is not None and not issubclass(
        task_state.task.specific_class,
        apps.get_model("wagtail_ugc", "RightsCheckTask"),
    ):
        task = task_state.task.specific
        if "approve" not in [
            name for name, _label, _modal in task.get_actions(locked, user)
        ]:
            raise PermissionDenied(
                gettext("You may not approve the step “%s”.") % task.name
            )


def _approve_locked(locked, task_state, user):
    missing = missing_for_approval(locked)
    if missing:
        raise ApprovalRefused(missing)
    # The decision itself: only this function (for a moderator, or a rule the
    # site switched on) ever approves; publishing on its own never does.
    _set_decision(locked, ModerationStatus.APPROVED, user=user)
    task_state = task_state or _start_workflow(locked, user)
    if task_state is None:
        # The site switched the workflow off: approval publishes directly.
        revision = locked.get_latest_revision() or locked.save_revision(
            user=user, clean=False
        )
        revision.publish(user=user, skip_permission_checks=user is None)
        log(locked, "wagtail_ugc.approve", user=user)
        return
    _check_step_permission(locked, task_state, user)
    together.share_rows_read(task_state, locked)
    # Logged by Wagtail as "wagtail.workflow.approve", with the user.
    task_state.approve(user=user)


def reject(submission, user, *, category, reason):
    """Reject ``submission`` with a category and a reason for the creator.

    Rejection takes down anything public at once. Raises
    ``ModerationConflict`` if it was decided meanwhile.
    """
    _check_may_moderate(user)
    if category not in RejectionCategory.values:
        raise ValueError(f"Unknown rejection category: {category!r}")
    with transaction.atomic():
        locked = lock_pending(submission)
        _set_decision(locked, ModerationStatus.REJECTED, category, reason)
        task_state = _current_task_state(locked)
        if task_state is not None:
            task_state.reject(user=user, comment=reason)
        if locked.live:
            locked.unpublish(user=user)  # announced by Wagtail's unpublished signal
        else:
            announce_change(locked.pk)
        log(
            locked,
            "wagtail_ugc.reject",
            user=user,
            data={"category": category, "reason": reason},
        )
    _update_caller_copy(submission, locked)
    transaction.on_commit(partial(_notify, ModerationStatus.REJECTED, [locked.pk]))
    return locked


def _set_decision(locked, status, category="", reason="", *, user=None):
    fields = {
        "moderation_status": status,
        "rejection_category": category,
        "rejection_reason": reason,
        "decided_at": timezone.now(),
    }
    Submission.objects.filter(pk=locked.pk).update(**fields)
    for name, value in fields.items():
        setattr(locked, name, value)
    if status == ModerationStatus.APPROVED:
        submissions_approved.send(sender=None, submission_ids=[locked.pk], user=user)


def _check_may_moderate(user):
    if user is not None and not can_moderate(user):
        raise PermissionDenied(gettext("You may not moderate submissions."))


def lock_pending(submission):
    """The submission's row, locked until the transaction ends, if it still awaits a decision.

    Else ``ModerationConflict``. SQLite has no row locks: a transaction
    begun ``IMMEDIATE`` waits here for one deciding meanwhile and then sees
    its decision; begun ``DEFERRED`` it fails with "database is locked" when
    it writes (docs/reference.md, "SQLite in production").
    """
    return _pending(locked_in_order([submission.pk]).first())


def locked_in_order(pks):
    """The rows of ``pks``, to be locked until the transaction ends when evaluated.

    Rows are locked in primary-key order: two moderators deciding on
    overlapping selections cannot deadlock.
    """
    return (
        Submission.objects.select_for_update(of=("self",))
        .filter(pk__in=pks)
        .order_by("pk")
    )


def awaits_decision(submission):
    """Whether a moderator may still approve or reject ``submission``."""
    return (
        submission.moderation_status == ModerationStatus.PENDING
        and not submission.withdrawn_at
    )


def _pending(locked):
    """``locked`` if it still awaits a decision; else why not, as a conflict."""
    if locked is None:
        raise ModerationConflict(gettext("This submission no longer exists."))
    if awaits_decision(locked):
        return locked
    if locked.withdrawn_at:
        raise ModerationConflict(gettext("The creator withdrew this submission."))
    raise ModerationConflict(_already_decided_message(locked))


def _refresh(submissions):
    """``refresh_from_db()`` for all of ``submissions``, in one query."""
    current = Submission.objects.in_bulk([submission.pk for submission in submissions])
    for submission in submissions:
        fresh = current[submission.pk]
        for field in Submission._meta.concrete_fields:
            value = getattr(fresh, field.attname)
            if (
                field.is_relation
                and field.is_cached(submission)
                and getattr(submission, field.attname) != value
            ):
                field.delete_cached_value(submission)
            setattr(submission, field.attname, value)
        submission._prefetched_objects_cache = {}


def _already_decided_message(submission):
    decided = (
        TaskState.objects.for_instance(submission)
        .filter(finished_at__isnull=False)
        .exclude(status=TaskState.STATUS_CANCELLED)
        .select_related("finished_by")
        .order_by("-finished_at")
        .first()
    )
    status = submission.get_moderation_status_display()
    if decided and decided.finished_by:
        return gettext(
            "Someone else decided first: %(status)s by %(user)s at %(time)s."
        ) % {
            "status": status,
            "user": decided.finished_by.get_username(),
            "time": timezone.localtime(decided.finished_at).strftime("%H:%M:%S"),
        }
    return gettext("Someone else decided first: %s.") % status


def _current_task_state(submission):
    return _current_task_states([submission]).get(submission.pk)


def _current_task_states(submissions):
    """The in-progress task states of ``submissions``, by submission primary key."""
    submissions = list(submissions)
    if not submissions:
        return {}
    task_states = (
        # Only the task states' rows: the task and workflow rows are shared by
        # every submission, and locking them would queue up other moderators.
        TaskState.objects.select_for_update(of=("self",))
        .filter(
            workflow_state__base_content_type=submissions[0].get_base_content_type(),
            workflow_state__object_id__in=[str(s.pk) for s in submissions],
            workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
            status=TaskState.STATUS_IN_PROGRESS,
        )
        .select_related("task", "workflow_state__workflow", "revision")
        .order_by("pk")
    )
    return {int(state.workflow_state.object_id): state for state in task_states}


def _start_workflow(submission, user):
    """Put a submission that never entered the workflow into it, if the site has one."""
    workflow = submission.get_workflow()
    if workflow is None:
        return None
    if submission.workflow_states.filter(
        status=WorkflowState.STATUS_NEEDS_CHANGES
    ).exists():
        return None
    if not submission.latest_revision_id:
        submission.save_revision(user=user, clean=False)
    state = workflow.start(submission, user)
    return _current_task_state(submission) if state.current_task_state else None


def _update_caller_copy(submission, locked):
    if submission is locked:
        return
    for name in (
        "moderation_status",
        "rejection_category",
        "rejection_reason",
        "live",
        "latest_revision_id",
    ):
        setattr(submission, name, getattr(locked, name))


def _notify(decision, submission_ids):
    try:
        notify_creator_task.enqueue(decision, *submission_ids)
    except Exception:
        # An e-mail that cannot be sent must not undo the moderator's decision.
        logger.exception("Telling the creators of %s failed", submission_ids)


def reverse_rejection(submission, user):
    """Overturn the rejection of ``submission``: approve it and publish its latest revision.

    Only a moderator who may publish reverses a rejection, and only with
    rights, credit and alt text on file (else ``ApprovalRefused``); a
    submission no longer rejected, or withdrawn, gives ``ModerationConflict``.
    The audit log records ``wagtail_ugc.reverse_rejection`` with the user and
    the rejection reversed; the creator is told of the approval.
    """
    if user is None:
        raise PermissionDenied(gettext("Only a moderator can reverse a rejection."))
    _check_may_moderate(user)
    with transaction.atomic():
        locked = locked_in_order([submission.pk]).first()
        if locked is None:
            raise ModerationConflict(gettext("This submission no longer exists."))
        if locked.withdrawn_at:
            raise ModerationConflict(gettext("The creator withdrew this submission."))
        if locked.moderation_status != ModerationStatus.REJECTED:
            raise ModerationConflict(_already_decided_message(locked))
        missing = missing_for_approval(locked)
        if missing:
            raise ApprovalRefused(missing)
        reversed_rejection = {
            "category": locked.rejection_category,
            "reason": locked.rejection_reason,
        }
        _set_decision(locked, ModerationStatus.APPROVED, user=user)
        revision = locked.get_latest_revision() or locked.save_revision(
            user=user, clean=False
        )
        # Checked by the permission policy: publishing is a moderator's act.
        revision.publish(user=user)
        log(
            locked,
            "wagtail_ugc.reverse_rejection",
            user=user,
            data=reversed_rejection,
        )
        _refresh([locked])
    _update_caller_copy(submission, locked)
    transaction.on_commit(partial(_notify, ModerationStatus.APPROVED, [locked.pk]))
    return locked
