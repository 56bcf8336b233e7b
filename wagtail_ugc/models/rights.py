"""The consent ledger (append-only evidence) and rights requests."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import get_private_storage
from .choices import ConsentAction, ConsentMethod


class AppendOnlyError(Exception):
    pass


class ConsentRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The consent ledger is append-only.")

    def delete(self):
        raise AppendOnlyError("The consent ledger is append-only.")


def evidence_upload_to(instance, filename):
    return f"evidence/{uuid.uuid4().hex}"


class ConsentRecord(models.Model):
    """One entry of the append-only consent ledger (invariant 5 in docs/architecture.md).

    Entries are never edited: a newer entry (a revocation, a fresh grant)
    supersedes an older one. The only rewrites allowed are the ones privacy
    law requires, made through the base manager by the rights stage: dropping
    the network data after its retention period, and erasure, which keeps a
    hashed proof of consent and nothing personal.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(
        "wagtail_ugc.Submission",
        on_delete=models.SET_NULL,
        null=True,
        related_name="consents",
    )
    creator = models.ForeignKey(
        "wagtail_ugc.Creator",
        on_delete=models.SET_NULL,
        null=True,
        related_name="consents",
    )
    subject_hash = models.CharField(
        max_length=64,
        help_text="Salted hash of the creator's e-mail: proof that survives erasure.",
    )
    action = models.CharField(max_length=10, choices=ConsentAction.choices)
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    terms = models.ForeignKey(
        "wagtail_ugc.TermsVersion",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    terms_version = models.CharField(max_length=50, blank=True)
    terms_language = models.CharField(max_length=20, blank=True)
    terms_sha256 = models.CharField(max_length=64, blank=True)
    scopes = models.JSONField(default=list)
    licence = models.CharField(max_length=30, blank=True)
    credit_line = models.CharField(max_length=100, blank=True)
    credit_url = models.URLField(max_length=500, blank=True)
    file_sha256s = models.JSONField(default=list)
    age_confirmed = models.BooleanField(default=False)
    people_shown_consented = models.BooleanField(default=False)
    ip_hash = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    evidence = models.FileField(
        upload_to=evidence_upload_to, storage=get_private_storage, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.TextField(blank=True)
    #: The code a ``REWARD`` entry handed out.
    reward_code = models.ForeignKey(
        "wagtail_ugc.RewardCode",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent ledger")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.get_method_display()}) {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Consent records cannot be edited; append a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Consent records cannot be deleted.")


class RightsRequest(models.Model):
    """An editor's request to a creator for rights to content that came without them."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(
        "wagtail_ugc.Submission",
        on_delete=models.CASCADE,
        related_name="rights_requests",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    sent_to = models.EmailField(blank=True)
    language = models.CharField(max_length=20, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    licence_expires_at = models.DateTimeField(
        _("licence ends"),
        null=True,
        blank=True,
        help_text=_("The rights asked for end then; empty means until withdrawn."),
    )

    class Meta:
        verbose_name = _("rights request")
        verbose_name_plural = _("rights requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"Rights request for {self.submission_id} ({self.status})"
