"""Moderation's own data: reason templates, the blocklist and the rights-check task type."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task

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


class RightsCheckTask(Task):
    """A workflow step that cannot be approved while rights, credit or alt text are missing."""

    class Meta:
        verbose_name = _("Rights and credit check")
        verbose_name_plural = _("Rights and credit checks")
