"""Wagtail admin hooks of the rights stage: audit log actions, the "Rights" listing button, the bulk rights request.

Its viewsets (found content and rights pages, the export) are registered with
the "UGC" menu group in ``wagtail_ugc/wagtail_hooks.py``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from ..models import Submission
from ..permissions import may_manage_rights
from . import erasure, expiry, requests
from .admin_views import rights_page_url
from .bulk_actions import RequestRightsBulkAction
from .creator_page import CREDIT_LOG_ACTION
from .revocation import WITHDRAW_LOG_ACTION


@hooks.register("register_log_actions")
def register_rights_log_actions(actions):
    for action, label, message in (
        (WITHDRAW_LOG_ACTION, _("Withdraw"), _("Withdrawn by the creator")),
        (requests.REQUEST_LOG_ACTION, _("Request rights"), _("Rights requested")),
        (
            requests.GRANT_LOG_ACTION,
            _("Grant rights"),
            _("Rights granted by the creator"),
        ),
        (
            requests.DECLINE_LOG_ACTION,
            _("Decline rights"),
            _("Rights declined by the creator"),
        ),
        (
            requests.EXPIRE_LOG_ACTION,
            _("Rights request expired"),
            _("No answer to the rights request in time: counts as declined"),
        ),
        (expiry.EXPIRE_LOG_ACTION, _("Licence expired"), _("The licence ended")),
        (
            "wagtail_ugc.consent_recorded",
            _("Record consent"),
            _("Consent recorded by an editor, with evidence"),
        ),
        (
            CREDIT_LOG_ACTION,
            _("Change credit"),
            _("Credit changed by the creator on their page"),
        ),
        (erasure.ERASE_LOG_ACTION, _("Erase"), _("Erased at the creator's request")),
        (erasure.PURGE_LOG_ACTION, _("Purge"), _("Deleted by the retention rules")),
    ):
        actions.register_action(action, label, message)


@hooks.register("register_snippet_listing_buttons")
def rights_listing_button(snippet, user, next_url=None):
    if isinstance(snippet, Submission) and may_manage_rights(user):
        yield Button(
            _("Rights"),
            rights_page_url(snippet),
            icon_name="key",
            priority=60,
        )


hooks.register("register_bulk_action", RequestRightsBulkAction)
