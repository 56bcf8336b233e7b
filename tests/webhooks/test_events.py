"""Each event fires once from the real pipeline: the form, approval, withdrawal, expiry, erasure."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail_ugc.links import withdraw_url
from wagtail_ugc.models import Submission, WebhookDelivery, WebhookEndpoint
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.moderation.actions import approve
from wagtail_ugc.rights.revocation import withdraw
from wagtail_ugc.signals import announce_change

from ..factories import CampaignFactory
from ..intake.conftest import form_data
from ..moderation.helpers import pending_submission
from ..rights.helpers import published_photo_submission

pytestmark = pytest.mark.django_db


def events(receiver):
    return [payload["event"] for payload in receiver.payloads]


def test_a_photo_submissions_life_fires_each_event_once(
    endpoint,
    receiver,
    moderation_defaults,
    moderator,
    django_capture_on_commit_callbacks,
):
    campaign = CampaignFactory(slug="summer", title="Summer trails")
    submit_url = reverse("wagtail_ugc:submit", kwargs={"campaign_slug": "summer"})
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(submit_url, form_data(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code < 400
    submission = Submission.objects.get()
    assert events(receiver) == ["submission.received"]
    received = receiver.payloads[0]
    url = received["submission"].pop("url", None)
    assert url is None or url.endswith(f"/{submission.uuid}/")
    assert received["submission"] == {
        "uuid": str(submission.uuid),
        "kind": "photo",
        "campaign": {"id": campaign.pk, "title": "Summer trails"},
        "credit_line": "@ada_walks",
        "licence": submission.licence,
    }
    assert received["id"] == receiver.requests[0].headers["webhook-id"]
    body = receiver.requests[0].body.decode()
    for private in (
        "ada@example.com",
        "Ada Walker",
        "203.0.113",
        "incoming/",
        "masters/",
    ):
        assert private not in body

    # The moderator describes the photo, as in the editor.
    submission.photos.update(alt_text="A lake at sunrise")
    Submission.objects.get(pk=submission.pk).save_revision(user=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        approve(submission, moderator)
    assert events(receiver) == ["submission.received", "submission.published"]
    assert Submission.objects.displayable().filter(pk=submission.pk).exists()
    # Announced once its public image exists, so the receiver can fetch it.
    assert submission.photos.filter(image__isnull=False).count() == 1
    # Reconciled again (an edit, the sweep): not published a second time.
    with django_capture_on_commit_callbacks(execute=True):
        announce_change(submission.pk)
        call_command("ugc_rights_sweep", stdout=open("/dev/null", "w"))
    assert len(receiver.payloads) == 2

    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            Client().post(withdraw_url(submission))
    assert events(receiver)[2:] == ["submission.withdrawn"]

    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "ugc_erase_creator",
            "ada@example.com",
            "--noinput",
            stdout=open("/dev/null", "w"),
        )
    assert events(receiver)[3:] == ["submission.erased"]
    assert receiver.payloads[3]["submission"] == {"uuid": str(submission.uuid)}
    assert all(r.error == "" for r in receiver.requests)
    # The log keeps nothing of the erased submission but its uuid.
    for delivery in WebhookDelivery.objects.all():
        assert delivery.payload["submission"] == {"uuid": str(submission.uuid)}
        assert delivery.status == WebhookDelivery.Status.DELIVERED


def test_a_review_is_published_once_however_often_it_is_reconciled(
    endpoint,
    receiver,
    moderation_defaults,
    moderator,
    django_capture_on_commit_callbacks,
):
    submission = pending_submission(kind=Kind.REVIEW, rating=4)
    with django_capture_on_commit_callbacks(execute=True):
        approve(submission, moderator)
        announce_change(submission.pk)
    with django_capture_on_commit_callbacks(execute=True):
        announce_change(submission.pk)
    assert events(receiver) == ["submission.published"]


def test_expiry_fires_once_from_the_sweep(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    submission = published_photo_submission(
        rights_expires_at=timezone.now() + timedelta(days=1)
    )
    Submission.objects.filter(pk=submission.pk).update(
        rights_expires_at=timezone.now() - timedelta(seconds=1)
    )
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("ugc_rights_sweep", stdout=open("/dev/null", "w"))
    assert events(receiver) == ["submission.expired"]
    assert receiver.payloads[0]["submission"]["uuid"] == str(submission.uuid)


def test_a_rolled_back_change_records_and_sends_nothing(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    submission = published_photo_submission()
    withdrawals = WebhookDelivery.objects.filter(event="submission.withdrawn")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            assert withdraw(submission)
            assert withdrawals.count() == 1  # recorded in the change
            raise RuntimeError("the change fails after the withdrawal")
    assert withdrawals.count() == 0
    assert receiver.requests == []


def test_only_active_endpoints_subscribed_to_the_event_get_it(
    settings, endpoint, receiver, django_capture_on_commit_callbacks
):
    endpoint.events = ["submission.erased"]
    endpoint.save()
    WebhookEndpoint.objects.create(
        name="Off",
        url=receiver.url,
        secret=receiver.secret,
        active=False,
        events=["submission.withdrawn"],
    )
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "WEBHOOK_ENDPOINTS": [
            {
                "name": "From the setting",
                "url": receiver.url,
                "secret": receiver.secret,
                "events": ["submission.withdrawn"],
            }
        ],
    }
    submission = published_photo_submission()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(submission)
    [delivery] = WebhookDelivery.objects.all()  # not the erased-only endpoint's
    assert delivery.endpoint is None and delivery.endpoint_name == "From the setting"
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert events(receiver) == ["submission.withdrawn"]


def test_with_no_endpoint_nothing_is_recorded(django_capture_on_commit_callbacks):
    submission = published_photo_submission()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(submission)
        submission.delete()
    assert WebhookDelivery.objects.count() == 0
