"""What a rule reports: a ``Finding`` becomes one ``SubmissionFlag`` on the submission."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

#: What each flag code means, for listing and filtering flags in the admin.
FLAG_LABELS = {
    "blocklist": _("Blocklisted words"),
    "links": _("Links"),
    "repeated_characters": _("Repeated characters"),
    "shouting": _("Shouting"),
    "spam_pattern": _("Looks like spam"),
    "duplicate_photo": _("Same photo as before"),
    "similar_photo": _("Similar photo as before"),
    "duplicate_text": _("Same text as before"),
    "small_photo": _("Small photo"),
    "blurry_photo": _("Blurry photo"),
    "photo_unreadable": _("Photo could not be checked"),
    "external": _("External check"),
    "external_unavailable": _("External check could not run"),
}


def flag_label(code):
    """The label of a flag code, or the code itself for codes of custom adapters."""
    return FLAG_LABELS.get(code, code)


@dataclass(frozen=True)
class Finding:
    """One reason to look twice: a short machine ``code`` and a reason moderators read."""

    code: str
    reason: str
