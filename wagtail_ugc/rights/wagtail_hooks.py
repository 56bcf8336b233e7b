"""Wagtail admin hooks of the rights stage: audit log actions, rights-request actions, GDPR export."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button

from . import erasure, expiry, requests
from .bulk_actions import RequestRightsBulkAction
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
        (erasure.ERASE_LOG_ACTION, _("Erase"), _("Erased at the creator's request")),
        (erasure.PURGE_LOG_ACTION, _("Purge"), _("Deleted by the retention rules")),
    ):
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_rights_admin_urls():
    from . import admin_views

    urls = [
        path(
            "submission/<int:pk>/",
            admin_views.SubmissionRightsView.as_view(),
            name="submission",
        ),
        path(
            "submission/<int:pk>/consent/",
            admin_views.RecordConsentView.as_view(),
            name="record_consent",
        ),
        path("add/", admin_views.AddFoundContentView.as_view(), name="add"),
        path("export/", admin_views.ExportCreatorView.as_view(), name="export"),
    ]
    return [path("ugc-rights/", include((urls, "wagtail_ugc_rights")))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


@hooks.register("register_admin_menu_item")
def register_rights_menu():
    from .admin_views import may_export, may_manage_rights

    menu = Menu(
        items=[
            PermissionMenuItem(
                _("Add found content"),
                reverse_lazy("wagtail_ugc_rights:add"),
                name="ugc-rights-add",
                icon_name="plus",
                order=10,
                check=may_manage_rights,
            ),
            PermissionMenuItem(
                _("Export a creator's data"),
                reverse_lazy("wagtail_ugc_rights:export"),
                name="ugc-rights-export",
                icon_name="download",
                order=20,
                check=may_export,
            ),
        ]
    )
    return SubmenuMenuItem(
        _("UGC rights"), menu, name="ugc-rights", icon_name="key", order=260
    )


@hooks.register("register_snippet_listing_buttons")
def rights_listing_button(snippet, user, next_url=None):
    from ..models import Submission
    from .admin_views import may_manage_rights

    if isinstance(snippet, Submission) and may_manage_rights(user):
        yield Button(
            _("Rights"),
            reverse("wagtail_ugc_rights:submission", args=[snippet.pk]),
            icon_name="key",
            priority=60,
        )


hooks.register("register_bulk_action", RequestRightsBulkAction)
