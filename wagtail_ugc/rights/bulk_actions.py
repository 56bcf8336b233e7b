"""The "Request rights" bulk action of the moderation queue."""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..moderation.bulk_actions import SubmissionBulkAction
from . import requests


class BulkRequestRightsForm(forms.Form):
    send_email = forms.BooleanField(
        label=_("E-mail each creator the link"),
        required=False,
        initial=True,
        help_text=_(
            "Creators without an e-mail address get a link you copy from their "
            "submission's rights page."
        ),
    )
    licence_expires_at = forms.DateTimeField(
        label=_("Licence ends"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class RequestRightsBulkAction(SubmissionBulkAction):
    display_name = _("Request rights")
    action_type = "ugc_request_rights"
    aria_label = _("Request rights for the selected submissions")
    action_priority = 50
    form_class = BulkRequestRightsForm

    @classmethod
    def execute_action(cls, objects, user=None, request=None, form=None, **kwargs):
        done, problems = 0, []
        for submission in objects:
            try:
                requests.request_rights(
                    submission,
                    requested_by=user,
                    send_email=form.cleaned_data["send_email"],
                    licence_expires_at=form.cleaned_data["licence_expires_at"],
                    request=request,
                )
                done += 1
            except requests.CannotRequestRights as refusal:
                problems.append(f"{submission}: {refusal}")
        for problem in problems:
            messages.warning(request, problem)
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "Rights requested for %(count)d submission.",
            "Rights requested for %(count)d submissions.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
