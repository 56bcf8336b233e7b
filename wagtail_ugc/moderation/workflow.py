"""What must be on file before a submission may go live, and what a moderator gives to reject it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import RejectionReason
from ..models.choices import SITE_SCOPE, Kind, RejectionCategory, RightsStatus
from ..text import MultiLineTextField


def content_to_check(submission):
    """What approval would publish: the latest revision (or the row, if none yet)."""
    if submission.latest_revision_id and submission.has_unpublished_changes:
        # As get_latest_revision_as_object(), without fetching the row again.
        return submission.with_content_json(submission.get_latest_revision().content)
    return submission


def missing_for_approval(submission, now=None):
    """Everything that stops ``submission`` from being approved, as sentences a moderator reads.

    An empty list means it may be approved: consent for display on this site is
    on file and current, there is a credit line, and every photo has alt text
    or is marked decorative.
    """
    now = now or timezone.now()
    content = content_to_check(submission)
    missing = []
    if content.rights_status != RightsStatus.GRANTED:
        missing.append(
            gettext("No consent for display on this site is on file (rights: %s).")
            % content.get_rights_status_display()
        )
    elif SITE_SCOPE not in (content.consent_scopes or []):
        missing.append(
            gettext("The consent on file does not cover this site's galleries.")
        )
    elif content.rights_expires_at and content.rights_expires_at <= now:
        missing.append(
            gettext("The consent expired on %s.")
            % timezone.localtime(content.rights_expires_at).strftime("%Y-%m-%d")
        )
    if content.withdrawn_at:
        missing.append(gettext("The creator withdrew this submission."))
    if not content.credit_line.strip():
        missing.append(gettext("The credit line is missing."))
    if content.kind == Kind.PHOTO:
        photos = list(content.photos.all())
        if not photos:
            missing.append(gettext("The submission has no photo."))
        for number, photo in enumerate(photos, start=1):
            if not photo.has_alt_text:
                missing.append(
                    gettext(
                        "Photo %d has no alt text (describe it, or mark it decorative)."
                    )
                    % number
                )
    return missing


class RejectForm(forms.Form):
    """What a moderator gives when rejecting: a category and the reason for the creator."""

    reason_template = forms.ModelChoiceField(
        label=_("Reason template"),
        queryset=None,
        required=False,
        help_text=_("Fills in the category and the reason; you can still edit them."),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=RejectionCategory.choices,
        initial=RejectionCategory.GUIDELINES,
        help_text=_(
            "A negative review that keeps the guidelines is not a reason to reject."
        ),
    )
    comment = MultiLineTextField(
        label=_("Reason (sent to the creator if the site tells creators)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_template"].queryset = RejectionReason.objects.all()

    def clean(self):
        cleaned = super().clean()
        template = cleaned.get("reason_template")
        if template is not None:
            cleaned["category"] = template.category
            if not (cleaned.get("comment") or "").strip():
                cleaned["comment"] = template.text
        if not (cleaned.get("comment") or "").strip():
            raise forms.ValidationError(
                gettext("Give a reason, or pick a reason template.")
            )
        return cleaned
