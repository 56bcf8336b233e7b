"""Social import: the feeds and timelines polled for found content (docs/social-import.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportSource(models.Model):
    """One feed or hashtag timeline whose posts land as found content awaiting a rights request.

    ``kind`` names a source class in the ``IMPORT_SOURCE_KINDS`` setting
    (``rss`` and ``mastodon`` are built in); ``state`` is that class's own
    bookkeeping between polls (an ETag, the newest post seen).
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30)
    url = models.URLField(
        _("address"),
        max_length=500,
        help_text=_("The feed's address, or the Mastodon server's (https://…)."),
    )
    hashtag = models.CharField(
        _("hashtag"),
        max_length=100,
        blank=True,
        help_text=_("For a Mastodon timeline: the hashtag, without #."),
    )
    campaign = models.ForeignKey(
        "wagtail_ugc.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_sources",
        help_text=_(
            "Found content joins this campaign; its terms are what a rights request asks for."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    poll_minutes = models.PositiveIntegerField(_("poll every (minutes)"), default=60)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_found = models.PositiveIntegerField(_("found at the last poll"), default=0)
    state = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("import source")
        verbose_name_plural = _("import sources")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name
