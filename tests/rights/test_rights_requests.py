"""Rights requests: a signed, expiring link; the creator sees the content and terms, grants or declines."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from wagtail_ugc.links import rights_request_url, rights_request_uuid_from_token
from wagtail_ugc.models import ConsentRecord, RightsRequest, Submission
from wagtail_ugc.models.choices import (
    ConsentAction,
    ConsentMethod,
    Kind,
    ModerationStatus,
    RightsStatus,
    Source,
)
from wagtail_ugc.publication import publish_public_files
from wagtail_ugc.rights import requests
from wagtail_ugc.rights.requests import CannotRequestRights, request_rights

from ..factories import CreatorFactory, SubmissionFactory
from .helpers import add_photo, public_files

pytestmark = pytest.mark.django_db


def found_photo(**kwargs):
    """A photo an editor found on a social network: no consent yet."""
    creator = CreatorFactory(name="Ana", language=kwargs.pop("language", "en"))
    submission = SubmissionFactory(
        kind=Kind.PHOTO,
        creator=creator,
        source=Source.RIGHTS_REQUEST,
        source_url="https://social.example/p/123",
        credit_line="@ana.outdoors",
        rating=None,
        **kwargs,
    )
    add_photo(submission)
    return submission


def grant_form(**overrides):
    return {
        "answer": "grant",
        "credit_choice": "@ana.outdoors",
        "credit_url": "",
        "people_shown_consented": "on",
        **overrides,
    }


def test_requesting_rights_marks_the_submission_and_emails_a_link(
    django_capture_on_commit_callbacks,
):
    submission = found_photo()
    with django_capture_on_commit_callbacks(execute=True):
        rights_request = request_rights(submission)
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.REQUESTED
    assert rights_request.sent_to == submission.creator.email
    assert rights_request.expires_at > timezone.now() + timedelta(days=13)
    (message,) = mail.outbox  # locmem backend: the mail server's stand-in
    assert message.to == [submission.creator.email]
    (token,) = re.findall(r"http://testserver/ugc/rights/([^/\s]+)/", message.body)
    assert rights_request_uuid_from_token(token) == str(rights_request.uuid)


def test_the_link_can_be_copied_instead_of_emailed(django_capture_on_commit_callbacks):
    submission = found_photo()
    with django_capture_on_commit_callbacks(execute=True):
        rights_request = request_rights(submission, send_email=False)
    assert mail.outbox == []
    assert requests.rights_request_link(rights_request).startswith("http://testserver/")


def test_requesting_twice_reuses_the_open_request():
    submission = found_photo()
    assert request_rights(submission) == request_rights(submission)
    assert RightsRequest.objects.count() == 1


def test_rights_cannot_be_requested_without_terms_to_agree_to():
    submission = found_photo(campaign=None)
    with pytest.raises(CannotRequestRights):
        request_rights(submission)


def test_the_page_shows_the_content_terms_and_credit_choice_in_the_creators_language(
    client,
):
    submission = found_photo(language="sv")
    rights_request = request_rights(submission)
    response = client.get(rights_request_url(rights_request))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert submission.campaign.terms_text in html
    assert "@ana.outdoors" in html
    assert "https://social.example/p/123" in html
    photo = submission.photos.get()
    # The signed link carries the second it was made: read it off the page.
    (photo_url,) = re.findall(rf'src="(/ugc/rights/[^"/]+/photo/{photo.uuid}/)"', html)
    image = client.get(photo_url)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    assert "no-store" in image["Cache-Control"]


def test_granting_records_consent_with_the_chosen_credit(client):
    submission = found_photo()
    rights_request = request_rights(submission)
    response = client.post(
        rights_request_url(rights_request),
        grant_form(credit_choice="other", credit_other="Ana Lind", scopes=["ads"]),
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 200
    assert b"Thank you for saying yes" in response.content
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.GRANTED
    assert submission.credit_line == "Ana Lind"
    record = ConsentRecord.objects.get(submission=submission)
    assert record.action == ConsentAction.GRANT
    assert record.method == ConsentMethod.RIGHTS_REQUEST
    assert record.terms_sha256 == submission.campaign.current_terms.sha256
    assert record.scopes == ["site_galleries", "ads"]
    assert record.credit_line == "Ana Lind"
    assert record.ip_hash and "198.51.100.7" not in record.ip_hash
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.GRANTED


def test_granting_without_confirming_the_people_shown_is_refused_clearly(client):
    submission = found_photo()
    rights_request = request_rights(submission)
    form = grant_form()
    del form["people_shown_consented"]
    response = client.post(rights_request_url(rights_request), form)
    assert response.status_code == 400
    assert b"everyone recognisable" in response.content
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.REQUESTED


def test_a_credit_that_was_not_offered_is_refused(client):
    submission = found_photo()
    rights_request = request_rights(submission)
    response = client.post(
        rights_request_url(rights_request), grant_form(credit_choice="Somebody Else")
    )
    assert response.status_code == 400
    assert not ConsentRecord.objects.exists()


def test_granting_an_approved_submission_makes_its_public_files(
    client, settings, django_capture_on_commit_callbacks
):
    submission = found_photo(moderation_status=ModerationStatus.APPROVED, live=True)
    rights_request = request_rights(submission)
    assert public_files(settings) == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(rights_request_url(rights_request), grant_form())
    assert Submission.objects.displayable().filter(pk=submission.pk).exists()
    assert public_files(settings)


def test_declining_records_it_and_closes_the_link(client):
    submission = found_photo()
    rights_request = request_rights(submission)
    response = client.post(rights_request_url(rights_request), {"answer": "decline"})
    assert b"We will not show your content" in response.content
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.DECLINED
    assert ConsentRecord.objects.get().action == ConsentAction.DECLINE
    again = client.post(rights_request_url(rights_request), grant_form())
    assert b"We will not show your content" in again.content
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.DECLINED
    photo = submission.photos.get()
    url = f"{rights_request_url(rights_request)}photo/{photo.uuid}/"
    assert client.get(url).status_code == 404


def test_a_tampered_rights_link_is_a_clear_400(client):
    rights_request = request_rights(found_photo())
    url = rights_request_url(rights_request)
    response = client.get(url.replace(url[-6:-1], "xxxxx"))
    assert response.status_code == 400
    assert b"This link does not work" in response.content


def test_an_expired_link_does_not_grant(client):
    submission = found_photo()
    rights_request = request_rights(submission)
    RightsRequest.objects.filter(pk=rights_request.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(rights_request_url(rights_request), grant_form())
    assert b"This request is closed" in response.content
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.REQUESTED


def test_one_reminder_goes_out_after_the_reminder_days(
    settings, django_capture_on_commit_callbacks
):
    submission = found_photo()
    with django_capture_on_commit_callbacks(execute=True):
        rights_request = request_rights(submission)
    mail.outbox.clear()
    assert requests.send_due_reminders() == 0
    later = timezone.now() + timedelta(
        days=settings.WAGTAIL_UGC.get("RIGHTS_REMINDER_DAYS", 7), minutes=1
    )
    assert requests.send_due_reminders(later) == 1
    assert requests.send_due_reminders(later) == 0
    (reminder,) = mail.outbox
    assert reminder.subject.startswith("Reminder")
    rights_request.refresh_from_db()
    assert rights_request.reminded_at is not None


def test_no_answer_in_time_counts_as_declined(settings):
    submission = found_photo()
    rights_request = request_rights(submission)
    later = timezone.now() + timedelta(days=15)
    assert requests.expire_unanswered_requests(later) == 1
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.EXPIRED
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.DECLINED
    assert ConsentRecord.objects.get().action == ConsentAction.DECLINE


def test_the_request_period_follows_the_setting(settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "RIGHTS_REQUEST_DAYS": 3}
    rights_request = request_rights(found_photo())
    assert rights_request.expires_at < timezone.now() + timedelta(days=3, minutes=1)


def test_a_licence_end_date_asked_for_becomes_the_rights_expiry(client):
    submission = found_photo()
    ends = timezone.now() + timedelta(days=90)
    rights_request = request_rights(submission, licence_expires_at=ends)
    client.post(rights_request_url(rights_request), grant_form())
    submission.refresh_from_db()
    assert submission.rights_expires_at == ends
    assert ConsentRecord.objects.get().expires_at == ends


def test_granted_content_can_be_published(client, settings):
    submission = found_photo()
    rights_request = request_rights(submission)
    client.post(rights_request_url(rights_request), grant_form())
    Submission.objects.filter(pk=submission.pk).update(
        moderation_status=ModerationStatus.APPROVED, live=True
    )
    assert publish_public_files(submission)


def test_text_from_the_post_is_escaped_on_the_creators_page(client):
    submission = found_photo(text='<script>alert("x")</script>')
    rights_request = request_rights(submission)
    html = client.get(rights_request_url(rights_request)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
