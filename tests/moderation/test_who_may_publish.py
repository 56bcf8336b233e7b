"""Only a moderator's decision makes a submission live, on every path through the admin; messages say what happened.

An "editor" here may change and publish submissions but not moderate them;
a "moderator" is in the "UGC moderators" group. Each test ends where a
visitor would notice: on the gallery, and in ``displayable()``.
"""

import html
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision, TaskState, WorkflowContentType

from wagtail_ugc.links import withdraw_url
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind, ModerationStatus
from wagtail_ugc.moderation import actions

from ..admin_forms import form_data
from ..display.helpers import gallery_page, gallery_value
from .helpers import make_moderator, pending_submission

pytestmark = pytest.mark.django_db

DRAFT_ONLY = (
    "was saved as a draft and not published: only moderators publish submissions."
)
NOT_PUBLISHED = "was saved as a draft and not published."


@pytest.fixture
def editor(django_user_model):
    """May edit and publish submissions in Wagtail's terms, but not moderate them."""
    user = django_user_model.objects.create_user(username="ed", password="pw")
    group = Group.objects.create(name="Submission editors")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "view_submission",
                "change_submission",
                "publish_submission",
                "lock_submission",
            ]
        )
    )
    user.groups.add(group)
    return user


@pytest.fixture
def mira(django_user_model):
    return make_moderator(django_user_model)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def moderator_client(client, mira):
    client.force_login(mira)
    return client


def review(text, **kwargs):
    return pending_submission(kind=Kind.REVIEW, text=text, **kwargs)


def rejected_review(text, moderator, **kwargs):
    submission = review(text, **kwargs)
    actions.reject(submission, moderator, category="guidelines", reason="Off topic.")
    return submission


def approved_review(text, moderator, **kwargs):
    submission = review(text, **kwargs)
    actions.approve(submission, moderator)
    return submission


def edit_url(submission):
    return reverse("wagtailsnippets_wagtail_ugc_submission:edit", args=[submission.pk])


def revert_url(submission, revision):
    return reverse(
        "wagtailsnippets_wagtail_ugc_submission:revisions_revert",
        args=[submission.pk, revision.pk],
    )


def press_publish(client, url, **changes):
    """Open ``url`` as the browser would, change fields, press Publish (the button or a forged field)."""
    data = form_data(client.get(url).content.decode())
    data.update(changes)
    data["action-publish"] = "action-publish"
    return client.post(url, data, follow=True)


def messages_of(response):
    return " ".join(html.unescape(str(m)) for m in response.context["messages"])


def displayable(submission):
    return Submission.objects.displayable().filter(pk=submission.pk).exists()


def the_gallery():
    """What a visitor reads on a gallery of every kind."""
    block, value = gallery_value(kinds=["photo", "video", "review"])
    page = gallery_page(("ugc_gallery", block.get_prep_value(value)))
    return html.unescape(Client().get(page.url).content.decode())


def denied(response):
    """Wagtail's answer to a user without permission: back to the dashboard, with a message."""
    return "Sorry, you do not have permission to access this area." in (
        messages_of(response)
    )


def latest_text(submission):
    return Submission.objects.get(pk=submission.pk).get_latest_revision_as_object().text


def bulk_url(action, submissions):
    ids = "&".join(f"id={submission.pk}" for submission in submissions)
    return (
        reverse("wagtail_bulk_action", args=("wagtail_ugc", "submission", action))
        + f"?{ids}&next=/admin/"
    )


# Someone who may publish but not moderate ------------------------------------------


def test_an_editor_is_offered_neither_publish_nor_unpublish(editor_client, mira):
    submission = approved_review("Packs small", mira)
    page = editor_client.get(edit_url(submission)).content.decode()
    assert 'name="action-publish"' not in page
    assert "action-unpublish" not in page
    assert "Save draft" in page


def test_an_editors_publish_of_a_rejected_submission_only_saves_a_draft(
    editor_client, mira
):
    submission = rejected_review("Buy cheap tents at example.com", mira)
    response = press_publish(
        editor_client, edit_url(submission), text="A lovely tent, honestly"
    )
    assert DRAFT_ONLY in messages_of(response)
    assert latest_text(submission) == "A lovely tent, honestly"
    assert Submission.objects.get(pk=submission.pk).moderation_status == "rejected"
    assert not displayable(submission)
    assert "A lovely tent" not in the_gallery()


def test_an_editors_publish_of_an_approved_submission_leaves_the_live_version(
    editor_client, mira
):
    submission = approved_review("Warm and light", mira)
    response = press_publish(editor_client, edit_url(submission), text="Rewritten")
    assert DRAFT_ONLY in messages_of(response)
    assert latest_text(submission) == "Rewritten"
    assert Submission.objects.displayable().get(pk=submission.pk).text == (
        "Warm and light"
    )
    gallery = the_gallery()
    assert "Warm and light" in gallery and "Rewritten" not in gallery


