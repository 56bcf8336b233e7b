"""Wagtail admin hooks of the moderation stage: bulk actions, the dashboard panel, log actions.

Its viewsets (submissions, the queue, rejection reasons, the blocklist) are
registered with the "UGC" menu group in ``wagtail_ugc/wagtail_hooks.py``.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter

from ..models.choices import RejectionCategory
from ..permissions import can_moderate
from . import bulk_actions
from .editing import hide_what_moderators_decide
from .viewsets import awaiting_summary

hooks.register("construct_snippet_action_menu", hide_what_moderators_decide)

for bulk_action in (
    bulk_actions.ApproveBulkAction,
    bulk_actions.RejectBulkAction,
    bulk_actions.TagBulkAction,
    bulk_actions.AssignCampaignBulkAction,
    bulk_actions.FeatureBulkAction,
    bulk_actions.StopFeaturingBulkAction,
):
    hooks.register("register_bulk_action", bulk_action)


class AwaitingModerationPanel(Component):
    """Dashboard panel: "N awaiting moderation, oldest waiting X"."""

    name = "ugc_awaiting_moderation"
    template_name = "wagtail_ugc/moderation/dashboard_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        summary = awaiting_summary()
        return {
            "count": summary["count"],
            "oldest": summary["oldest"],
            "now": timezone.now(),
        }


@hooks.register("construct_homepage_panels")
def add_awaiting_moderation_panel(request, panels):
    if can_moderate(request.user):
        panels.append(AwaitingModerationPanel())


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action("wagtail_ugc.approve", _("Approve"), _("Approved"))
    actions.register_action(
        "wagtail_ugc.reverse_rejection",
        _("Reverse a rejection"),
        _("Rejection reversed: approved"),
    )

    @actions.register_action("wagtail_ugc.reject")
    class RejectFormatter(LogFormatter):
        label = _("Reject")

        def format_message(self, log_entry):
            category = log_entry.data.get("category", "")
            labels = dict(RejectionCategory.choices)
            return _("Rejected: %s") % labels.get(category, category)

        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    @actions.register_action("wagtail_ugc.tag")
    class TagFormatter(LogFormatter):
        label = _("Tag")

        def format_message(self, log_entry):
            return _("Tagged: %s") % ", ".join(log_entry.data.get("tags", []))

    @actions.register_action("wagtail_ugc.assign_campaign")
    class AssignCampaignFormatter(LogFormatter):
        label = _("Assign to a campaign")

        def format_message(self, log_entry):
            return _("Assigned to the campaign “%s”") % log_entry.data.get(
                "campaign", ""
            )

    actions.register_action(
        "wagtail_ugc.feature", _("Feature"), _("Featured: shown first in galleries")
    )
    actions.register_action(
        "wagtail_ugc.unfeature", _("Stop featuring"), _("No longer featured")
    )
    actions.register_action(
        "wagtail_ugc.edit_inline",
        _("Edit credit or alt text"),
        _("Credit or alt text edited in the queue"),
    )
