"""Editors and moderators: request rights (one or in bulk), add found content, record consent, export."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail_ugc.models import Campaign, ConsentRecord, RightsRequest, Submission
from wagtail_ugc.models.choices import (
    ConsentMethod,
    Kind,
    ProcessingState,
    RightsStatus,
    Source,
)

from ..factories import CampaignFactory, CreatorFactory, SubmissionFactory
from ..images import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, moderator):
    client.force_login(moderator)
    return client


def rights_page(submission):
    return reverse("wagtail_ugc_rights:submission", args=[submission.pk])


def test_request_rights_from_a_submissions_rights_page_and_copy_the_link(
    admin_client,
):
    submission = SubmissionFactory(source=Source.EDITOR)
    response = admin_client.post(
        rights_page(submission),
        {"send_email": "", "sent_to": "", "language": "sv"},
        follow=True,
    )
    assert response.status_code == 200
    rights_request = RightsRequest.objects.get(submission=submission)
    assert rights_request.language == "sv"
    html = response.content.decode()
    assert "copy its link below" in html
    assert rights_request.uuid.hex not in html  # the link is signed, not a bare id
    link = html.split('id="ugc-rights-link"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert link.startswith("http://testserver/ugc/rights/")
    assert mail.outbox == []
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.REQUESTED


def test_sending_by_email_needs_an_address(admin_client):
    submission = SubmissionFactory(creator=None)
    response = admin_client.post(
        rights_page(submission), {"send_email": "on", "sent_to": ""}
    )
    assert response.status_code == 200
    assert "Give the creator" in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_the_bulk_action_requests_rights_for_each_selected_submission(
    admin_client, django_capture_on_commit_callbacks
):
    first, second = SubmissionFactory(), SubmissionFactory()
    no_campaign = SubmissionFactory(campaign=None)
    url = (
        reverse(
            "wagtail_bulk_action",
            args=("wagtail_ugc", "submission", "ugc_request_rights"),
        )
        + f"?id={first.pk}&id={second.pk}&id={no_campaign.pk}"
    )
    assert admin_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url,
            {
                "send_email": "on",
                "next": reverse("wagtailsnippets_wagtail_ugc_submission:list"),
            },
            follow=True,
        )
    assert response.status_code == 200
    assert set(RightsRequest.objects.values_list("submission_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [first.creator.email, second.creator.email]
    )
    assert "Choose a campaign first" in response.content.decode()
    statuses = dict(Submission.objects.values_list("pk", "rights_status"))
    assert statuses[first.pk] == RightsStatus.REQUESTED
    assert statuses[no_campaign.pk] == RightsStatus.NONE


def test_the_queue_shows_each_rights_status(admin_client):
    for status in RightsStatus:
        SubmissionFactory(rights_status=status)
    response = admin_client.get(reverse("wagtailsnippets_wagtail_ugc_submission:list"))
    html = response.content.decode()
    for status in RightsStatus:
        assert str(status.label) in html


def test_each_submission_gets_a_rights_button_in_the_queue(moderator):
    from wagtail import hooks

    submission = SubmissionFactory()
    buttons = [
        button
        for hook in hooks.get_hooks("register_snippet_listing_buttons")
        for button in hook(submission, moderator, "/")
    ]
    assert rights_page(submission) in [button.url for button in buttons]


def test_an_editor_adds_a_photo_received_by_email_and_requests_rights(
    admin_client, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtail_ugc_rights:add"),
            {
                "campaign": campaign.pk,
                "kind": Kind.PHOTO,
                "source_url": "",
                "photos": SimpleUploadedFile("IMG_1.jpg", jpeg_bytes(), "image/jpeg"),
                "name": "Bo Berg",
                "sent_to": "Bo@Example.com",
                "language": "da",
                "send_email": "on",
            },
        )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.source == Source.RIGHTS_REQUEST
    assert submission.rights_status == RightsStatus.REQUESTED
    assert submission.creator.email == "bo@example.com"
    assert submission.processing_state == ProcessingState.READY
    photo = submission.photos.get()
    assert photo.master and not photo.incoming
    (message,) = [m for m in mail.outbox if m.to == ["bo@example.com"]]
    assert "/ugc/rights/" in message.body
    assert RightsRequest.objects.get().language == "da"


def test_an_editor_adds_a_social_post_and_gets_a_link_to_reply_with(admin_client):
    campaign = CampaignFactory()
    response = admin_client.post(
        reverse("wagtail_ugc_rights:add"),
        {
            "campaign": campaign.pk,
            "kind": Kind.VIDEO,
            "source_url": "https://social.example/@cara/42",
            "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "name": "@cara",
            "send_email": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    submission = Submission.objects.get()
    assert submission.creator is None and submission.credit_line == "@cara"
    assert submission.source_url == "https://social.example/@cara/42"
    assert "http://testserver/ugc/rights/" in response.content.decode()


def test_a_file_that_is_not_a_photo_is_refused_clearly(admin_client):
    response = admin_client.post(
        reverse("wagtail_ugc_rights:add"),
        {
            "campaign": CampaignFactory().pk,
            "kind": Kind.PHOTO,
            "photos": SimpleUploadedFile("x.jpg", b"<html>not a photo</html>"),
            "name": "Bo",
            "send_email": "",
        },
    )
    assert response.status_code == 200
    assert "not a photo we can accept" in response.content.decode()
    assert not Submission.objects.exists()


def test_found_content_that_fails_part_way_leaves_no_private_file(
    admin_client, settings
):
    # A campaign loaded from a fixture (saved without Campaign.save()) has no
    # terms, so rights cannot be requested: that fails after the photo is stored.
    Campaign.objects.bulk_create([Campaign(title="Imported", slug="imported")])
    response = admin_client.post(
        reverse("wagtail_ugc_rights:add"),
        {
            "campaign": Campaign.objects.get(slug="imported").pk,
            "kind": Kind.PHOTO,
            "photos": SimpleUploadedFile("IMG_2.jpg", jpeg_bytes(), "image/jpeg"),
            "name": "Bo Berg",
            "sent_to": "bo@example.com",
            "send_email": "on",
        },
    )
    assert response.status_code == 200
    assert "Choose a campaign first" in response.content.decode()
    assert not Submission.objects.exists()
    private_root = Path(settings.WAGTAIL_UGC["PRIVATE_ROOT"])
    assert [path for path in private_root.rglob("*") if path.is_file()] == []


def test_an_editor_records_consent_with_evidence(admin_client, moderator):
    submission = SubmissionFactory(rights_status=RightsStatus.REQUESTED)
    response = admin_client.post(
        reverse("wagtail_ugc_rights:record_consent", args=[submission.pk]),
        {
            "credit_line": "Dag",
            "licence": "site-display",
            "evidence": SimpleUploadedFile("reply.eml", b"Yes, use it. -- Dag"),
            "note": "Replied to our DM",
        },
    )
    assert response.status_code == 302
    record = ConsentRecord.objects.get()
    assert record.method == ConsentMethod.EDITOR
    assert record.recorded_by == moderator
    assert record.evidence.read() == b"Yes, use it. -- Dag"
    with pytest.raises(ValueError):
        _ = record.evidence.url  # evidence is private: it has no public URL
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.GRANTED


def test_recording_consent_needs_evidence(admin_client):
    submission = SubmissionFactory()
    response = admin_client.post(
        reverse("wagtail_ugc_rights:record_consent", args=[submission.pk]),
        {"credit_line": "Dag", "licence": "site-display"},
    )
    assert response.status_code == 200
    assert not ConsentRecord.objects.exists()


def test_the_admin_export_downloads_the_creators_zip(admin_client):
    creator = CreatorFactory(email="eva@example.com")
    SubmissionFactory(creator=creator, text="Eva's review")
    response = admin_client.post(
        reverse("wagtail_ugc_export:index"), {"email": "eva@example.com"}
    )
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["submissions"][0]["text"] == "Eva's review"


def test_rights_views_need_the_moderation_permission(client, django_user_model):
    user = django_user_model.objects.create_user(username="ed", password="pw")
    client.force_login(user)
    submission = SubmissionFactory()
    for url in (
        rights_page(submission),
        reverse("wagtail_ugc_rights:add"),
        reverse("wagtail_ugc_export:index"),
    ):
        assert client.get(url).status_code in (302, 403)
