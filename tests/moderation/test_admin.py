"""What moderators and other admin users see: private thumbnails, the queue, inspect, dashboard, bulk actions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from wagtail_ugc.models import RejectionReason, Submission
from wagtail_ugc.models.choices import Kind, RejectionCategory

from ..factories import CampaignFactory
from .helpers import make_moderator, pending_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, django_user_model):
    client.force_login(make_moderator(django_user_model))
    return client


@pytest.fixture
def editor_client(client, django_user_model):
    """An admin user who may edit submissions but not moderate them."""
    editor = django_user_model.objects.create_user(username="ed", password="pw")
    group = Group.objects.create(name="Writers")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_submission", "change_submission"]
        )
    )
    editor.groups.add(group)
    client.force_login(editor)
    return client


def thumb_url(submission, size="thumb"):
    photo = submission.photos.get()
    return reverse("wagtail_ugc:moderation_photo", args=(photo.uuid, size))


def test_a_moderator_sees_the_private_thumbnail_and_full_size(moderator_client):
    submission = pending_submission()
    for size in ("thumb", "full"):
        response = moderator_client.get(thumb_url(submission, size))
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert body.startswith(b"\xff\xd8")  # a JPEG
        assert response["Cache-Control"].startswith("private")


def test_a_logged_out_request_for_a_thumbnail_gets_no_image(client):
    submission = pending_submission()
    response = client.get(thumb_url(submission))
    assert response.status_code == 404
    assert not response.get("Content-Type", "").startswith("image/")


def test_an_editor_without_moderation_permission_cannot_see_thumbnails(editor_client):
    submission = pending_submission()
    response = editor_client.get(thumb_url(submission))
    assert response.status_code == 404


def test_an_editor_cannot_approve_through_the_queue(editor_client):
    submission = pending_submission()
    response = editor_client.post(
        reverse("wagtail_ugc_queue:approve", args=(submission.pk,)),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 403
    assert Submission.objects.get(pk=submission.pk).moderation_status == "pending"


def test_the_snippet_listing_shows_thumbnails_through_the_admin_view(
    moderator_client, settings
):
    submission = pending_submission()
    response = moderator_client.get(
        reverse("wagtailsnippets_wagtail_ugc_submission:list")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert thumb_url(submission) in html
    assert settings.MEDIA_URL + "ugc" not in html


def test_the_listing_puts_the_oldest_first_and_filters(moderator_client):
    from datetime import timedelta

    from django.utils import timezone

    newer = pending_submission(kind=Kind.REVIEW, text="newer one")
    older = pending_submission(
        kind=Kind.REVIEW,
        text="older one",
        submitted_at=timezone.now() - timedelta(days=3),
    )
    url = reverse("wagtailsnippets_wagtail_ugc_submission:list")
    html = moderator_client.get(url).content.decode()
    assert html.index(str(older)) < html.index(str(newer))
    html = moderator_client.get(url, {"kind": "photo"}).content.decode()
    assert str(older) not in html
    other = CampaignFactory()
    Submission.objects.filter(pk=newer.pk).update(campaign=other)
    html = moderator_client.get(url, {"campaign": other.pk}).content.decode()
    assert str(newer) in html and str(older) not in html


def test_listing_queries_do_not_grow_with_the_page(
    moderator_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("wagtailsnippets_wagtail_ugc_submission:list")
    for _ in range(3):
        pending_submission()
    with CaptureQueriesContext(connection) as few:
        moderator_client.get(url)
    for _ in range(12):
        pending_submission()
    with CaptureQueriesContext(connection) as many:
        moderator_client.get(url)
    assert len(many) == len(few)


def test_the_inspect_view_shows_media_flags_consent_and_history(moderator_client):
    from wagtail_ugc.models import SubmissionFlag

    submission = pending_submission(credit_line="")
    SubmissionFlag.objects.create(
        submission=submission, code="links", reason="Has 3 links <b>"
    )
    url = reverse(
        "wagtailsnippets_wagtail_ugc_submission:inspect", args=(submission.pk,)
    )
    response = moderator_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert thumb_url(submission, "full") in html
    assert "<strong>Links</strong>: Has 3 links &lt;b&gt;" in html
    assert "The credit line is missing." in html
    assert "Consent record" in html and "History" in html


def test_the_dashboard_says_how_many_wait_and_for_how_long(moderator_client):
    pending_submission()
    pending_submission(kind=Kind.REVIEW)
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 awaiting moderation, oldest waiting" in html


def test_the_queue_menu_item_shows_how_many_wait(moderator_client):
    pending_submission()
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Moderation queue (1)" in html


def test_the_keyboard_queue_approves_without_javascript(moderator_client):
    submission = pending_submission()
    html = moderator_client.get(reverse("wagtail_ugc_queue:index")).content.decode()
    assert thumb_url(submission) in html
    response = moderator_client.post(
        reverse("wagtail_ugc_queue:approve", args=(submission.pk,))
    )
    assert response.status_code == 302
    assert Submission.objects.get(pk=submission.pk).live


def test_a_second_decision_gets_a_clear_message(moderator_client):
    submission = pending_submission()
    url = reverse("wagtail_ugc_queue:approve", args=(submission.pk,))
    moderator_client.post(url)
    response = moderator_client.post(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 409
    assert "Someone else decided first" in response.json()["message"]


def test_inline_edits_make_a_submission_approvable(moderator_client):
    submission = pending_submission(credit_line="", alt_text="")
    photo = submission.photos.get()
    approve = reverse("wagtail_ugc_queue:approve", args=(submission.pk,))
    refused = moderator_client.post(approve, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert refused.status_code == 400
    assert len(refused.json()["missing"]) == 2
    saved = moderator_client.post(
        reverse("wagtail_ugc_queue:edit_inline", args=(submission.pk,)),
        {"credit_line": "Ana B.", f"alt_text-{photo.uuid}": "A red tent on snow"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert saved.json() == {"ok": True, "message": "Saved.", "missing": []}
    assert moderator_client.post(approve).status_code == 302
    submission.refresh_from_db()
    assert submission.live and submission.credit_line == "Ana B."
    assert submission.photos.get().alt_text == "A red tent on snow"


def test_reject_from_the_queue_with_a_reason_template(moderator_client):
    reason = RejectionReason.objects.create(
        title="Off topic",
        text="It does not show our gear.",
        category=RejectionCategory.OTHER,
    )
    submission = pending_submission()
    moderator_client.post(
        reverse("wagtail_ugc_queue:reject", args=(submission.pk,)),
        {"reason_template": reason.pk, "category": "guidelines", "comment": ""},
    )
    submission.refresh_from_db()
    assert submission.moderation_status == "rejected"
    assert submission.rejection_category == "other"
    assert submission.rejection_reason == "It does not show our gear."


def test_reject_without_a_reason_is_a_clear_400(moderator_client):
    submission = pending_submission()
    response = moderator_client.post(
        reverse("wagtail_ugc_queue:reject", args=(submission.pk,)),
        {"category": "guidelines", "comment": "  "},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 400
    assert "Give a reason" in response.json()["message"]


def bulk_url(action, submissions):
    ids = "&".join(f"id={s.pk}" for s in submissions)
    return (
        reverse("wagtail_bulk_action", args=("wagtail_ugc", "submission", action))
        + f"?{ids}&next=/admin/"
    )


def test_bulk_approve_goes_through_the_workflow_and_logs_each(moderator_client):
    ready = [pending_submission(kind=Kind.REVIEW) for _ in range(3)]
    blocked = pending_submission(kind=Kind.REVIEW, credit_line="")
    response = moderator_client.post(bulk_url("ugc_approve", [*ready, blocked]))
    assert response.status_code == 302
    assert Submission.objects.filter(live=True).count() == 3
    approvals = ModelLogEntry.objects.filter(action="wagtail.workflow.approve")
    assert {entry.user.username for entry in approvals} == {"mira"}
    assert approvals.count() == 3
    assert not Submission.objects.get(pk=blocked.pk).live


def test_bulk_decisions_leave_already_decided_submissions_alone(moderator_client):
    waiting = pending_submission(kind=Kind.REVIEW)
    earlier = pending_submission(kind=Kind.REVIEW, text="Decided last week")
    moderator_client.post(bulk_url("ugc_approve", [earlier]))
    url = bulk_url("ugc_reject", [waiting, earlier])

    page = moderator_client.get(url).content.decode()
    assert "1 submission selected" in page
    assert "Already decided, left as they are:" in page
    assert f"{earlier}: approved" in page

    response = moderator_client.post(
        url, {"category": "guidelines", "comment": "Spam."}, follow=True
    )
    messages = [str(message).strip() for message in response.context["messages"]]
    assert messages == ["1 submission rejected."]
    earlier.refresh_from_db()
    waiting.refresh_from_db()
    assert earlier.moderation_status == "approved" and earlier.live
    assert waiting.moderation_status == "rejected"


def test_bulk_reject_tag_and_assign(moderator_client):
    items = [pending_submission(kind=Kind.REVIEW) for _ in range(2)]
    campaign = CampaignFactory(title="Winter")
    moderator_client.post(bulk_url("ugc_tag", items), {"tags": "tent, snow"})
    moderator_client.post(
        bulk_url("ugc_assign_campaign", items), {"campaign": campaign.pk}
    )
    moderator_client.post(
        bulk_url("ugc_reject", items), {"category": "guidelines", "comment": "Spam."}
    )
    for item in items:
        item.refresh_from_db()
        assert sorted(item.tags.names()) == ["snow", "tent"]
        assert item.campaign == campaign
        assert item.moderation_status == "rejected"
    for action in (
        "wagtail_ugc.tag",
        "wagtail_ugc.assign_campaign",
        "wagtail_ugc.reject",
    ):
        entries = ModelLogEntry.objects.filter(action=action)
        assert entries.count() == 2
        assert all(entry.user.username == "mira" for entry in entries)


def test_bulk_tags_survive_approval_of_the_draft(moderator_client):
    submission = pending_submission()
    assert submission.has_unpublished_changes
    moderator_client.post(
        bulk_url("ugc_tag", [submission]), {"tags": "tent,\u202esnow\u200b"}
    )
    moderator_client.post(bulk_url("ugc_approve", [submission]), {})
    submission.refresh_from_db()
    assert submission.live and submission.moderation_status == "approved"
    assert sorted(submission.tags.names()) == ["snow", "tent"]


def test_the_preview_shows_the_item_as_a_gallery_would(moderator_client):
    submission = pending_submission(text="Great <b>tent</b>")
    url = reverse(
        "wagtailsnippets_wagtail_ugc_submission:revisions_view",
        args=(submission.pk, submission.latest_revision_id),
    )
    response = moderator_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert thumb_url(submission, "full") in html
    assert "Great &lt;b&gt;tent&lt;/b&gt;" in html


def test_the_edit_form_changes_content_but_not_rights(moderator_client):
    from wagtail_ugc.models.choices import RightsStatus

    submission = pending_submission(rights=False)
    url = reverse("wagtailsnippets_wagtail_ugc_submission:edit", args=(submission.pk,))
    response = moderator_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="credit_line"' in html
    assert 'name="rights_status"' not in html
    assert 'name="moderation_status"' not in html
    assert Submission.objects.get(pk=submission.pk).rights_status == RightsStatus.NONE


def test_wagtails_own_workflow_buttons_use_the_same_rules(moderator_client):
    from wagtail.models import TaskState

    blocked = pending_submission(credit_line="")
    task_state = TaskState.objects.for_instance(blocked).get()
    url_name = "wagtailsnippets_wagtail_ugc_submission:workflow_action"
    # Approve is not offered while something is missing.
    response = moderator_client.post(
        reverse(url_name, args=(blocked.pk, "approve", task_state.pk))
    )
    assert response.status_code in (302, 403)
    assert not Submission.objects.get(pk=blocked.pk).live

    ready = pending_submission()
    task_state = TaskState.objects.for_instance(ready).get()
    moderator_client.post(reverse(url_name, args=(ready.pk, "approve", task_state.pk)))
    ready.refresh_from_db()
    assert ready.live and ready.moderation_status == "approved"

    other = pending_submission()
    task_state = TaskState.objects.for_instance(other).get()
    moderator_client.post(
        reverse(url_name, args=(other.pk, "reject", task_state.pk)),
        {"category": "other", "comment": "Not about our gear."},
    )
    other.refresh_from_db()
    assert other.moderation_status == "rejected"
    assert other.rejection_reason == "Not about our gear."


def test_moderators_edit_rejection_reason_templates(moderator_client):
    url = reverse("wagtailsnippets_wagtail_ugc_rejectionreason:add")
    response = moderator_client.post(
        url,
        {
            "title": "Spam",
            "category": "guidelines",
            "text": "This advertises something else.",
        },
    )
    assert response.status_code == 302
    reason = RejectionReason.objects.get(title="Spam")
    assert reason.category == RejectionCategory.GUIDELINES
    listing = moderator_client.get(
        reverse("wagtailsnippets_wagtail_ugc_rejectionreason:list")
    )
    assert "Spam" in listing.content.decode()
