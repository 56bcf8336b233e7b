"""The admin: endpoints with events as checkboxes, the delivery log, "Retry now"; none of it for a plain editor."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from wagtail_ugc.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

pytestmark = pytest.mark.django_db

ENDPOINTS = "wagtailsnippets_wagtail_ugc_webhookendpoint"
LOG = "wagtailsnippets_wagtail_ugc_webhookdelivery"
Status = WebhookDelivery.Status


def failed_delivery(endpoint):
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        endpoint_name=endpoint.name,
        url=endpoint.url,
        event=WebhookEvent.WITHDRAWN,
        payload={"event": "submission.withdrawn", "submission": {"uuid": "u-1"}},
        status=Status.FAILED,
        attempts=6,
        last_status_code=500,
        last_error="HTTP 500: <b>down</b>",
    )


def user_with(django_user_model, *codenames):
    user = django_user_model.objects.create_user(username="ed", password="pw")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", *codenames])
    )
    return user


def test_a_superuser_adds_an_endpoint_with_events_as_checkboxes(client, moderator):
    client.force_login(moderator)
    form = client.get(reverse(f"{ENDPOINTS}:add"))
    assert form.status_code == 200
    page = form.content.decode()
    for event in WebhookEvent.values:
        assert f'type="checkbox" name="events" value="{event}"' in page
    secret = form.context["form"]["secret"].value()
    assert secret in page
    assert len(secret) > 30  # a fresh random secret, shown to copy

    response = client.post(
        reverse(f"{ENDPOINTS}:add"),
        {
            "name": "CRM",
            "url": "https://crm.example.com/hooks/ugc",
            "events": ["submission.published", "submission.erased"],
            "active": "on",
            "secret": secret,
        },
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["submission.published", "submission.erased"]
    assert endpoint.secret == secret
    listing = client.get(reverse(f"{ENDPOINTS}:list"))
    assert listing.status_code == 200 and "CRM" in listing.content.decode()
    assert "Submission approved and published, Submission erased" in (
        listing.content.decode()
    )
    edit = client.get(reverse(f"{ENDPOINTS}:edit", args=[endpoint.pk]))
    assert edit.context["form"]["events"].value() == [
        "submission.published",
        "submission.erased",
    ]


def test_an_unknown_event_is_refused_with_a_clear_error(client, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse(f"{ENDPOINTS}:add"),
        {
            "name": "X",
            "url": "https://x.example.com/",
            "events": ["rm -rf"],
            "secret": "s",
        },
    )
    assert response.status_code == 200
    assert "events" in response.context["form"].errors
    assert not WebhookEndpoint.objects.exists()


def test_the_log_lists_filters_and_shows_deliveries(client, moderator, endpoint):
    failed = failed_delivery(endpoint)
    delivered = WebhookDelivery.objects.create(
        endpoint=endpoint,
        endpoint_name=endpoint.name,
        url=endpoint.url,
        event=WebhookEvent.RECEIVED,
        status=Status.DELIVERED,
        attempts=1,
        last_status_code=204,
        delivered_at=timezone.now(),
    )
    client.force_login(moderator)
    listing = client.get(reverse(f"{LOG}:list"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "&lt;b&gt;down&lt;/b&gt;" in page and "<b>down</b>" not in page
    retry = reverse("wagtail_ugc_webhook_retry", args=[failed.pk])
    assert retry in page
    assert reverse("wagtail_ugc_webhook_retry", args=[delivered.pk]) not in page
    # No way to add, edit or delete the log.
    assert reverse(f"{LOG}:add") not in page

    for query, shown, hidden in [
        ({"status": "failed"}, failed, delivered),
        ({"event": "submission.received"}, delivered, failed),
    ]:
        filtered = client.get(reverse(f"{LOG}:list"), query).content.decode()
        inspect = reverse(f"{LOG}:inspect", args=[shown.pk])
        assert inspect in filtered
        assert reverse(f"{LOG}:inspect", args=[hidden.pk]) not in filtered
    assert (
        client.get(reverse(f"{LOG}:list"), {"endpoint": endpoint.pk}).status_code == 200
    )

    inspect = client.get(reverse(f"{LOG}:inspect", args=[failed.pk]))
    assert inspect.status_code == 200
    assert "u-1" in inspect.content.decode()
    for name in ("add",):
        assert client.get(reverse(f"{LOG}:{name}")).status_code != 200
    for name in ("edit", "delete"):
        assert client.get(reverse(f"{LOG}:{name}", args=[failed.pk])).status_code != 200


def test_retry_now_sends_a_failed_delivery_again(
    client, moderator, endpoint, receiver, django_capture_on_commit_callbacks
):
    failed = failed_delivery(endpoint)
    url = reverse("wagtail_ugc_webhook_retry", args=[failed.pk])
    client.force_login(moderator)
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Retry now" in confirm.content.decode()
    failed.refresh_from_db()
    assert failed.status == Status.FAILED  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Status.DELIVERED and failed.attempts == 7
    assert len(receiver.requests) == 1 and receiver.requests[0].error == ""

    # A delivered one is not sent again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(receiver.requests) == 1


def test_a_plain_editor_sees_none_of_it(client, django_user_model, endpoint):
    failed = failed_delivery(endpoint)
    client.force_login(user_with(django_user_model))
    for url in [
        reverse(f"{ENDPOINTS}:list"),
        reverse(f"{ENDPOINTS}:add"),
        reverse(f"{ENDPOINTS}:edit", args=[endpoint.pk]),
        reverse(f"{LOG}:list"),
        reverse(f"{LOG}:inspect", args=[failed.pk]),
        reverse("wagtail_ugc_webhook_retry", args=[failed.pk]),
    ]:
        assert client.get(url).status_code in (302, 403), url
    assert client.post(
        reverse("wagtail_ugc_webhook_retry", args=[failed.pk])
    ).status_code in (302, 403)
    failed.refresh_from_db()
    assert failed.status == Status.FAILED
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(f"{LOG}:list") not in home
    assert reverse(f"{ENDPOINTS}:list") not in home


def test_both_are_in_the_ugc_menu_of_a_superuser(client, moderator):
    client.force_login(moderator)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(f"{LOG}:list") in home
    assert reverse(f"{ENDPOINTS}:list") in home


def test_viewing_the_log_is_not_retrying(client, django_user_model, endpoint):
    failed = failed_delivery(endpoint)
    client.force_login(user_with(django_user_model, "view_webhookdelivery"))
    listing = client.get(reverse(f"{LOG}:list"))
    assert listing.status_code == 200
    assert reverse("wagtail_ugc_webhook_retry", args=[failed.pk]) not in (
        listing.content.decode()
    )
    assert client.post(
        reverse("wagtail_ugc_webhook_retry", args=[failed.pk])
    ).status_code in (302, 403)
    # Nor seeing the endpoints and their secrets.
    assert client.get(reverse(f"{ENDPOINTS}:list")).status_code in (302, 403)
