"""Bulk approval writes the decisions together and leaves the same trail as approving one at a time.

``approve_many`` writes a selection's decisions together (task states,
workflow states, the audit log); Wagtail's own ``TaskState.approve``, one
submission at a time, stays available as ``one_by_one=True`` and is what
these tests compare it with. The work that can wait is the worker's: here
django-tasks' dummy backend holds tasks the way a queue would until the test
runs them.
"""

import re
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_save
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    ModelLogEntry,
    TaskState,
    Workflow,
    WorkflowState,
    WorkflowTask,
)
from wagtail.search.backends import get_search_backend
from wagtail.signals import published, task_approved, workflow_approved

from wagtail_ugc.models import Submission, UGCImage
from wagtail_ugc.models.choices import Kind, ModerationStatus
from wagtail_ugc.moderation import actions, notifications

from .helpers import make_moderator, pending_submission, run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    return make_moderator(django_user_model)


def selection(editor):
    """Submissions whose drafts differ from their rows in each way a draft can."""
    photo = pending_submission(credit_line="Alex")
    draft = photo.get_latest_revision_as_object()
    [draft_photo] = draft.photos.all()
    draft_photo.alt_text = "A green tent by a lake at dusk"
    draft.save_revision(user=editor, clean=False)

    renamed = pending_submission(kind=Kind.REVIEW, credit_line="Kim")
    draft = renamed.get_latest_revision_as_object()
    draft.credit_line = "Kim from the lake"
    draft.save_revision(user=editor, clean=False)

    tagged = pending_submission(kind=Kind.REVIEW, credit_line="Lou")
    draft = tagged.get_latest_revision_as_object()
    draft.tags.add("winter")  # a tag only the draft has: Wagtail publishes it
    draft.save_revision(user=editor, clean=False)

    plain = pending_submission(kind=Kind.REVIEW, credit_line="Sam")
    return [
        Submission.objects.get(pk=submission.pk)
        for submission in (photo, renamed, tagged, plain)
    ]


#: Fields that name this submission or its neighbours, or hold a time.
OWN = {"id", "uuid", "campaign", "creator", "latest_revision", "live_revision"}


def trail(submission, signals):
    """What an approval leaves behind, with this submission's own ids and times taken out."""
    submission.refresh_from_db()
    workflow_state = WorkflowState.objects.for_instance(submission).get()
    task_state = workflow_state.task_states.get()

    def anonymous(value):
        if isinstance(value, datetime):
            return "a time"
        if isinstance(value, str):
            return re.sub(rf"#{submission.pk}\b", "#N", value)
        if isinstance(value, dict):
            return {key: anonymous(item) for key, item in value.items()}
        return value

    row = {
        field.name: anonymous(getattr(submission, field.attname))
        for field in Submission._meta.concrete_fields
        if field.name not in OWN
    }
    row["live revision is the latest"] = (
        submission.live_revision_id == submission.latest_revision_id
    )
    entries = [
        (
            entry.action,
            anonymous(entry.label),
            entry.user_id,
            anonymous(
                {**entry.data, "workflow": "N"}
                if "workflow" in entry.data
                else entry.data
            ),
            entry.data.get("workflow", {}).get("task", {}).get("title"),
            entry.revision_id == submission.latest_revision_id,
            entry.content_changed,
            entry.uuid is None,
        )
        for entry in ModelLogEntry.objects.filter(
            object_id=str(submission.pk)
        ).order_by("timestamp", "pk")
    ]
    return {
        "submission": row,
        "photos": [
            (photo.alt_text, photo.decorative, photo.sort_order, photo.image_id is None)
            for photo in submission.photos.order_by("sort_order", "pk")
        ],
        "tags": sorted(submission.tags.names()),
        "task state": (
            task_state.status,
            task_state.finished_by_id,
            task_state.finished_at is not None,
            task_state.comment,
        ),
        "workflow state": workflow_state.status,
        "audit log": entries,
        "signals": [heard[1:] for heard in signals if heard[0] == submission.pk],
    }