def test_an_editor_cannot_save_over_a_submission_awaiting_a_moderator(editor_client):
    submission = review("Waiting for a moderator")
    response = press_publish(editor_client, edit_url(submission), text="Changed")
    assert "could not be saved as it is locked" in messages_of(response)
    assert latest_text(submission) == "Waiting for a moderator"
    assert not displayable(submission)


def test_without_a_workflow_an_editors_publish_of_a_pending_submission_is_a_draft(
    editor_client,
):
    WorkflowContentType.objects.all().delete()
    submission = review("No workflow here")
    response = press_publish(editor_client, edit_url(submission), text="Edited")
    assert DRAFT_ONLY in messages_of(response)
    assert Submission.objects.get(pk=submission.pk).moderation_status == "pending"
    assert not displayable(submission)


def test_an_editors_revert_and_publish_only_saves_a_draft(editor_client, mira):
    submission = rejected_review("First words", mira)
    first = submission.get_latest_revision()
    press_publish(editor_client, edit_url(submission), text="Second words")
    response = press_publish(editor_client, revert_url(submission, first))
    assert DRAFT_ONLY in messages_of(response)
    assert latest_text(submission) == "First words"
    assert not displayable(submission)


def test_an_editor_cannot_send_a_rejected_submission_back_to_moderation(
    editor_client, mira
):
    submission = rejected_review("Rejected for a reason", mira)
    url = edit_url(submission)
    page = editor_client.get(url).content.decode()
    assert 'name="action-submit"' not in page
    data = {**form_data(page), "action-submit": "action-submit"}
    editor_client.post(url, data)
    submission.refresh_from_db()
    assert submission.moderation_status == "rejected"
    assert not submission.workflow_in_progress
    assert not displayable(submission)


def test_an_editor_cannot_approve_through_wagtails_workflow_action(editor_client):
    submission = review("In the workflow")
    task_state = TaskState.objects.for_instance(submission).get()
    response = editor_client.post(
        reverse(
            "wagtailsnippets_wagtail_ugc_submission:workflow_action",
            args=(submission.pk, "approve", task_state.pk),
        ),
        follow=True,
    )
    assert denied(response)
    assert not displayable(submission)


def test_an_editor_cannot_approve_through_the_editors_workflow_button(editor_client):
    submission = review("In the workflow")
    data = form_data(editor_client.get(edit_url(submission)).content.decode())
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    editor_client.post(edit_url(submission), data)
    assert Submission.objects.get(pk=submission.pk).moderation_status == "pending"
    assert not displayable(submission)


def test_an_editor_cannot_bulk_approve(editor_client):
    submission = review("Bulk me")
    editor_client.post(bulk_url("ugc_approve", [submission]))
    assert Submission.objects.get(pk=submission.pk).moderation_status == "pending"
    assert not displayable(submission)


def test_an_editor_cannot_bulk_reject(editor_client):
    submission = review("Keep me waiting")
    editor_client.post(
        bulk_url("ugc_reject", [submission]),
        {"category": "guidelines", "comment": "No."},
    )
    assert Submission.objects.get(pk=submission.pk).moderation_status == "pending"


def test_an_editor_cannot_approve_in_the_keyboard_queue(editor_client):
    submission = review("Queue me")
    response = editor_client.post(
        reverse("wagtail_ugc_queue:approve", args=[submission.pk]), follow=True
    )
    assert denied(response)
    assert not displayable(submission)


def test_an_editor_cannot_reject_in_the_keyboard_queue(editor_client):
    submission = review("Queue me")
    response = editor_client.post(
        reverse("wagtail_ugc_queue:reject", args=[submission.pk]),
        {"category": "guidelines", "comment": "No."},
        follow=True,
    )
    assert denied(response)
    assert Submission.objects.get(pk=submission.pk).moderation_status == "pending"


def test_an_editor_cannot_unpublish_either(editor_client, mira):
    submission = approved_review("Staying up", mira)
    response = editor_client.post(
        reverse(
            "wagtailsnippets_wagtail_ugc_submission:unpublish", args=[submission.pk]
        ),
        follow=True,
    )
    assert denied(response)
    assert displayable(submission)


def test_no_api_takes_a_publish_request(editor_client):
    submission = review("Through the API")
    for path in (
        f"/api/v3/snippets/wagtail_ugc.Submission/{submission.pk}/actions/publish/",
        f"/admin/api/main/snippets/wagtail_ugc.Submission/{submission.pk}/",
    ):
        assert editor_client.post(path).status_code == 404
    assert not displayable(submission)


# A moderator's Publish is a decision ----------------------------------------------


