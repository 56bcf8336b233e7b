"""Moderation's own data: reason templates, the blocklist and duplicate search keys.

The rights-check task type lives with its behaviour in ``moderation/task.py``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import RejectionCategory


class RejectionReason(models.Model):
    """A reusable rejection reason moderators pick from (editable in the admin)."""

    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text sent to the creator"))
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=RejectionCategory.choices,
        default=RejectionCategory.GUIDELINES,
        help_text=_(
            "Only content that breaks the guidelines should be rejected as such: "
            "a negative review that keeps them is not a reason to reject."
        ),
    )

    class Meta:
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")
        ordering = ["title"]

    def __str__(self):
        return self.title


class BlocklistTerm(models.Model):
    """A word or phrase that flags a submission for a closer look (never rejects)."""

    language = models.CharField(_("language"), max_length=20)
    term = models.CharField(_("term"), max_length=100)

    class Meta:
        verbose_name = _("blocklist term")
        verbose_name_plural = _("blocklist")
        ordering = ["language", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "term"], name="ugc_blocklist_unique"
            )
        ]

    def __str__(self):
        return f"{self.term} ({self.language})"


class DuplicateSearchKey(models.Model):
    """One slice of a photo's perceptual hash or of a text fingerprint.

    Near-duplicates differ in a few bits; split into slices, two such hashes
    share at least one slice exactly, so candidates are found through an
    index rather than by comparing every earlier hash.
    """

    submission = models.ForeignKey(
        "wagtail_ugc.Submission", on_delete=models.CASCADE, related_name="+"
    )
    photo = models.ForeignKey(
        "wagtail_ugc.SubmissionPhoto",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.CharField(max_length=12, db_index=True)

    class Meta:
        verbose_name = _("duplicate search key")
        verbose_name_plural = _("duplicate search keys")

    def __str__(self):
        return self.key
