"""The default moderation set-up: a "UGC moderation" workflow and a "UGC moderators" group.

Both are ordinary Wagtail objects, editable afterwards (Settings → Workflows,
Settings → Groups). Running this again changes nothing that already exists.
"""

from django.db import migrations

WORKFLOW_NAME = "UGC moderation"
TASK_NAME = "Rights and credit check"
GROUP_NAME = "UGC moderators"

#: (app_label, model, codename, name) the moderators' group gets.
MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("wagtail_ugc", "submission", "view_submission", "Can view submission"),
    ("wagtail_ugc", "submission", "change_submission", "Can change submission"),
    ("wagtail_ugc", "submission", "publish_submission", "Can publish submission"),
    ("wagtail_ugc", "submission", "moderate_submission", "Can moderate submissions"),
    ("wagtail_ugc", "submission", "lock_submission", "Can lock submission"),
    (
        "wagtail_ugc",
        "rejectionreason",
        "view_rejectionreason",
        "Can view rejection reason",
    ),
    (
        "wagtail_ugc",
        "rejectionreason",
        "add_rejectionreason",
        "Can add rejection reason",
    ),
    (
        "wagtail_ugc",
        "rejectionreason",
        "change_rejectionreason",
        "Can change rejection reason",
    ),
    ("wagtail_ugc", "campaign", "view_campaign", "Can view campaign"),
]


def create_moderation_defaults(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    RightsCheckTask = apps.get_model("wagtail_ugc", "RightsCheckTask")

    submission_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_ugc", model="submission"
    )
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_ugc", model="rightschecktask"
    )

    if not Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        task = RightsCheckTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = RightsCheckTask.objects.create(
                name=TASK_NAME, content_type=task_type, active=True
            )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        if not WorkflowContentType.objects.filter(
            content_type=submission_type
        ).exists():
            WorkflowContentType.objects.create(
                content_type=submission_type, workflow=workflow
            )

    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename, name in MODERATOR_PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_ugc", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_moderation_defaults, migrations.RunPython.noop),
    ]
