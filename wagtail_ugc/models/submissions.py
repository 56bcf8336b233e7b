"""Submissions, their photos and flags, and the one rule for what may be shown."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from ..storage import get_private_storage
from .choices import (
    Kind,
    ModerationStatus,
    ProcessingState,
    RejectionCategory,
    RightsStatus,
    Source,
)


class SubmissionQuerySet(models.QuerySet):
    def displayable(self, now=None):
        """What any public surface may show: the one displayable rule (invariant 1).

        Approved *and* published, processed, rights granted and not expired,
        not withdrawn. Erased submissions no longer exist. Expiry is compared
        with the clock here, so it holds even if no sweep has run.
        """
        now = now or timezone.now()
        return self.filter(
            Q(rights_expires_at__isnull=True) | Q(rights_expires_at__gt=now),
            live=True,
            moderation_status=ModerationStatus.APPROVED,
            processing_state=ProcessingState.READY,
            rights_status=RightsStatus.GRANTED,
            withdrawn_at__isnull=True,
        )

    def awaiting_moderation(self):
        return self.filter(
            moderation_status=ModerationStatus.PENDING,
            processing_state=ProcessingState.READY,
            withdrawn_at__isnull=True,
        )


class TaggedSubmission(TaggedItemBase):
    content_object = ParentalKey(
        "wagtail_ugc.Submission",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


def uuid_hex():
    return uuid.uuid4().hex


class Submission(
    PreviewableMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    ClusterableModel,
):
    """One piece of UGC: a photo set, a review or a video link, with its rights state.

    Intake creates it (``processing_state``), moderation decides
    (``moderation_status`` and Wagtail's ``live``), rights record consent
    (``rights_status`` and the ``ConsentRecord`` ledger), and display reads it
    only through ``Submission.objects.displayable()``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    campaign = models.ForeignKey(
        "wagtail_ugc.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="submissions",
        null=True,
        blank=True,
    )
    creator = models.ForeignKey(
        "wagtail_ugc.Creator",
        verbose_name=_("creator"),
        on_delete=models.SET_NULL,
        related_name="submissions",
        null=True,
        blank=True,
    )
    text = models.TextField(
        _("caption or review"),
        blank=True,
        help_text=_("The caption of a photo or video, or the text of a review."),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    video_provider = models.CharField(_("video provider"), max_length=50, blank=True)
    credit_line = models.CharField(
        _("credit"),
        max_length=100,
        blank=True,
        help_text=_("The name or handle the creator chose to be credited with."),
    )
    credit_url = models.URLField(_("credit link"), max_length=500, blank=True)
    locale = models.CharField(_("language"), max_length=20, blank=True)
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("related page"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The page this content is about, e.g. a product."),
    )
    tags = ClusterTaggableManager(through=TaggedSubmission, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.FORM
    )
    source_url = models.URLField(
        _("original post"),
        max_length=500,
        blank=True,
        help_text=_("Where an editor found this content, for rights requests."),
    )

    processing_state = models.CharField(
        _("processing"),
        max_length=10,
        choices=ProcessingState.choices,
        default=ProcessingState.RECEIVED,
    )
    processing_error = models.TextField(blank=True, editable=False)

    moderation_status = models.CharField(
        _("moderation"),
        max_length=10,
        choices=ModerationStatus.choices,
        default=ModerationStatus.PENDING,
    )
    rejection_category = models.CharField(
        _("rejection category"),
        max_length=20,
        choices=RejectionCategory.choices,
        blank=True,
    )
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    featured = models.BooleanField(_("featured"), default=False)

    rights_status = models.CharField(
        _("rights"),
        max_length=10,
        choices=RightsStatus.choices,
        default=RightsStatus.NONE,
    )
    consent_scopes = models.JSONField(_("uses granted"), default=list, blank=True)
    licence = models.CharField(_("licence"), max_length=30, blank=True)
    rights_expires_at = models.DateTimeField(_("rights expire"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    text_fingerprint = models.CharField(max_length=16, blank=True, editable=False)

    objects = SubmissionQuerySet.as_manager()

    search_fields = [
        index.SearchField("text"),
        index.SearchField("credit_line"),
        index.AutocompleteField("credit_line"),
        index.FilterField("kind"),
        index.FilterField("moderation_status"),
        index.FilterField("rights_status"),
        index.FilterField("campaign"),
        index.FilterField("locale"),
        index.FilterField("submitted_at"),
    ]

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(
                fields=["moderation_status", "submitted_at"],
                name="ugc_queue_idx",
            ),
            models.Index(
                fields=["live", "moderation_status", "rights_status"],
                name="ugc_displayable_idx",
            ),
            # The admin listing, all states, oldest first: without it every
            # page sorts the whole table.
            models.Index(fields=["submitted_at"], name="ugc_submitted_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="ugc_rating_1_to_5",
            ),
        ]
        permissions = [
            ("moderate_submission", "Can moderate submissions"),
        ]

    def __str__(self):
        return gettext("%(kind)s #%(number)s by %(credit)s") % {
            "kind": self.get_kind_display(),
            "number": self.pk,
            "credit": self.credit_line or gettext("anonymous"),
        }

    #: Fields owned by the pipeline stages rather than by the editable content:
    #: restoring or publishing an older revision must never roll them back.
    pipeline_fields = (
        "uuid",
        "kind",
        "campaign_id",
        "creator_id",
        "source",
        "processing_state",
        "processing_error",
        "moderation_status",
        "rejection_category",
        "rejection_reason",
        "rights_status",
        "consent_scopes",
        "licence",
        "rights_expires_at",
        "withdrawn_at",
        "submitted_at",
        "text_fingerprint",
    )

    #: Submissions are many and their outgoing references (campaign, creator,
    #: tags) are bookkeeping, not content in use; pages that show a submission
    #: are still indexed, as references *to* it from their StreamFields.
    wagtail_reference_index_ignore = True

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        # Campaign and creator are pipeline fields, restored from the row by
        # with_content_json, so looking them up here would be wasted queries;
        # only the editable page link can dangle.
        obj = super().from_serializable_data(data, check_fks=False)
        if (
            check_fks
            and obj is not None
            and obj.related_page_id
            and not Page.objects.filter(pk=obj.related_page_id).exists()
        ):
            obj.related_page_id = None
        return obj

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.pipeline_fields:
            setattr(obj, name, getattr(self, name))
        photos = list(obj.photos.all())
        if photos:
            # Read once per row object: Wagtail deserialises a revision
            # several times over while publishing it.
            models.prefetch_related_objects([self], "photos")
            # Photos deleted since the revision was saved stay deleted.
            stored = {photo.pk: photo for photo in self.photos.all()}
            kept = [photo for photo in photos if photo.pk is None or photo.pk in stored]
            for photo in kept:
                if photo.pk in stored:
                    for name in SubmissionPhoto.pipeline_fields:
                        setattr(photo, name, getattr(stored[photo.pk], name))
            if len(kept) != len(photos):
                obj.photos = kept
        return obj

    def get_preview_template(self, request, mode_name):
        return "wagtail_ugc/moderation/preview.html"

    def get_preview_context(self, request, mode_name):
        from django.urls import reverse

        context = super().get_preview_context(request, mode_name)
        # Previews show the private files through the authenticated admin view.
        context["submission"] = self
        context["photos"] = [
            {
                "url": reverse(
                    "wagtail_ugc:moderation_photo", args=(photo.uuid, "full")
                ),
                "alt_text": photo.alt_text,
                "decorative": photo.decorative,
            }
            for photo in self.photos.all()
        ]
        context["stars"] = range(self.rating or 0)
        return context

    def is_displayable(self):
        """The displayable rule for one submission (one query, same rule)."""
        return (
            self.pk is not None
            and type(self).objects.displayable().filter(pk=self.pk).exists()
        )


def incoming_upload_to(instance, filename):
    return f"incoming/{uuid_hex()}"


def master_upload_to(instance, filename):
    return f"masters/{uuid_hex()}.jpg"


def preview_upload_to(instance, filename):
    return f"previews/{uuid_hex()}.jpg"


class SubmissionPhoto(Orderable):
    """One photo of a submission. All of its files are private until publication."""

    submission = ParentalKey(
        Submission, on_delete=models.CASCADE, related_name="photos"
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    incoming = models.FileField(
        upload_to=incoming_upload_to,
        storage=get_private_storage,
        blank=True,
        editable=False,
        help_text="The bytes as received, kept only until they are sanitised.",
    )
    master = models.FileField(
        upload_to=master_upload_to,
        storage=get_private_storage,
        blank=True,
        editable=False,
    )
    preview = models.FileField(
        upload_to=preview_upload_to,
        storage=get_private_storage,
        blank=True,
        editable=False,
    )
    received_sha256 = models.CharField(max_length=64, editable=False)
    received_bytes = models.PositiveIntegerField(default=0, editable=False)
    received_format = models.CharField(max_length=10, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    perceptual_hash = models.CharField(max_length=16, blank=True, editable=False)
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_("Adds nothing a screen reader user needs; no alt text."),
    )
    image = models.OneToOneField(
        "wagtail_ugc.UGCImage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="photo",
        help_text="The public image; exists only while the submission is displayable.",
    )

    pipeline_fields = (
        "uuid",
        "incoming",
        "master",
        "preview",
        "received_sha256",
        "received_bytes",
        "received_format",
        "width",
        "height",
        "perceptual_hash",
        "image_id",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return f"Photo {self.uuid}"

    @property
    def has_alt_text(self):
        return self.decorative or bool(self.alt_text.strip())


class SubmissionFlag(models.Model):
    """Why a rule thinks a moderator should look twice. Flags never delete anything."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="flags"
    )
    code = models.CharField(_("rule"), max_length=50)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.code}: {self.reason}"

    @property
    def label(self):
        """What the rule that raised this flag checks, in the moderator's language."""
        from ..moderation.rules.findings import flag_label

        return flag_label(self.code)