@pytest.fixture
def signals():
    """What each submission's approval sent: Django's saves and Wagtail's signals."""
    heard = []

    def saved(sender, instance, update_fields, **kwargs):
        heard.append((instance.pk, "post_save", sorted(update_fields or ["all"])))

    def published_(sender, instance, **kwargs):
        heard.append((instance.pk, "published"))

    def approved(sender, instance, **kwargs):
        heard.append((int(instance.object_id), "workflow_approved", instance.status))

    def step_approved(sender, instance, **kwargs):
        pk = int(instance.workflow_state.object_id)
        heard.append((pk, "task_approved", instance.status))

    post_save.connect(saved, sender=Submission)
    published.connect(published_, sender=Submission)
    workflow_approved.connect(approved)
    task_approved.connect(step_approved)
    yield heard
    post_save.disconnect(saved, sender=Submission)
    published.disconnect(published_, sender=Submission)
    workflow_approved.disconnect(approved)
    task_approved.disconnect(step_approved)


def test_together_leaves_the_trail_of_one_at_a_time(moderator, signals):
    together, one_by_one = selection(moderator), selection(moderator)
    signals.clear()
    actions.approve_many(together, moderator)
    actions.approve_many(one_by_one, moderator, one_by_one=True)

    for mine, wagtails in zip(together, one_by_one, strict=True):
        assert trail(mine, signals) == trail(wagtails, signals)
    photo, renamed, tagged, plain = (
        trail(submission, signals) for submission in together
    )
    assert photo["submission"]["moderation_status"] == ModerationStatus.APPROVED
    assert photo["submission"]["live"]
    assert photo["photos"][0][0] == "A green tent by a lake at dusk"
    assert photo["task state"][:2] == (TaskState.STATUS_APPROVED, moderator.pk)
    assert photo["workflow state"] == WorkflowState.STATUS_APPROVED
    assert [entry[0] for entry in plain["audit log"]][-2:] == [
        "wagtail.workflow.approve",
        "wagtail.publish",
    ]
    assert [entry[0] for entry in renamed["audit log"]][-3:] == [
        "wagtail.workflow.approve",
        "wagtail.rename",
        "wagtail.publish",
    ]
    assert renamed["submission"]["credit_line"] == "Kim from the lake"
    assert all(entry[2] == moderator.pk for entry in renamed["audit log"][-3:])
    assert tagged["tags"] == ["winter"]
    assert [heard[0] for heard in plain["signals"]] == [
        "post_save",
        "published",
        "workflow_approved",
        "task_approved",
    ]


def test_a_workflow_with_a_further_step_moves_on_to_it(moderator):
    """Only the last step publishes: here Wagtail's own approval takes the first."""
    workflow = Workflow.objects.get(name="UGC moderation")
    review = GroupApprovalTask.objects.create(name="Legal review")
    WorkflowTask.objects.create(workflow=workflow, task=review, sort_order=99)
    submission = pending_submission(kind=Kind.REVIEW)

    [(_submission, outcome)] = actions.approve_many([submission], moderator)

    assert outcome.pk == submission.pk and not outcome.live
    state = WorkflowState.objects.for_instance(submission).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific == review
    assert not ModelLogEntry.objects.filter(
        object_id=str(submission.pk), action="wagtail.publish"
    ).exists()


def test_more_approvals_cost_few_more_queries(moderator, deferred_tasks):
    few = [pending_submission(kind=Kind.REVIEW) for _ in range(3)]
    more = [pending_submission(kind=Kind.REVIEW) for _ in range(9)]
    counts = []
    for submissions in (few, more):
        with CaptureQueriesContext(connection) as queries:
            actions.approve_many(submissions, moderator)
        counts.append(len(queries))
    # Six more approvals: publication reconciles each (one query), and with a
    # database queue each queues its search index update (one insert);
    # everything else is written once for the whole selection.
    assert counts[1] - counts[0] <= 6 * 2, counts


