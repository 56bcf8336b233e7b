"""The default moderation set-up, for databases the data migration did not fill (a flushed test database, a demo).

Migration ``0002_moderation_defaults`` creates the same objects on ``migrate``;
this is its idempotent runtime twin. Nothing that already exists is changed,
so a site's own edits to the workflow and the group are kept.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

from ..models import Submission
from .task import RightsCheckTask

WORKFLOW_NAME = "UGC moderation"
TASK_NAME = "Rights and credit check"
GROUP_NAME = "UGC moderators"

#: (app_label, model, codename) of the permissions the moderators' group gets.
MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtail_ugc", "submission", "view_submission"),
    ("wagtail_ugc", "submission", "change_submission"),
    ("wagtail_ugc", "submission", "publish_submission"),
    ("wagtail_ugc", "submission", "moderate_submission"),
    ("wagtail_ugc", "submission", "lock_submission"),
    ("wagtail_ugc", "rejectionreason", "view_rejectionreason"),
    ("wagtail_ugc", "rejectionreason", "add_rejectionreason"),
    ("wagtail_ugc", "rejectionreason", "change_rejectionreason"),
    ("wagtail_ugc", "campaign", "view_campaign"),
]


@transaction.atomic
def ensure_moderation_defaults():
    """Create the "UGC moderation" workflow and the "UGC moderators" group if missing."""
    submission_type = ContentType.objects.get_for_model(Submission)
    has_workflow = WorkflowContentType.objects.filter(
        content_type=submission_type
    ).exists()
    if not has_workflow and not Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        task = RightsCheckTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = RightsCheckTask.objects.create(name=TASK_NAME)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowContentType.objects.create(
            content_type=submission_type, workflow=workflow
        )
    group, created = Group.objects.get_or_create(name=GROUP_NAME)
    if created:
        # An existing group may have been changed by the site; keep its choice.
        grant_moderation(group)
    return group


def moderator_permissions():
    """The ``MODERATOR_PERMISSIONS``, made if a flushed database lacks them."""
    permissions = []
    for app_label, model, codename in MODERATOR_PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": codename.replace("_", " ").capitalize()},
        )
        permissions.append(permission)
    return permissions


@transaction.atomic
def grant_moderation(group):
    """Give ``group`` what the moderators' group gets; return the permissions it lacked."""
    held = set(group.permissions.values_list("pk", flat=True))
    missing = [p for p in moderator_permissions() if p.pk not in held]
    group.permissions.add(*missing)
    return missing
