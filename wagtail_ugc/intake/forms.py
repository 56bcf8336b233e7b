"""The public submission form: photo(s), a review or a video link, the creator's details and consent."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..conf import ugc_settings
from ..models.choices import Kind
from ..text import (
    EmailAddressField,
    MultiLineTextField,
    SingleLineTextField,
    WebLinkField,
    clean_text,
)
from .media import UnacceptableImage, probe_image
from .video import VideoLinkRefused, allowed_provider_labels, check_video_link

#: What the file picker offers; the server decides by content regardless.
ACCEPTED_IMAGE_TYPES = (
    "image/jpeg,image/png,image/webp,image/heic,image/heif,image/gif,.heic,.heif"
)

HONEYPOT_FIELD = "leave_empty"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [
                super(MultiplePhotoField, self).clean(item, initial) for item in data
            ]
        if data:
            return [super().clean(data, initial)]
        return []


def display_name(name):
    """A file name safe to repeat back: no control or bidirectional characters, not too long."""
    name = clean_text(name)
    return (name[:60] + "…") if len(name) > 61 else (name or gettext("your file"))


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("What are you sharing?"), widget=forms.RadioSelect)
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPTED_IMAGE_TYPES}),
    )
    video_url = WebLinkField(
        label=_("Video link"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "url"}),
    )
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    text = MultiLineTextField(required=False)  # replaced in __init__: the live limit
    name = SingleLineTextField(
        label=_("Your name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = EmailAddressField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("Only to tell you about your submission. Never shown."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    credit_line = SingleLineTextField(
        label=_("Credit me as"),
        required=False,
        max_length=100,
        help_text=_("A name or handle shown with your work. Empty: your name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    credit_url = WebLinkField(
        label=_("Link to your profile or site (optional)"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I agree to the terms above."),
        error_messages={"required": _("Please agree to the terms to share your work.")},
    )
    scopes = forms.MultipleChoiceField(
        label=_("You may also use it for:"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age_confirmed = forms.BooleanField(
        error_messages={"required": _("Please confirm your age.")}
    )
    people_shown_consented = forms.BooleanField(
        label=_("Everyone shown agreed to share it."), required=False
    )
    leave_empty = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, campaign, upload_handler=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.upload_handler = upload_handler
        self.probes = []
        kinds = [kind for kind in Kind if campaign.accepts(kind.value)]
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0].value
            self.fields["kind"].widget = forms.HiddenInput()
        max_text = ugc_settings.MAX_TEXT_LENGTH
        self.fields["text"] = MultiLineTextField(
            label=_("Caption or review"),
            required=False,
            max_length=max_text,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        self.fields["scopes"].choices = [
            (code, gettext(label))
            for code, label in ugc_settings.EXTRA_CONSENT_SCOPES.items()
        ]
        self.fields["age_confirmed"].label = gettext("I am %(age)s or older.") % {
            "age": ugc_settings.MINIMUM_AGE
        }
        self.fields["photos"].help_text = ngettext(
            "Up to %(count)s photo, %(size)s at most.",
            "Up to %(count)s photos, %(size)s each at most.",
            self.max_photos,
        ) % {"count": self.max_photos, "size": self.max_size}
        self.fields["video_url"].help_text = _("A public link from %(providers)s.") % {
            "providers": ", ".join(allowed_provider_labels())
        }

    @property
    def max_photos(self):
        return max(
            1, min(self.campaign.max_photos, ugc_settings.MAX_PHOTOS_PER_SUBMISSION)
        )

    @property
    def max_bytes(self):
        return ugc_settings.MAX_UPLOAD_BYTES

    @property
    def max_size(self):
        """The size limit as people read it ("15.0 MB"), in their language."""
        return filesizeformat(ugc_settings.MAX_UPLOAD_BYTES)

    @property
    def is_spam(self):
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean_photos(self):
        uploads = self.cleaned_data.get("photos") or []
        errors = []
        handler = self.upload_handler
        for name in handler.oversized if handler else ():
            errors.append(
                gettext("“%(name)s” is too big: %(size)s at most, please.")
                % {"name": display_name(name), "size": self.max_size}
            )
        dropped = len(handler.too_many) if handler else 0
        if len(uploads) + dropped > self.max_photos:
            errors.append(
                ngettext(
                    "Send at most %(count)s photo.",
                    "Send at most %(count)s photos.",
                    self.max_photos,
                )
                % {"count": self.max_photos}
            )
        self.probes = []
        for upload in uploads:
            if upload.size > ugc_settings.MAX_UPLOAD_BYTES:
                errors.append(
                    gettext("“%(name)s” is too big: %(size)s at most, please.")
                    % {
                        "name": display_name(upload.name),
                        "size": self.max_size,
                    }
                )
                continue
            try:
                self.probes.append(probe_image(upload.file))
            except UnacceptableImage as refusal:
                errors.append(
                    gettext("“%(name)s”: %(problem)s")
                    % {"name": display_name(upload.name), "problem": refusal.message}
                )
        if errors:
            raise forms.ValidationError(errors, code="photos")
        return uploads

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url") or ""
        if url and self.cleaned_data.get("kind") == Kind.VIDEO:
            try:
                link = check_video_link(url)
            except VideoLinkRefused as refusal:
                raise forms.ValidationError(
                    refusal.message, code=refusal.code
                ) from None
            self.video_provider = link.provider
            return link.url
        return url

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and not self.campaign.accepts(kind):
            self.add_error("kind", _("This campaign does not take that kind of post."))
        if (
            kind == Kind.PHOTO
            and not cleaned.get("photos")
            and "photos" not in self.errors
        ):
            self.add_error("photos", _("Choose a photo to share."))
        if (
            kind == Kind.VIDEO
            and not cleaned.get("video_url")
            and "video_url" not in self.errors
        ):
            self.add_error("video_url", _("Paste the link to your video."))
        if kind == Kind.REVIEW:
            if not (cleaned.get("text") or "").strip() and "text" not in self.errors:
                self.add_error("text", _("Write a few words for your review."))
            if not cleaned.get("rating"):
                self.add_error("rating", _("Choose a rating from 1 to 5."))
        if kind in (Kind.PHOTO, Kind.VIDEO) and not cleaned.get(
            "people_shown_consented"
        ):
            self.add_error(
                "people_shown_consented",
                _("Please confirm that everyone shown agreed to share it."),
            )
        return cleaned

    @property
    def photos_need_choosing_again(self):
        """Browsers never refill a file input: say so when the form comes back."""
        return self.is_bound and bool(self.files) and bool(self.errors)
