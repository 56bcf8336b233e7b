"""Endpoints: the rows made in the admin and the entries of the ``WEBHOOK_ENDPOINTS`` setting, alike."""

import threading
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..conf import ugc_settings
from ..models import WebhookDelivery, WebhookEndpoint, WebhookEvent


@dataclass(frozen=True)
class Target:
    """An endpoint: a row made in the admin, or an entry of ``WEBHOOK_ENDPOINTS``."""

    name: str
    url: str
    secret: str = field(repr=False)
    events: tuple
    endpoint: WebhookEndpoint | None = None

    def deliveries(self):
        if self.endpoint is not None:
            return WebhookDelivery.objects.filter(endpoint=self.endpoint)
        return WebhookDelivery.objects.filter(
            endpoint__isnull=True, endpoint_name=self.name
        )


def setting_targets():
    return [
        Target(
            name=entry["name"],
            url=entry["url"],
            secret=entry["secret"],
            events=tuple(entry.get("events", WebhookEvent.values)),
        )
        for entry in ugc_settings.WEBHOOK_ENDPOINTS
    ]


_read_in = threading.local()


def active_endpoints():
    """The active endpoints made in the admin, read once per transaction.

    A bulk approval announces an event for each submission in one
    transaction; the endpoints are read for the first only.
    """
    connection = transaction.get_connection()
    outermost = connection.atomic_blocks[0] if connection.in_atomic_block else None
    read = getattr(_read_in, "transaction", None)
    if outermost is not None and read is not None and read[0] is outermost:
        return read[1]
    endpoints = list(WebhookEndpoint.objects.filter(active=True))
    _read_in.transaction = (outermost, endpoints) if outermost is not None else None
    return endpoints


@receiver(post_save, sender=WebhookEndpoint)
@receiver(post_delete, sender=WebhookEndpoint)
def forget_endpoints_read(**kwargs):
    _read_in.transaction = None


def targets_for(event):
    """Every active endpoint subscribed to ``event``."""
    targets = [
        Target(e.name, e.url, e.secret, tuple(e.events or ()), e)
        for e in active_endpoints()
    ]
    targets += setting_targets()
    return [target for target in targets if event in target.events]


def secret_for(delivery):
    """The secret a delivery is signed with now; None if its endpoint is gone or switched off."""
    if delivery.endpoint_id is not None:
        return delivery.endpoint.secret if delivery.endpoint.active else None
    for target in setting_targets():
        if target.name == delivery.endpoint_name:
            return target.secret
    return None
