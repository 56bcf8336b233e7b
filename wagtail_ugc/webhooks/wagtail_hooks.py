"""Wagtail admin hooks of the webhooks: the log's permission policy, "Retry now" and its URL."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from ..models import WebhookDelivery
from .admin import (
    RETRY_URL_NAME,
    DeliveryLogPolicy,
    RetryDeliveryView,
    may_retry,
    retry_url,
)

register_permission_policy(WebhookDelivery, DeliveryLogPolicy(WebhookDelivery))


@hooks.register("register_admin_urls")
def register_webhook_urls():
    return [
        path(
            "ugc/webhook-log/<int:pk>/retry/",
            RetryDeliveryView.as_view(),
            name=RETRY_URL_NAME,
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def retry_listing_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, WebhookDelivery)
        and snippet.status == WebhookDelivery.Status.FAILED
        and may_retry(user)
    ):
        yield Button(
            _("Retry now"), retry_url(snippet), icon_name="redirect", priority=10
        )
