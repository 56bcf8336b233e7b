"""Engagement: what each displayed item earned, per page and per day.

Beacons are counted in the cache first and folded into these rows by a task
(``wagtail_ugc.engagement``); the rows hold counts only, nothing about who
looked (docs/engagement.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EngagementDay(models.Model):
    """The counts of one submission shown on one page, on one day (the site's time zone)."""

    day = models.DateField(_("day"))
    submission = models.ForeignKey(
        "wagtail_ugc.Submission",
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="engagement_days",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    #: Copied from the submission so a campaign's report reads one table.
    campaign = models.ForeignKey(
        "wagtail_ugc.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    impressions = models.PositiveIntegerField(_("impressions"), default=0)
    lightbox_opens = models.PositiveIntegerField(_("lightbox opens"), default=0)
    link_clicks = models.PositiveIntegerField(_("link clicks"), default=0)
    credit_clicks = models.PositiveIntegerField(_("credit clicks"), default=0)

    class Meta:
        verbose_name = _("engagement per day")
        verbose_name_plural = _("engagement per day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "submission", "page"], name="ugc_engagement_day_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["campaign", "day"], name="ugc_engagement_campaign_idx"
            ),
            models.Index(fields=["page", "day"], name="ugc_engagement_page_idx"),
            models.Index(fields=["day"], name="ugc_engagement_day_idx"),
        ]

    def __str__(self):
        return f"{self.submission_id} on {self.page_id}, {self.day}"


class EngagementFold(models.Model):
    """A batch of cached counts already added to ``EngagementDay``: folded once, never twice."""

    batch = models.CharField(max_length=100, unique=True)
    folded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("engagement fold")

    def __str__(self):
        return self.batch
