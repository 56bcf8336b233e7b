"""Admin of the webhooks: the endpoints, and the delivery log with "Retry now" for failed ones.

Both hold secrets or what was sent, so only superusers and users given the
models' permissions see them. Nobody edits the log: the sender writes it.
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from .sending import retry_now
from .tasks import send_deliveries_task

RETRY_URL_NAME = "wagtail_ugc_webhook_retry"


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("The endpoint is sent these events."),
    )


class EventsColumn(Column):
    def get_value(self, instance):
        labels = dict(WebhookEvent.choices)
        return ", ".join(str(labels.get(event, event)) for event in instance.events)


class WebhookEndpointViewSet(SnippetViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = gettext_lazy("Webhooks")
    menu_name = "ugc-webhooks"
    list_display = [
        "name",
        "url",
        "active",
        EventsColumn("events", label=gettext_lazy("Events")),
    ]
    list_filter = ["active"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("events"),
            FieldPanel("active"),
            FieldPanel(
                "secret",
                help_text=gettext_lazy(
                    "Each delivery is signed with this secret (HMAC-SHA256); the "
                    "receiver checks the signature with it. Copy it to the "
                    "receiver; a secret of the form whsec_<base64> suits Standard "
                    "Webhooks libraries. Changing it breaks the receiver until it "
                    "has the new one."
                ),
            ),
        ],
        base_form_class=WebhookEndpointForm,
    )


class DeliveryLogPolicy(ModelPermissionPolicy):
    """The log is written by the sender only: it can be viewed, never added to, edited or deleted."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


def may_retry(user):
    return user.is_active and user.has_perm("wagtail_ugc.change_webhookdelivery")


class ErrorColumn(Column):
    def get_value(self, instance):
        return truncatechars(instance.last_error, 80)


class WebhookDeliveryViewSet(SnippetViewSet):
    model = WebhookDelivery
    icon = "list-ul"
    menu_label = gettext_lazy("Webhook log")
    menu_name = "ugc-webhook-log"
    inspect_view_enabled = True
    list_display = [
        "__str__",
        "status",
        "attempts",
        "last_status_code",
        ErrorColumn("last_error", label=gettext_lazy("Last error")),
        "created_at",
        "delivered_at",
    ]
    list_filter = ["status", "event", "endpoint"]
    list_per_page = 50
    inspect_view_fields = [
        "event",
        "endpoint_name",
        "url",
        "uuid",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
        "payload",
    ]


class RetryDeliveryView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then queue another attempt at a failed delivery."""

    template_name = "wagtail_ugc/webhooks/admin/retry.html"
    header_icon = "redirect"

    def dispatch(self, request, *args, **kwargs):
        if not may_retry(request.user):
            raise PermissionDenied
        self.delivery = get_object_or_404(WebhookDelivery, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Retry a webhook delivery")

    def get_page_subtitle(self):
        return str(self.delivery)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            delivery=self.delivery, log_url=log_url(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            if retry_now(self.delivery):
                transaction.on_commit(
                    partial(send_deliveries_task.enqueue, self.delivery.pk), robust=True
                )
                messages.success(request, _("The delivery is being sent again."))
            else:
                messages.warning(request, _("Only a failed delivery can be retried."))
        return redirect(log_url())


def log_url():
    return reverse(WebhookDelivery.snippet_viewset.get_url_name("list"))


def retry_url(delivery):
    return reverse(RETRY_URL_NAME, args=[delivery.pk])
