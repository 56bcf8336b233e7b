"""Reward codes: a campaign's pool, each code handed to one approved submission.

Codes are kept encrypted (they must be e-mailed later, so a hash alone would
not do) beside a keyed digest that finds duplicates without decrypting
(docs/rewards.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RewardCode(models.Model):
    campaign = models.ForeignKey(
        "wagtail_ugc.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="reward_codes",
    )
    #: Keyed digest of the normalised code: the same code is never pooled twice.
    code_digest = models.CharField(max_length=64, editable=False)
    code_ciphertext = models.TextField(editable=False)
    #: The code's last characters, for moderators telling codes apart.
    code_hint = models.CharField(_("code ends with"), max_length=8, editable=False)
    #: Set once, in the approval's transaction; never cleared, so a code given
    #: out stays given even if its submission is later erased.
    submission = models.OneToOneField(
        "wagtail_ugc.Submission",
        verbose_name=_("submission"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reward_code",
    )
    assigned_at = models.DateTimeField(_("handed out"), null=True, blank=True)
    #: Set before the e-mail goes, so it goes once.
    sent_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("reward code")
        verbose_name_plural = _("reward codes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code_digest"], name="ugc_reward_code_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["campaign", "assigned_at"], name="ugc_reward_free_idx"
            ),
        ]

    def __str__(self):
        return f"…{self.code_hint}"
