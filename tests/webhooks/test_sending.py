"""Sending to a real local receiver: signed, retried with backoff, logged, never twice at once."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from wagtail_ugc.models import WebhookDelivery, WebhookEvent
from wagtail_ugc.webhooks import sending
from wagtail_ugc.webhooks.sending import claim, lease, send, send_due

Status = WebhookDelivery.Status


def make_delivery(endpoint, **fields):
    fields.setdefault("next_attempt_at", timezone.now())
    delivery = WebhookDelivery(
        endpoint=endpoint,
        endpoint_name=endpoint.name,
        url=endpoint.url,
        event=WebhookEvent.PUBLISHED,
        **fields,
    )
    delivery.payload = {"event": "submission.published", "id": str(delivery.uuid)}
    delivery.save()
    return delivery


def retry_when_due(delivery):
    """Run the periodic sender at the moment the delivery's next attempt is due."""
    delivery.refresh_from_db()
    return send_due(now=delivery.next_attempt_at)


@pytest.mark.django_db
def test_a_delivery_is_signed_and_marked_delivered(endpoint, receiver):
    delivery = make_delivery(endpoint)
    assert send(delivery.pk) == Status.DELIVERED

    [request] = receiver.requests
    assert request.error == "" and request.verified == delivery.payload
    assert request.headers["webhook-id"] == str(delivery.uuid)
    assert request.headers["content-type"] == "application/json"
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED
    assert delivery.attempts == 1 and delivery.last_status_code == 200
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    # Delivered: nothing is due, nothing is sent again.
    assert send_due(now=timezone.now() + timedelta(days=1)) == {}
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_fails_twice_then_succeeds_in_three_attempts(endpoint, receiver):
    receiver.answers = [500, "hang", 200]
    delivery = make_delivery(endpoint)

    started = timezone.now()
    assert send(delivery.pk) == Status.RETRYING
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status_code == 500
    assert delivery.last_error.startswith("HTTP 500: xxx")
    assert len(delivery.last_error) < 220  # an excerpt of the answer, not all of it
    assert started + timedelta(seconds=60) <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= timezone.now() + timedelta(seconds=60)

    # Not due yet: the periodic sender leaves it.
    assert send_due(now=delivery.next_attempt_at - timedelta(seconds=1)) == {}
    assert retry_when_due(delivery) == {Status.RETRYING: 1}
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.last_status_code is None
    assert "timed out" in delivery.last_error
    waited = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=290) < waited <= timedelta(seconds=300)

    assert retry_when_due(delivery) == {Status.DELIVERED: 1}
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED and delivery.attempts == 3
    assert delivery.last_status_code == 200
    assert "timed out" in delivery.last_error  # what went wrong before, kept
    assert len(receiver.requests) == 3
    assert {r.headers["webhook-id"] for r in receiver.requests} == {str(delivery.uuid)}
    assert all(r.error == "" for r in receiver.requests)


@pytest.mark.django_db
def test_a_refused_connection_is_retried(endpoint, receiver):
    receiver.stop()
    delivery = make_delivery(endpoint)
    assert send(delivery.pk) == Status.RETRYING
    delivery.refresh_from_db()
    assert "ConnectionRefusedError" in delivery.last_error


@pytest.mark.django_db
def test_after_the_last_retry_it_has_failed(settings, endpoint, receiver):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "WEBHOOK_RETRY_DELAYS": [10, 20]}
    receiver.answers = [503]
    delivery = make_delivery(endpoint)
    send(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.next_attempt_at - timezone.now()).total_seconds() <= 10
    retry_when_due(delivery)
    delivery.refresh_from_db()
    assert 10 < (delivery.next_attempt_at - timezone.now()).total_seconds() <= 20
    assert retry_when_due(delivery) == {Status.FAILED: 1}
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED and delivery.attempts == 3
    assert delivery.next_attempt_at is None and delivery.last_status_code == 503
    assert send_due(now=timezone.now() + timedelta(days=1)) == {}
    assert len(receiver.requests) == 3


@pytest.mark.django_db
def test_a_redirect_is_not_followed(endpoint, receiver):
    receiver.answers = ["redirect"]
    delivery = make_delivery(endpoint)
    assert send(delivery.pk) == Status.RETRYING
    delivery.refresh_from_db()
    assert delivery.last_status_code == 302
    assert [r.path for r in receiver.requests] == ["/hook/"]


@pytest.mark.django_db
def test_an_endpoint_switched_off_gets_nothing_more(endpoint, receiver):
    delivery = make_delivery(endpoint)
    endpoint.active = False
    endpoint.save()
    assert send(delivery.pk) == Status.FAILED
    delivery.refresh_from_db()
    assert "not active" in delivery.last_error
    assert receiver.requests == []


@pytest.mark.django_db
def test_a_sender_killed_mid_send_leaves_it_to_be_sent_after_its_lease(
    endpoint, receiver
):
    delivery = make_delivery(endpoint)
    now = timezone.now()
    # What a killed process leaves: the claim made, no answer written.
    assert claim(delivery.pk, now) is not None
    delivery.refresh_from_db()
    assert delivery.status == Status.PENDING and delivery.attempts == 1

    assert send_due(now=now + lease() - timedelta(seconds=1)) == {}
    assert send_due(now=now + lease()) == {Status.DELIVERED: 1}
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and len(receiver.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_once(endpoint, receiver):
    receiver.delay = 0.3
    delivery = make_delivery(endpoint)
    start = threading.Barrier(2)
    results = []

    def sender():
        start.wait()
        results.append(send(delivery.pk))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results, key=str) == [None, Status.DELIVERED]
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


@pytest.mark.django_db
def test_the_command_sends_what_is_due_and_prunes_the_log(endpoint, receiver, capsys):
    due = make_delivery(endpoint)
    old = make_delivery(endpoint, status=Status.DELIVERED, next_attempt_at=None)
    WebhookDelivery.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    call_command("ugc_send_webhooks")
    out = capsys.readouterr().out
    assert "delivered: 1" in out and "pruned from the log: 1" in out
    assert list(WebhookDelivery.objects.values_list("pk", "status")) == [
        (due.pk, Status.DELIVERED)
    ]


@pytest.mark.django_db
def test_a_setting_endpoint_is_signed_with_its_setting_secret(settings, receiver):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "WEBHOOK_ENDPOINTS": [
            {"name": "ops", "url": receiver.url, "secret": receiver.secret}
        ],
    }
    delivery = WebhookDelivery.objects.create(
        endpoint_name="ops",
        url=receiver.url,
        event=WebhookEvent.RECEIVED,
        payload={"event": "submission.received"},
        next_attempt_at=timezone.now(),
    )
    assert send(delivery.pk) == Status.DELIVERED
    assert receiver.requests[0].error == ""
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "WEBHOOK_ENDPOINTS": []}
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=Status.PENDING)
    assert send(delivery.pk) == Status.FAILED  # its entry is gone
    assert len(receiver.requests) == 1


def test_the_backoff_is_the_setting():
    assert [sending.retry_delay(n).total_seconds() for n in range(1, 6)] == [
        60,
        300,
        1800,
        7200,
        43200,
    ]
    assert sending.retry_delay(6) is None
    assert sending.max_attempts() == 6
