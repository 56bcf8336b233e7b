"""``migrate`` leaves a working moderation set-up: the workflow, its rights check, the moderators' group."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Workflow, WorkflowContentType

from wagtail_ugc.models import Submission
from wagtail_ugc.moderation.defaults import ensure_moderation_defaults
from wagtail_ugc.moderation.task import RightsCheckTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderation_defaults():
    """Overrides the package-wide fixture: these tests look at what migrations made."""


def test_migrations_create_the_workflow_for_submissions():
    workflow = Workflow.objects.get(name="UGC moderation")
    (task,) = workflow.tasks.specific()
    assert isinstance(task, RightsCheckTask)
    assert task.name == "Rights and credit check"
    assert Submission.get_default_workflow() == workflow
    assert WorkflowContentType.objects.filter(
        workflow=workflow, content_type=ContentType.objects.get_for_model(Submission)
    ).exists()


def test_migrations_create_the_moderators_group():
    group = Group.objects.get(name="UGC moderators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "access_admin",
        "view_submission",
        "moderate_submission",
        "publish_submission",
        "change_rejectionreason",
    } <= codenames
    assert "delete_submission" not in codenames


def test_the_set_up_stays_as_the_site_edited_it():
    workflow = Workflow.objects.get(name="UGC moderation")
    workflow.name = "Our UGC review"
    workflow.save()
    group = Group.objects.get(name="UGC moderators")
    group.permissions.remove(group.permissions.get(codename="change_rejectionreason"))
    ensure_moderation_defaults()  # e.g. the demo loader runs again
    assert Submission.get_default_workflow() == workflow
    assert not Workflow.objects.filter(name="UGC moderation").exists()
    assert not group.permissions.filter(codename="change_rejectionreason").exists()
