"""Approving many submissions at once: what Wagtail's workflow does for each, with each table written once.

``actions.approve_many`` locks the rows and decides which submissions may be
approved; for those whose approval ends their workflow (``last_steps``) this
module writes the outcome. For each submission that is what Wagtail's
``TaskState.approve`` does when the step is the workflow's last and finishing
publishes (``wagtail.workflows.publish_workflow_state``):

* the task state approved, with who and when; the workflow state approved;
* the latest revision published as ``PublishRevisionAction`` publishes it:
  the object made from the revision (``Revision.as_object``), live from now,
  saved with the fields a revision writes (``Submission.save``) and its
  photos' editable fields, with Django's ``pre_save`` and ``post_save``
  (so the search index task is queued as on any save) and Wagtail's
  ``published`` signal (so publication reconciles the public files);
* the audit-log entries ``wagtail.workflow.approve``, ``wagtail.rename`` when
  the title changed, and ``wagtail.publish``, with the same data;
* Wagtail's ``workflow_approved`` and ``task_approved`` signals.

Only the writes are gathered: one update per table and one insert for the
audit log, in the caller's transaction, under its row locks. A publication
that is not plain (scheduled for later, or a draft that deletes a photo or
changes the tags) goes through ``PublishRevisionAction`` itself.
``tests/moderation/test_bulk_approval.py`` compares the result with
Wagtail's own path, row by row and entry by entry.
"""

import logging
from operator import attrgetter

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_actions
from wagtail.models import Revision, TaskState, WorkflowState, WorkflowTask
from wagtail.signals import published, task_approved, workflow_approved
from wagtail.workflows import publish_workflow_state

from ..models import Submission, SubmissionPhoto, TaggedSubmission
from ..models.choices import ModerationStatus
from ..signals import submissions_approved

logger = logging.getLogger("wagtail")
by_pk = attrgetter("pk")


def last_steps(task_states):
    """The primary keys of ``task_states`` whose approval finishes their workflow.

    That is a plain task state of the one active step of its workflow, where
    finishing a workflow publishes (Wagtail's default finishing action).
    """
    task_states = list(task_states)
    if not task_states or WorkflowState.on_finish is not publish_workflow_state:
        return set()
    steps = {}
    for workflow_id, task_id in WorkflowTask.objects.filter(
        workflow_id__in={state.workflow_state.workflow_id for state in task_states},
        task__active=True,
    ).values_list("workflow_id", "task_id"):
        steps.setdefault(workflow_id, []).append(task_id)
    plain = ContentType.objects.get_for_model(TaskState).pk
    return {
        state.pk
        for state in task_states
        if state.content_type_id == plain
        and steps.get(state.workflow_state.workflow_id) == [state.task_id]
    }


def finish_together(items, user):
    """Approve each ``(locked, task_state)``'s last step and publish it; see the module's docstring."""
    if not items:
        return
    now = timezone.now()
    Submission.objects.filter(pk__in=[locked.pk for locked, _state in items]).update(
        moderation_status=ModerationStatus.APPROVED,
        rejection_category="",
        rejection_reason="",
        decided_at=now,
    )
    submissions_approved.send(
        sender=None, submission_ids=[locked.pk for locked, _state in items], user=user
    )
    TaskState.objects.filter(pk__in=[state.pk for _locked, state in items]).update(
        status=TaskState.STATUS_APPROVED, finished_at=now, finished_by=user, comment=""
    )
    WorkflowState.objects.filter(
        pk__in=[state.workflow_state_id for _locked, state in items]
    ).update(status=WorkflowState.STATUS_APPROVED)
    entries = {}
    for locked, task_state in items:
        locked.moderation_status = ModerationStatus.APPROVED
        locked.rejection_category = locked.rejection_reason = ""
        locked.decided_at = now
        task_state.status = TaskState.STATUS_APPROVED
        task_state.finished_at, task_state.finished_by = now, user
        task_state.comment = ""
        task_state.workflow_state.status = WorkflowState.STATUS_APPROVED
        share_rows_read(task_state, locked)
        entries[locked.pk] = [_step_approved_entry(task_state, user)]
    for pk, published_entries in _publish_latest(
        [locked for locked, _state in items], user
    ).items():
        entries[pk].extend(published_entries)
    _save_entries([entry for each in entries.values() for entry in each])
    for _locked, task_state in items:
        workflow_approved.send(
            sender=WorkflowState, instance=task_state.workflow_state, user=user
        )
        task_approved.send(
            sender=task_state.specific.__class__,
            instance=task_state.specific,
            user=user,
        )


