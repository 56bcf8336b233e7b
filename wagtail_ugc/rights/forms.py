"""Forms of the rights stage: the creator's answer to a rights request, and the editors' forms."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..conf import ugc_settings
from ..intake.media import UnacceptableImage, probe_image
from ..models import Campaign
from ..models.choices import Kind, Licence
from ..text import (
    EmailAddressField,
    MultiLineTextField,
    SingleLineTextField,
    WebLinkField,
    clean_text,
)

OTHER_CREDIT = "other"


class RightsAnswerForm(forms.Form):
    """What a creator fills in to grant rights: the credit, extra uses, people shown."""

    credit_choice = forms.ChoiceField(
        label=_("Credit"), widget=forms.RadioSelect, required=True
    )
    credit_other = SingleLineTextField(
        label=_("Another name or handle"), max_length=100, required=False
    )
    credit_url = WebLinkField(
        label=_("Link for the credit (optional)"), max_length=500, required=False
    )
    scopes = forms.MultipleChoiceField(
        label=_("Other uses"), widget=forms.CheckboxSelectMultiple, required=False
    )
    people_shown_consented = forms.BooleanField(
        label=_("Everyone who can be recognised in it agreed to share it."),
        required=False,
    )

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        choices = []
        for name in self.suggested_credits():
            choices.append((name, name))
        choices.append((OTHER_CREDIT, _("Another name or handle (type it below)")))
        self.fields["credit_choice"].choices = choices
        self.fields["credit_choice"].initial = choices[0][0]
        self.fields["scopes"].choices = [
            (key, _(label)) for key, label in ugc_settings.EXTRA_CONSENT_SCOPES.items()
        ]
        if submission.kind == Kind.REVIEW:
            del self.fields["people_shown_consented"]

    def suggested_credits(self):
        names = []
        creator = self.submission.creator
        for name in (self.submission.credit_line, creator.name if creator else ""):
            # Offered as typed by the creator or an editor, cleaned like new text.
            name = clean_text(name)
            if name and name not in names:
                names.append(name)
        return names

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("credit_choice")
        if choice == OTHER_CREDIT:
            other = cleaned.get("credit_other") or ""
            if not other:
                self.add_error(
                    "credit_other", _("Type the name or handle to credit you with.")
                )
            cleaned["credit_line"] = other
        elif choice:
            cleaned["credit_line"] = choice
        if "people_shown_consented" in self.fields and not cleaned.get(
            "people_shown_consented"
        ):
            self.add_error(
                "people_shown_consented",
                _("We can only show it if everyone recognisable in it agreed."),
            )
        return cleaned


class RequestRightsForm(forms.Form):
    """An editor asks a creator for rights: by e-mail, or a link to copy into a reply."""

    send_email = forms.BooleanField(
        label=_("Send the link by e-mail"),
        required=False,
        initial=True,
        help_text=_(
            "Untick to copy the link into a comment or direct message instead."
        ),
    )
    sent_to = EmailAddressField(label=_("Creator's e-mail"), required=False)
    language = forms.ChoiceField(label=_("Creator's language"), required=False)
    licence_expires_at = forms.DateTimeField(
        label=_("Licence ends"),
        required=False,
        help_text=_("Leave empty to ask for rights until the creator withdraws them."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("The site's language"))] + [
            (code, name) for code, name in settings.LANGUAGES
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("send_email") and not cleaned.get("sent_to"):
            self.add_error(
                "sent_to",
                _(
                    "Give the creator's e-mail address, or untick “Send the link by e-mail”."
                ),
            )
        return cleaned


class AddFoundContentForm(RequestRightsForm):
    """Content that came without consent: a social post, or a photo received by e-mail."""

    field_order = [
        "campaign",
        "kind",
        "source_url",
        "photos",
        "video_url",
        "text",
        "name",
        "sent_to",
        "language",
        "send_email",
        "licence_expires_at",
    ]

    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=None,
        help_text=_("The creator is asked to agree to this campaign's terms."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    source_url = WebLinkField(
        label=_("Original post"),
        max_length=500,
        required=False,
        help_text=_("Where you found it, e.g. the social post."),
    )
    photos = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_(
            "The photo as you received it; it is cleaned before anyone sees it."
        ),
    )
    video_url = WebLinkField(label=_("Video link"), max_length=500, required=False)
    text = MultiLineTextField(label=_("Caption or review"), required=False)
    name = SingleLineTextField(
        label=_("Creator's name or handle"),
        max_length=100,
        help_text=_("Offered to the creator as their credit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.all()

    def clean_photos(self):
        upload = self.cleaned_data.get("photos")
        if upload:
            try:
                self.cleaned_data["photo_format"] = probe_image(upload).format
            except UnacceptableImage as refusal:
                raise forms.ValidationError(refusal.message) from refusal
            finally:
                upload.seek(0)
        return upload

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Kind.PHOTO and not cleaned.get("photos"):
            self.add_error("photos", _("Add the photo."))
        if kind == Kind.VIDEO and not cleaned.get("video_url"):
            self.add_error("video_url", _("Add the video link."))
        if kind == Kind.REVIEW and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Add the text of the review."))
        if max_length := ugc_settings.MAX_TEXT_LENGTH:
            if len(cleaned.get("text") or "") > max_length:
                self.add_error("text", _("This text is too long."))
        return cleaned


class RecordConsentForm(forms.Form):
    """Consent given outside the site (a signed form, an e-mail), recorded with its evidence."""

    credit_line = SingleLineTextField(label=_("Credit"), max_length=100)
    credit_url = WebLinkField(label=_("Credit link"), max_length=500, required=False)
    licence = forms.ChoiceField(label=_("Licence"))
    scopes = forms.MultipleChoiceField(
        label=_("Other uses granted"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    expires_at = forms.DateTimeField(
        label=_("Licence ends"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        help_text=_("The signed form, the e-mail or a screenshot of the reply."),
    )
    note = MultiLineTextField(label=_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licence"].choices = Licence.choices
        self.fields["scopes"].choices = [
            (key, _(label)) for key, label in ugc_settings.EXTRA_CONSENT_SCOPES.items()
        ]


class ExportCreatorForm(forms.Form):
    email = EmailAddressField(label=_("Creator's e-mail"))
