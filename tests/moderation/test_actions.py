"""Moderators approve and reject through the "UGC moderation" workflow; everything lands in the audit log."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import ModelLogEntry, TaskState, WorkflowState

from wagtail_ugc.models import Submission, UGCImage
from wagtail_ugc.models.choices import (
    Kind,
    ModerationStatus,
    RejectionCategory,
    RightsStatus,
)
from wagtail_ugc.moderation import actions
from wagtail_ugc.signals import displayability_changed

from .helpers import make_moderator, pending_submission

pytestmark = pytest.mark.django_db


def log_actions(submission):
    return list(
        ModelLogEntry.objects.filter(object_id=str(submission.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_a_ready_submission_enters_the_workflow_unpublished():
    submission = pending_submission()
    state = WorkflowState.objects.for_instance(submission).get()
    assert state.workflow.name == "UGC moderation"
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Rights and credit check"
    assert not submission.live
    assert submission.latest_revision_id
    assert Submission.objects.awaiting_moderation().filter(pk=submission.pk).exists()


def test_approval_publishes_and_makes_public_files(
    django_user_model, django_capture_on_commit_callbacks
):
    moderator = make_moderator(django_user_model)
    submission = pending_submission()
    changed = []
    displayability_changed.connect(
        lambda **kw: changed.append(kw["submission_id"]), weak=False, dispatch_uid="t1"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            actions.approve(submission, moderator)
    finally:
        displayability_changed.disconnect(dispatch_uid="t1")
    submission.refresh_from_db()
    assert submission.moderation_status == ModerationStatus.APPROVED
    assert submission.live
    assert submission.is_displayable()
    assert UGCImage.objects.filter(photo__submission=submission).count() == 1
    assert changed == [submission.pk]
    state = WorkflowState.objects.for_instance(submission).get()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert state.task_states.get().finished_by == moderator
    entry = ModelLogEntry.objects.get(
        object_id=str(submission.pk), action="wagtail.workflow.approve"
    )
    assert entry.user == moderator
    assert "wagtail.publish" in log_actions(submission)


def test_rejection_records_category_reason_and_who(django_user_model):
    moderator = make_moderator(django_user_model)
    submission = pending_submission()
    actions.reject(
        submission,
        moderator,
        category=RejectionCategory.GUIDELINES,
        reason="Shows a face of someone who did not agree.",
    )
    submission.refresh_from_db()
    assert submission.moderation_status == ModerationStatus.REJECTED
    assert submission.rejection_category == RejectionCategory.GUIDELINES
    assert not submission.live and not submission.is_displayable()
    state = WorkflowState.objects.for_instance(submission).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    entry = ModelLogEntry.objects.get(
        object_id=str(submission.pk), action="wagtail_ugc.reject"
    )
    assert entry.user == moderator
    assert entry.data["reason"] == "Shows a face of someone who did not agree."


def test_a_decided_submission_gives_a_clear_conflict(django_user_model):
    first = make_moderator(django_user_model, "first")
    second = make_moderator(django_user_model, "second")
    submission = pending_submission()
    stale_copy = Submission.objects.get(pk=submission.pk)
    actions.approve(submission, first)
    with pytest.raises(actions.ModerationConflict) as conflict:
        actions.reject(stale_copy, second, category=RejectionCategory.OTHER, reason="x")
    assert "first" in conflict.value.message
    assert "Approved" in conflict.value.message
    assert Submission.objects.get(pk=submission.pk).moderation_status == "approved"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"rights": False}, "No consent for display on this site is on file"),
        ({"credit_line": ""}, "The credit line is missing."),
        ({"alt_text": ""}, "Photo 1 has no alt text"),
    ],
)
def test_approval_is_refused_while_rights_credit_or_alt_text_are_missing(
    django_user_model, change, expected
):
    moderator = make_moderator(django_user_model)
    submission = pending_submission(**change)
    with pytest.raises(actions.ApprovalRefused) as refused:
        actions.approve(submission, moderator)
    assert any(expected in str(item) for item in refused.value.missing)
    submission.refresh_from_db()
    assert submission.moderation_status == ModerationStatus.PENDING
    assert not submission.live
    task_state = TaskState.objects.for_instance(submission).get()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_expired_consent_refuses_approval(django_user_model):
    from datetime import timedelta

    from django.utils import timezone

    moderator = make_moderator(django_user_model)
    submission = pending_submission(
        rights_expires_at=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(actions.ApprovalRefused) as refused:
        actions.approve(submission, moderator)
    assert "The consent expired on" in refused.value.missing[0]


def test_a_decorative_photo_needs_no_alt_text(django_user_model):
    moderator = make_moderator(django_user_model)
    submission = pending_submission(alt_text="")
    photo = submission.photos.get()
    photo.decorative = True
    photo.save()
    # The check reads what would be published: the latest revision.
    submission.save_revision(clean=False)
    actions.approve(submission, moderator)
    assert Submission.objects.get(pk=submission.pk).live


def test_requested_rights_are_not_enough(django_user_model):
    moderator = make_moderator(django_user_model)
    submission = pending_submission(rights=False, rights_status=RightsStatus.REQUESTED)
    with pytest.raises(actions.ApprovalRefused):
        actions.approve(submission, moderator)


def test_an_editor_without_moderation_permission_cannot_approve(django_user_model):
    from django.contrib.auth.models import Group, Permission

    editor = django_user_model.objects.create_user(username="ed", password="pw")
    editors = Group.objects.create(name="Writers")
    editors.permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "view_submission",
                "change_submission",
                "publish_submission",
            ]
        )
    )
    editor.groups.add(editors)
    editor = django_user_model.objects.get(pk=editor.pk)
    submission = pending_submission()
    with pytest.raises(PermissionDenied):
        actions.approve(submission, editor)
    with pytest.raises(PermissionDenied):
        actions.reject(
            submission, editor, category=RejectionCategory.OTHER, reason="no"
        )
    assert Submission.objects.get(pk=submission.pk).moderation_status == "pending"


def test_reviews_need_no_photos(django_user_model):
    moderator = make_moderator(django_user_model)
    submission = pending_submission(kind=Kind.REVIEW)
    actions.approve(submission, moderator)
    assert Submission.objects.get(pk=submission.pk).is_displayable()


def test_automatic_approval_has_no_user():
    submission = pending_submission()
    actions.approve(submission, None)
    assert Submission.objects.get(pk=submission.pk).live
