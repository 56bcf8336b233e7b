"""Webhooks: the endpoints site builders register and every delivery made to them (docs/webhooks.md)."""

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    RECEIVED = "submission.received", _("Submission received")
    PUBLISHED = "submission.published", _("Submission approved and published")
    WITHDRAWN = "submission.withdrawn", _("Submission withdrawn")
    EXPIRED = "submission.expired", _("Rights expired")
    ERASED = "submission.erased", _("Submission erased")


def new_webhook_secret():
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A URL that is sent the events it subscribes to, signed with its own secret."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_webhook_secret,
        help_text=_(
            "Each delivery is signed with this secret (HMAC-SHA256); "
            "the receiver checks the signature with it."
        ),
    )
    events = models.JSONField(_("events"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One event sent (or still to be sent) to one endpoint: the delivery log."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RETRYING = "retrying", _("Retrying")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    #: ``None`` for an endpoint named in the ``WEBHOOK_ENDPOINTS`` setting.
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    endpoint_name = models.CharField(_("endpoint"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last response status"), null=True, blank=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="ugc_webhook_due_idx"
            ),
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint_name}"