def test_creators_are_told_by_the_worker_once(
    moderator, deferred_tasks, django_capture_on_commit_callbacks
):
    submissions = [pending_submission(), pending_submission(kind=Kind.REVIEW)]
    run_worker(deferred_tasks)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_many(submissions, moderator)
    assert mail.outbox == []
    assert not UGCImage.objects.filter(photo__submission=submissions[0]).exists()
    held = [
        result
        for result in deferred_tasks.results
        if result.task.name == "notify_creator_task"
    ]
    assert len(held) == 1  # one task for the whole selection

    ran = run_worker(deferred_tasks)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        submission.creator.email for submission in submissions
    )
    assert UGCImage.objects.filter(photo__submission=submissions[0]).count() == 1
    assert ran.count("publish_public_files_task") == 1

    # The same task run again (a retry, a second worker) tells nobody twice.
    held[0].task.call(*held[0].args, **held[0].kwargs)
    assert len(mail.outbox) == 2


class OneAddressFails(EmailBackend):
    """A mail server that refuses one address: the external edge, faked."""

    refused = "refused@example.com"

    def send_messages(self, messages):
        if any(self.refused in message.to for message in messages):
            raise ConnectionRefusedError("mail server refused")
        return super().send_messages(messages)


def test_a_creator_the_mail_server_refused_is_told_on_the_next_run(
    moderator, deferred_tasks, django_capture_on_commit_callbacks
):
    refused = pending_submission(
        kind=Kind.REVIEW, creator__email=OneAddressFails.refused
    )
    told = pending_submission(kind=Kind.REVIEW)
    run_worker(deferred_tasks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_many([refused, told], moderator)
    [held] = [
        result
        for result in deferred_tasks.results
        if result.task.name == "notify_creator_task"
    ]
    mail.outbox = []
    with override_settings(EMAIL_BACKEND=f"{__name__}.OneAddressFails"):
        with pytest.raises(RuntimeError):
            held.task.call(*held.args, **held.kwargs)
    assert [message.to for message in mail.outbox] == [[told.creator.email]]

    held.task.call(*held.args, **held.kwargs)
    assert [message.to for message in mail.outbox] == [
        [told.creator.email],
        [OneAddressFails.refused],
    ]


def test_search_finds_the_published_text_once_the_worker_ran(
    moderator, deferred_tasks, django_capture_on_commit_callbacks
):
    submission = pending_submission(kind=Kind.REVIEW)
    draft = submission.get_latest_revision_as_object()
    draft.text = "The zipper survived a winter on Kebnekaise."
    draft.save_revision(user=moderator, clean=False)
    run_worker(deferred_tasks)

    def found():
        # What the admin's search of submissions asks.
        return list(get_search_backend().search("Kebnekaise", Submission))

    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_many([submission], moderator)
    assert found() == []  # the index still holds the text before approval
    ran = run_worker(deferred_tasks)
    assert ran.count("insert_or_update_object_task") == 1
    assert found() == [submission]


def test_a_lost_e_mail_task_is_queued_again_and_sends_once(
    moderator, deferred_tasks, django_capture_on_commit_callbacks
):
    submissions = [pending_submission(kind=Kind.REVIEW) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_many(submissions, moderator)
    deferred_tasks.clear()  # the worker was killed: its tasks are lost
    mail.outbox = []

    assert notifications.notify_untold_creators(timezone.now()) == 2
    run_worker(deferred_tasks)
    assert len(mail.outbox) == 2
    assert notifications.notify_untold_creators(timezone.now()) == 0


def test_ugc_process_received_tells_creators_whose_e_mail_task_was_lost(
    moderator, deferred_tasks, django_capture_on_commit_callbacks
):
    submissions = [pending_submission(kind=Kind.REVIEW) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_many(submissions, moderator)
    deferred_tasks.clear()  # the worker was killed: its tasks are lost
    mail.outbox = []
    decided = timezone.now() - timedelta(minutes=10)
    Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(
        updated_at=decided
    )

    out = StringIO()
    call_command("ugc_process_received", stdout=out)
    assert "decision e-mails of 2 submission(s)" in out.getvalue()
    run_worker(deferred_tasks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        s.creator.email for s in submissions
    )
    call_command("ugc_process_received", stdout=StringIO())
    run_worker(deferred_tasks)
    assert len(mail.outbox) == 2