def test_a_moderators_publish_of_a_pending_submission_approves_it(moderator_client):
    submission = review("Approve me by publishing")
    response = press_publish(moderator_client, edit_url(submission))
    assert "approved and published." in messages_of(response)
    assert displayable(submission)
    assert "Approve me by publishing" in the_gallery()
    approval = ModelLogEntry.objects.get(action="wagtail.workflow.approve")
    assert approval.user.username == "mira"


def test_a_superusers_publish_without_alt_text_publishes_nothing_and_says_why(
    client, django_user_model
):
    submission = pending_submission(alt_text="", text="Tent at dusk")
    client.force_login(django_user_model.objects.create_superuser("root"))
    response = press_publish(client, edit_url(submission), text="Tent at dawn")
    said = messages_of(response)
    assert NOT_PUBLISHED in said
    assert "Photo 1 has no alt text (describe it, or mark it decorative)." in said
    assert "updated and published" not in said
    submission.refresh_from_db()
    assert not submission.live
    assert submission.moderation_status == "pending"
    assert latest_text(submission) == "Tent at dawn"
    assert not displayable(submission)


def test_a_moderators_edit_of_an_approved_submission_goes_live(moderator_client, mira):
    submission = approved_review("Old words", mira)
    response = press_publish(moderator_client, edit_url(submission), text="New words")
    assert "updated and published." in messages_of(response)
    assert Submission.objects.displayable().get(pk=submission.pk).text == "New words"


def test_removing_alt_text_from_a_live_photo_is_refused(moderator_client, mira):
    submission = pending_submission(alt_text="A tent by a lake")
    actions.approve(submission, mira)
    url = edit_url(submission)
    data = form_data(moderator_client.get(url).content.decode())
    alt_field = next(name for name in data if name.endswith("-alt_text") and data[name])
    response = press_publish(moderator_client, url, **{alt_field: ""})
    said = messages_of(response)
    assert NOT_PUBLISHED in said
    assert "Photo 1 has no alt text" in said
    assert displayable(submission)
    assert submission.photos.get().alt_text == "A tent by a lake"


def test_a_moderators_publish_of_a_rejected_submission_reverses_the_rejection(
    moderator_client, mira
):
    submission = rejected_review("Second look: it is fine", mira)
    response = press_publish(moderator_client, edit_url(submission))
    assert "the rejection was reversed; it is approved and published." in (
        messages_of(response)
    )
    assert displayable(submission)
    assert "Second look: it is fine" in the_gallery()
    reversal = ModelLogEntry.objects.get(action="wagtail_ugc.reverse_rejection")
    assert reversal.user.username == "mira"
    assert reversal.data["reason"] == "Off topic."


def test_a_rejection_is_not_reversed_while_the_credit_is_missing(
    moderator_client, mira
):
    submission = rejected_review("No credit", mira)
    response = press_publish(moderator_client, edit_url(submission), credit_line="")
    said = messages_of(response)
    assert NOT_PUBLISHED in said and "The credit line is missing." in said
    assert Submission.objects.get(pk=submission.pk).moderation_status == "rejected"
    assert not displayable(submission)


def test_a_withdrawn_submission_is_never_published(moderator_client, mira):
    submission = approved_review("Taken back", mira)
    Client().post(withdraw_url(submission))
    response = press_publish(moderator_client, edit_url(submission))
    said = messages_of(response)
    assert NOT_PUBLISHED in said and "The creator withdrew this submission." in said
    assert not displayable(submission)


def test_reverting_to_a_version_without_alt_text_is_refused(moderator_client, mira):
    submission = pending_submission(alt_text="")
    without_alt_text = submission.get_latest_revision()
    moderator_client.post(
        reverse("wagtail_ugc_queue:edit_inline", args=[submission.pk]),
        {f"alt_text-{submission.photos.get().uuid}": "Two tents"},
    )
    actions.approve(submission, mira)
    response = press_publish(moderator_client, revert_url(submission, without_alt_text))
    assert "Photo 1 has no alt text" in messages_of(response)
    assert displayable(submission)
    assert submission.photos.get().alt_text == "Two tents"


# Scheduled publishing is not a decision ---------------------------------------------


def schedule_latest_revision(submission):
    Revision.objects.filter(pk=submission.latest_revision_id).update(
        approved_go_live_at=timezone.now() - timedelta(minutes=1)
    )


def test_scheduled_publishing_never_approves():
    submission = review("Scheduled, undecided")
    schedule_latest_revision(submission)
    call_command("publish_scheduled", verbosity=0)
    assert Submission.objects.get(pk=submission.pk).moderation_status == (
        ModerationStatus.PENDING
    )
    assert not displayable(submission)


def test_scheduled_publishing_never_reverses_a_rejection(mira):
    submission = rejected_review("Scheduled, rejected", mira)
    schedule_latest_revision(submission)
    call_command("publish_scheduled", verbosity=0)
    assert Submission.objects.get(pk=submission.pk).moderation_status == (
        ModerationStatus.REJECTED
    )
    assert not displayable(submission)
