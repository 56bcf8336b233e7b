"""The named states every stage reads and writes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    REVIEW = "review", _("Review")
    VIDEO = "video", _("Video link")


class Source(models.TextChoices):
    FORM = "form", _("Submission form")
    RIGHTS_REQUEST = "rights_request", _("Rights request")
    EDITOR = "editor", _("Added by an editor")
    IMPORT = "import", _("Social import")


class ProcessingState(models.TextChoices):
    RECEIVED = "received", _("Received")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RejectionCategory(models.TextChoices):
    GUIDELINES = "guidelines", _("Breaks the guidelines")
    OTHER = "other", _("Other reason")


class RightsStatus(models.TextChoices):
    NONE = "none", _("No rights on file")
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Licence(models.TextChoices):
    SITE_DISPLAY = "site-display", _("Display on this site, credited")
    BRAND_USE = "brand-use", _("Use by the brand in the scopes given, credited")
    CC_BY_4 = "cc-by-4.0", _("Creative Commons Attribution 4.0")


class ConsentAction(models.TextChoices):
    GRANT = "grant", _("Granted")
    DECLINE = "decline", _("Declined")
    REVOKE = "revoke", _("Revoked")
    CREDIT = "credit", _("Credit changed")
    REWARD = "reward", _("Reward handed out")


class ConsentMethod(models.TextChoices):
    FORM = "form", _("Submission form")
    RIGHTS_REQUEST = "rights_request", _("Rights-request link")
    EDITOR = "editor", _("Recorded by an editor with evidence")
    CREATOR_PAGE = "creator_page", _("Creator's own page")
    APPROVAL = "approval", _("Moderator's approval")


#: The scope every grant includes: display in the site's own galleries.
SITE_SCOPE = "site_galleries"

#: The scope a creator ticks to allow training AI models on their content;
#: without it public files and item pages reserve text and data mining
#: (docs/licensing.md).
AI_TRAINING_SCOPE = "ai_training"


#: What each flag code a rule raises means, for listing and filtering flags in the admin.
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