def share_rows_read(task_state, submission):
    """Hand Wagtail's workflow code the rows this decision has already read.

    Approving goes through ``TaskState.approve``, which on its own reads the
    same submission and revision rows again and again (each related object is
    a fresh query); these were all read in this transaction, under the
    submission's row lock, so they are what those queries would return.
    """
    workflow_state = task_state.workflow_state
    workflow_state.content_object = submission
    if workflow_state.current_task_state_id == task_state.pk:
        workflow_state.current_task_state = task_state
    latest = submission.latest_revision
    if latest is not None and task_state.revision_id == latest.pk:
        task_state.revision = latest
    for revision in {task_state.revision, latest} - {None}:
        revision.content_object = submission


def _step_approved_entry(task_state, user):
    """The audit-log entry of ``TaskState.log_state_change_action(user, "approve")``, unsaved."""
    workflow = task_state.workflow_state.workflow
    return _log_entry(
        task_state.revision.as_object(),
        "wagtail.workflow.approve",
        user=user,
        data={
            "workflow": {
                "id": workflow.id,
                "title": workflow.name,
                "status": task_state.status,
                "task_state_id": task_state.id,
                "task": {"id": task_state.task.id, "title": task_state.task.name},
                "next": None,
            },
            "comment": task_state.get_comment(),
        },
        revision=task_state.revision,
    )


def _publish_latest(rows, user):
    """Publish the latest revision of each of ``rows``; their audit-log entries, unsaved, by primary key."""
    now = timezone.now()
    publishing = []
    for row in rows:
        action = PublishRevisionAction(row.get_latest_revision(), user=user)
        action.check()
        # Its workflow is finished: publishing finds nothing to cancel.
        action.object._current_workflow_states = []
        publishing.append((row, action))
    tags = {}
    for tagged in TaggedSubmission.objects.filter(
        content_object_id__in=[row.pk for row in rows]
    ):
        tags.setdefault(tagged.content_object_id, set()).add((tagged.pk, tagged.tag_id))
    plain, single = [], []
    for row, action in publishing:
        plainly = _publishes_plainly(row, action.object, tags.get(row.pk, set()), now)
        (plain if plainly else single).append((row, action))
    entries = {}
    for row, action in single:
        # Wagtail's own publication, one at a time.
        action.log_action = False
        action.execute()
        entries[row.pk] = _published_entries(row, action, user)
    if plain:
        _save_published(plain, now)
        for row, action in plain:
            published.send(
                sender=Submission, instance=action.object, revision=action.revision
            )
            logger.info(
                'Published: "%s" pk=%s revision_id=%d',
                str(action.object),
                str(action.object.pk),
                action.revision.id,
            )
            entries[row.pk] = _published_entries(row, action, user)
    return entries


def _publishes_plainly(row, obj, row_tags, now):
    """Whether publishing ``obj`` (made from ``row``'s latest revision) now changes only fields."""
    return (
        not (obj.go_live_at and obj.go_live_at > now)
        and {photo.pk for photo in obj.photos.all()}
        == {photo.pk for photo in row.photos.all()}
        and {(tagged.pk, tagged.tag_id) for tagged in obj.tagged_items.all()}
        == row_tags
    )


