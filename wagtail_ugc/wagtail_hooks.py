"""Wagtail admin hooks: the one "UGC" menu group; each stage registers its other hooks in ``<stage>/wagtail_hooks.py``."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .engagement import wagtail_hooks as _engagement_hooks  # noqa: F401
from .engagement.reports import EngagementReportViewSet
from .intake.importing.viewsets import ImportSourceViewSet
from .intake.viewsets import CampaignViewSet
from .moderation import wagtail_hooks as _moderation_hooks  # noqa: F401
from .moderation.rules.viewsets import BlocklistTermViewSet
from .moderation.views import ModerationQueueViewSet
from .moderation.viewsets import RejectionReasonViewSet, SubmissionViewSet
from .rewards import wagtail_hooks as _rewards_hooks  # noqa: F401
from .rights import wagtail_hooks as _rights_hooks  # noqa: F401
from .rights.admin_views import CreatorExportViewSet, FoundContentViewSet
from .webhooks import wagtail_hooks as _webhook_hooks  # noqa: F401
from .webhooks.admin import WebhookDeliveryViewSet, WebhookEndpointViewSet


class UGCViewSetGroup(SnippetViewSetGroup):
    """Everything of the app in one admin menu; each item shows only to users who may use it.

    A ``SnippetViewSetGroup`` (Wagtail's ``ViewSetGroup`` for snippets) so Wagtail
    knows these snippets have their menu here and leaves them out of "Snippets";
    the queue and rights items are plain viewsets. Each viewset names its URLs.
    """

    menu_label = _("UGC")
    menu_name = "ugc"
    menu_icon = "image"
    menu_order = 250
    items = (
        SubmissionViewSet,
        ModerationQueueViewSet,
        CampaignViewSet,
        FoundContentViewSet,
        ImportSourceViewSet,
        CreatorExportViewSet,
        RejectionReasonViewSet,
        BlocklistTermViewSet,
        EngagementReportViewSet,
        WebhookEndpointViewSet,
        WebhookDeliveryViewSet,
    )


register_snippet(UGCViewSetGroup)
