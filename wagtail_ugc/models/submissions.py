"""Submissions, their photos and flags, and the one rule for what may be shown."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel, get_all_child_relations
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
from ..text import clean_text, validate_web_link, web_address
from .choices import (
    AI_TRAINING_SCOPE,
    Kind,
    ModerationStatus,
    ProcessingState,
    RejectionCategory,
    RightsStatus,
    Source,
    flag_label,
)


class SubmissionQuerySet(models.QuerySet):
    def displayable(self, now=None):
        """What any public surface may show: the one displayable rule.

        Approved *and* published, processed, rights granted and not expired,
        not withdrawn. Erased submissions no longer exist. Expiry is compared
        with the clock here, so it holds even if no sweep has run (invariant 1
        in docs/architecture.md).
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


#: The columns Wagtail's own mixins keep (publishing, revisions, locking):
#: publishing a revision writes them, with the editable fields.
PUBLISHING_STATE_FIELDS = tuple(
    field.name
    for mixin in (DraftStateMixin, RevisionMixin, LockableMixin)
    for field in mixin._meta.local_fields
)


def keep_pipeline_state(row, revision_copy):
    """Give ``revision_copy`` the value ``row`` has for every field not in ``editable_fields``."""
    for field in row._meta.concrete_fields:
        if field.name in row.editable_fields:
            continue
        setattr(revision_copy, field.attname, getattr(row, field.attname))
        if field.is_relation and field.is_cached(row):
            field.set_cached_value(revision_copy, field.get_cached_value(row))


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
    #: The feed or timeline a social import found it in, and a hash of the
    #: post's id there: the same post is never imported twice.
    import_source = models.ForeignKey(
        "wagtail_ugc.ImportSource",
        verbose_name=_("import source"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="submissions",
    )
    source_key = models.CharField(max_length=64, blank=True, editable=False)

    processing_state = models.CharField(
        _("processing"),
        max_length=10,
        choices=ProcessingState.choices,
        default=ProcessingState.RECEIVED,
    )
    processing_error = models.TextField(blank=True, editable=False)
    #: Runs of the processing task so far: one that never finishes (a photo
    #: that kills its process, say) is marked failed instead of retried for ever.
    processing_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    #: When the creator's confirmation (with the withdraw link) was sent: set
    #: before sending, so it goes out once.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

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
    #: The decision the creator was last e-mailed about: set before sending,
    #: so each decision is told once (``moderation.notifications``).
    creator_notified_of = models.CharField(max_length=10, blank=True, editable=False)
    #: When a moderator last approved or rejected it (reports' time to moderation).
    decided_at = models.DateTimeField(
        _("decided"), null=True, blank=True, editable=False
    )
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
            models.UniqueConstraint(
                fields=["source_key"],
                condition=~Q(source_key=""),
                name="ugc_imported_once",
            ),
        ]
        permissions = [
            ("moderate_submission", "Can moderate submissions"),
        ]

    def __str__(self):
        return gettext("%(kind)s #%(number)s by %(credit)s") % {
            "kind": self.get_kind_display(),
            "number": self.pk,
            # Cleaned again for rows saved before text was cleaned on entry:
            # this string is the subject of Wagtail's workflow e-mails.
            "credit": clean_text(self.credit_line) or gettext("anonymous"),
        }

    def clean(self):
        """An editor's text is cleaned like a visitor's (``wagtail_ugc.text``)."""
        super().clean()
        self.text = clean_text(self.text, multiline=True)
        self.credit_line = clean_text(self.credit_line)
        self.credit_url = clean_text(self.credit_url)
        if self.credit_url:
            try:
                validate_web_link(self.credit_url)
            except ValidationError as error:
                raise ValidationError({"credit_url": error.messages}) from None

    #: What an editor changes, and so all that a revision decides: the fields
    #: the admin edit form offers (moderation/viewsets.py), the tags
    #: (``tagged_items``), and which photos remain in which order
    #: (``photos``; see ``SubmissionPhoto.editable_fields``). Every other
    #: field is pipeline state — intake's, moderation's, rights', Wagtail's
    #: publishing state, and any field added later: restoring or publishing a
    #: revision keeps it from the row, so no revision can roll it back.
    editable_fields = (
        "text",
        "rating",
        "credit_line",
        "credit_url",
        "locale",
        "related_page",
        "featured",
        "tagged_items",
        "photos",
    )

    #: Submissions are many and their outgoing references (campaign, creator,
    #: tags) are bookkeeping, not content in use; pages that show a submission
    #: are still indexed, as references *to* it from their StreamFields.
    wagtail_reference_index_ignore = True

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        # Of the foreign keys only the related page is editable: the others
        # (campaign, creator, Wagtail's revisions and lock owner, each photo's
        # image) are pipeline state, restored from the row by
        # with_content_json, so looking them up here would be wasted queries.
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
        keep_pipeline_state(self, obj)
        for relation in get_all_child_relations(type(self)):
            name = relation.get_accessor_name()
            if name not in self.editable_fields:
                setattr(obj, name, list(getattr(self, name).all()))
        photos = list(obj.photos.all())
        if photos:
            # Read once per row object: Wagtail deserialises a revision
            # several times over while publishing it.
            models.prefetch_related_objects([self], "photos")
            stored = {photo.pk: photo for photo in self.photos.all()}
            # A photo deleted since the revision was saved stays deleted, and
            # one the row never had has no file: neither is published.
            kept = [photo for photo in photos if photo.pk in stored]
            for photo in kept:
                keep_pipeline_state(stored[photo.pk], photo)
            if len(kept) != len(photos):
                obj.photos = kept
        tagged = list(obj.tagged_items.all())
        if tagged:
            # A tag deleted since the revision was saved cannot be linked again.
            tags = TaggedSubmission._meta.get_field("tag").related_model.objects
            existing = set(
                tags.filter(pk__in={item.tag_id for item in tagged}).values_list(
                    "pk", flat=True
                )
            )
            if len(existing) != len({item.tag_id for item in tagged}):
                obj.tagged_items = [item for item in tagged if item.tag_id in existing]
        obj._holds_revision_content = True
        return obj

    @classmethod
    def fields_a_revision_writes(cls):
        """What saving an object made from a revision writes (see ``save``)."""
        return [*cls.editable_fields, *PUBLISHING_STATE_FIELDS, "updated_at"]

    def save(self, *args, **kwargs):
        if getattr(self, "_holds_revision_content", False) and (
            kwargs.get("update_fields") is None
        ):
            # Publishing a revision saves the object made from it: write only
            # what a revision owns, so a withdrawal or a decision committed
            # since that object was read is not overwritten with older values.
            kwargs["update_fields"] = self.fields_a_revision_writes()
        return super().save(*args, **kwargs)

    @transaction.atomic
    def change_content(self, user=None, **values):
        """Set editable fields on the row and in the unpublished draft, together.

        For code other than the editor that changes what an editor may also
        change (a rights grant sets the credit the creator chose): written to
        the row alone, it would be undone by publishing the draft, which is
        what approval does.
        """
        fields = {field.name for field in self._meta.concrete_fields}
        not_editable = set(values) - (fields & set(self.editable_fields))
        if not_editable:
            raise ValueError(f"Not editable fields: {', '.join(sorted(not_editable))}")
        type(self).objects.filter(pk=self.pk).update(**values)
        for name, value in values.items():
            setattr(self, name, value)
        row = type(self).objects.select_related("latest_revision").get(pk=self.pk)
        if not (row.has_unpublished_changes and row.latest_revision):
            return None  # The row is the latest content.
        draft = row.get_latest_revision_as_object()
        if all(getattr(draft, name) == value for name, value in values.items()):
            return None
        for name, value in values.items():
            setattr(draft, name, value)
        self.latest_revision = draft.save_revision(user=user, clean=False)
        return self.latest_revision

    def add_tags(self, tags, user=None):
        """Tag the row and the unpublished draft alike, so approving the draft keeps the tags."""
        for tag in tags:
            TaggedSubmission.objects.get_or_create(content_object=self, tag=tag)
        row = type(self).objects.select_related("latest_revision").get(pk=self.pk)
        if not (row.has_unpublished_changes and row.latest_revision):
            return None
        draft = row.get_latest_revision_as_object()
        names = set(draft.tags.names())
        missing = [tag for tag in tags if tag.name not in names]
        if not missing:
            return None
        draft.tags.add(*missing)
        self.latest_revision = draft.save_revision(user=user, clean=False)
        return self.latest_revision

    def get_preview_template(self, request, mode_name):
        return "wagtail_ugc/moderation/preview.html"

    def get_preview_context(self, request, mode_name):
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
        context["credit_href"] = web_address(self.credit_url)
        context["video_href"] = web_address(self.video_url)
        return context

    def state_label(self):
        """Its state for moderators: processing until its media is ready, then the decision."""
        if self.processing_state == ProcessingState.FAILED:
            return gettext("Could not be processed: %(reason)s") % {
                "reason": self.processing_error or gettext("no reason was given.")
            }
        if self.processing_state == ProcessingState.RECEIVED:
            return gettext("Being processed")
        return self.get_moderation_status_display()

    def is_displayable(self):
        """The displayable rule for one submission (one query, same rule)."""
        return (
            self.pk is not None
            and type(self).objects.displayable().filter(pk=self.pk).exists()
        )

    @property
    def allows_ai_training(self):
        """Whether the creator granted the AI-training scope (off unless they ticked it)."""
        return AI_TRAINING_SCOPE in (self.consent_scopes or [])


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

    #: What an editor changes on a photo; its files, hashes, size and public
    #: image are the pipeline's (see ``Submission.editable_fields``).
    editable_fields = ("alt_text", "decorative", "sort_order")

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return f"Photo {self.uuid}"

    def clean(self):
        super().clean()
        self.alt_text = clean_text(self.alt_text)

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
        return flag_label(self.code)


class ErasedSubmission(models.Model):
    """The id of a deleted submission, so its item page answers 410 Gone rather than 404.

    Nothing else is kept: the id is random and says nothing about the creator.
    """

    uuid = models.UUIDField(unique=True, editable=False)
    erased_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("erased submission")
        verbose_name_plural = _("erased submissions")

    def __str__(self):
        return str(self.uuid)