def _save_published(publishing, now):
    """What each ``(row, PublishRevisionAction)`` sets and ``Submission.save`` writes, together."""
    objects = [action.object for _row, action in publishing]
    names = [
        name
        for name in Submission.fields_a_revision_writes()
        if name not in ("tagged_items", "photos")
    ]
    fields = [Submission._meta.get_field(name) for name in names]
    database = router.db_for_write(Submission)
    Revision.objects.filter(
        base_content_type=Submission.get_base_content_type(),
        object_id__in=[str(obj.pk) for obj in objects],
    ).update(approved_go_live_at=None)
    for _row, action in publishing:
        obj = action.object
        obj.live = True
        # The revision published is the latest one (the workflow publishes that).
        obj.has_unpublished_changes = False
        obj.expired = False
        obj.last_published_at = now
        obj.live_revision = action.revision
        if obj.first_published_at is None:
            obj.first_published_at = now
        pre_save.send(
            sender=Submission,
            instance=obj,
            raw=False,
            using=database,
            update_fields=frozenset(names),
        )
        for field in fields:
            setattr(obj, field.attname, field.pre_save(obj, False))
    _write(Submission, [(row, action.object) for row, action in publishing], names)
    _write(
        SubmissionPhoto,
        [
            (row_photo, photo)
            for row, action in publishing
            for row_photo, photo in zip(
                sorted(row.photos.all(), key=by_pk),
                sorted(action.object.photos.all(), key=by_pk),
                strict=True,
            )
        ],
        SubmissionPhoto.editable_fields,
    )
    for obj in objects:
        post_save.send(
            sender=Submission,
            instance=obj,
            created=False,
            update_fields=frozenset(names),
            raw=False,
            using=database,
        )


def _write(model, pairs, names):
    """Write the fields ``names`` of each ``(row, changed)`` pair's changed object.

    A field whose values all equal the rows as read in this transaction is
    not written again; a value every object shares is written in one update,
    the rest in one bulk update.
    """
    objects = [changed for _row, changed in pairs]
    shared, varying = {}, []
    for field in [model._meta.get_field(name) for name in names]:
        old = [getattr(row, field.attname) for row, _changed in pairs]
        new = [getattr(changed, field.attname) for changed in objects]
        if old == new:
            continue
        if all(value == new[0] for value in new):
            shared[field.attname] = new[0]
        else:
            varying.append(field.name)
    if shared:
        model.objects.filter(pk__in=[obj.pk for obj in objects]).update(**shared)
    if varying:
        model.objects.bulk_update(objects, varying)


def _published_entries(row, action, user):
    """The audit-log entries ``PublishRevisionAction`` writes, unsaved: a rename, if any, and the publish."""
    obj, revision = action.object, action.revision
    entries = []
    data = None
    if str(obj) != str(row):
        # A rename: the title changed since the previous revision (the row,
        # read before publishing, has that title still).
        try:
            revision.get_previous()
        except Revision.DoesNotExist:
            pass
        else:
            data = {"title": {"old": str(row), "new": str(obj)}}
            entries.append(
                _log_entry(
                    obj, "wagtail.rename", user=user, data=data, revision=revision
                )
            )
    entries.append(
        _log_entry(
            obj,
            "wagtail.publish",
            user=user,
            data=data,
            revision=revision,
            content_changed=True,
        )
    )
    return entries


def _log_entry(instance, action, *, user, data=None, **fields):
    """An unsaved audit-log entry, as ``wagtail.log_actions.log`` would write it."""
    log_actions.scan_for_actions()
    model = log_actions.get_log_model_for_instance(instance)
    if model is None:
        return None  # No log for this kind of object.
    context = get_active_log_context()
    entry = model(
        content_type=ContentType.objects.get_for_model(
            instance, for_concrete_model=False
        ),
        object_id=str(instance.pk),
        label=model.objects.get_instance_title(instance),
        action=action,
        timestamp=timezone.now(),
        data=data or {},
        user=user or context.user,
        uuid=context.uuid,
        **fields,
    )
    entry.clean()  # the action is registered
    return entry


def _save_entries(entries):
    """Insert audit-log entries, in order, one insert per log model."""
    entries = [entry for entry in entries if entry is not None]
    for model in {type(entry) for entry in entries}:
        model.objects.bulk_create([entry for entry in entries if type(entry) is model])
