"""Campaigns invite UGC; their terms are versioned so consent can point at exact text."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from .choices import Kind


def all_kinds():
    return [kind.value for kind in Kind]


class Campaign(index.Indexed, models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    hashtag = models.CharField(_("hashtag"), max_length=100, blank=True)
    guidelines = RichTextField(_("guidelines"), blank=True)
    incentive_text = models.CharField(
        _("incentive"),
        max_length=255,
        blank=True,
        help_text=_("What creators get for taking part, if anything."),
    )
    reward_low_at = models.PositiveIntegerField(
        _("warn when reward codes left"),
        default=10,
        help_text=_("Moderators are warned when this few reward codes are left."),
    )
    #: When moderators were told the pool ran low; cleared when codes are added,
    #: so they are told once each time it runs low (``rewards.handout``).
    reward_low_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    accepted_kinds = models.JSONField(_("accepted kinds"), default=all_kinds)
    max_photos = models.PositiveSmallIntegerField(_("photos per submission"), default=3)
    terms_text = models.TextField(
        _("terms"),
        help_text=_("What creators agree to. Changing it needs a new version label."),
    )
    terms_version = models.CharField(_("terms version"), max_length=50, default="1")
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("hashtag"),
        FieldPanel("guidelines"),
        FieldPanel("incentive_text"),
        FieldPanel("reward_low_at"),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Dates")
        ),
        FieldPanel("accepted_kinds"),
        FieldPanel("max_photos"),
        MultiFieldPanel(
            [FieldPanel("terms_text"), FieldPanel("terms_version")],
            heading=_("Terms"),
        ),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("hashtag"),
    ]

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            current = self.current_terms
            if current is None or current.text != self.terms_text:
                TermsVersion.objects.create(
                    campaign=self,
                    version=self.terms_version,
                    text=self.terms_text,
                    language=(get_language() or "en")[:20],
                )

    def clean(self):
        super().clean()
        unknown = set(self.accepted_kinds or []) - set(all_kinds())
        if not self.accepted_kinds or unknown:
            raise ValidationError(
                {"accepted_kinds": _("Choose one or more of: photo, review, video.")}
            )
        if self.pk:
            current = self.current_terms
            if (
                current
                and current.text != self.terms_text
                and current.version == self.terms_version
            ):
                raise ValidationError(
                    {
                        "terms_version": _(
                            "The terms changed: give them a new version label, so "
                            "earlier submissions keep the terms they agreed to."
                        )
                    }
                )

    def is_open(self, now=None):
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def accepts(self, kind):
        return kind in self.accepted_kinds

    @property
    def current_terms(self):
        return self.terms_versions.order_by("-created_at", "-pk").first()


class TermsVersion(models.Model):
    """One immutable wording of a campaign's terms; consent points at it."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="terms_versions"
    )
    version = models.CharField(max_length=50)
    text = models.TextField()
    language = models.CharField(max_length=20)
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("terms version")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.campaign} v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Terms versions are immutable; make a new version.")
        self.sha256 = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        super().save(*args, **kwargs)
