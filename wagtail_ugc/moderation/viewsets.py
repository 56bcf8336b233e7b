"""The moderation queue: ``Submission`` as a snippet, with filters, thumbnails and an inspect view."""

import django_filters
from django.db.models import Count, Min, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import InspectView
from wagtail.models import ModelLogEntry
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import (
    Campaign,
    ImportSource,
    RejectionReason,
    Submission,
    SubmissionFlag,
    SubmissionPhoto,
)
from ..models.choices import (
    Kind,
    ModerationStatus,
    ProcessingState,
    RightsStatus,
    Source,
)
from ..models.usage import pages_showing
from ..permissions import can_moderate, submission_permission_policy
from .chooser import SubmissionChooserViewSet
from .editing import SubmissionEditView, SubmissionRevisionsRevertView
from .panels import ExistingPhotosPanel
from .workflow import missing_for_approval

# Registered as this module loads, so before any viewset of submissions is
# (Wagtail refuses a policy for a model once it has made a fallback one). Every
# Wagtail view of submissions asks this policy: publishing needs "moderate" too.
register_permission_policy(Submission, submission_permission_policy)


def flag_count():
    """Flags per submission as a correlated subquery: computed for the shown page only."""
    return Coalesce(
        Subquery(
            SubmissionFlag.objects.filter(submission=OuterRef("pk"))
            .order_by()
            .values("submission")
            .annotate(count=Count("pk"))
            .values("count")[:1]
        ),
        0,
    )


def photo_url(photo, size="thumb"):
    """The authenticated admin URL of a photo's private file (never a public URL)."""
    return reverse("wagtail_ugc:moderation_photo", args=(photo.uuid, size))


class SubmissionFilterSet(WagtailFilterSet):
    moderation_status = django_filters.ChoiceFilter(
        label=_("State"), choices=ModerationStatus.choices
    )
    processing_state = django_filters.ChoiceFilter(
        label=_("Processing"), choices=ProcessingState.choices
    )
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=Campaign.objects.all()
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    import_source = django_filters.ModelChoiceFilter(
        label=_("Import source"), queryset=ImportSource.objects.all()
    )
    rights_status = django_filters.ChoiceFilter(
        label=_("Rights"), choices=RightsStatus.choices
    )
    flagged = django_filters.BooleanFilter(label=_("Flagged"), method="filter_flagged")
    featured = django_filters.BooleanFilter(label=_("Featured"))
    tags = django_filters.CharFilter(
        label=_("Tag"), field_name="tags__name", lookup_expr="iexact"
    )
    locale = django_filters.CharFilter(label=_("Language"), lookup_expr="iexact")
    submitted_at = django_filters.DateFromToRangeFilter(
        label=_("Submitted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Submission
        fields = []

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(flags__isnull=not value).distinct()


class ThumbnailColumn(Column):
    """The first photo's preview, through the authenticated admin view."""

    def get_value(self, instance):
        photos = instance.photos.all()
        if not photos:
            return ""
        photo = photos[0]
        return format_html(
            '<img src="{}" alt="{}" width="80" height="80" loading="lazy" '
            'style="object-fit: cover; border-radius: 4px;">',
            photo_url(photo),
            photo.alt_text,
        )

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = self.get_value(instance)
        return context


class FlagsColumn(Column):
    def get_value(self, instance):
        count = getattr(instance, "flag_count", 0)
        return count or ""


class SubmissionInspectView(InspectView):
    template_name = "wagtail_ugc/moderation/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        may_see_media = can_moderate(self.request.user)
        context.update(
            {
                "submission": submission,
                "photos": [
                    {
                        "photo": photo,
                        "full_url": photo_url(photo, "full") if may_see_media else "",
                    }
                    for photo in submission.photos.all()
                ],
                "flags": submission.flags.all(),
                "consents": submission.consents.select_related("recorded_by").order_by(
                    "created_at", "pk"
                ),
                "history": ModelLogEntry.objects.filter(
                    content_type__model="submission",
                    content_type__app_label="wagtail_ugc",
                    object_id=str(submission.pk),
                )
                .select_related("user")
                .order_by("-timestamp", "-pk")[:50],
                "missing": missing_for_approval(submission)
                if submission.moderation_status == ModerationStatus.PENDING
                else [],
                "used_on": pages_showing(submission),
                "may_moderate": may_see_media,
            }
        )
        return context


class SubmissionViewSet(SnippetViewSet):
    model = Submission
    icon = "image"
    # In the "UGC" menu group (wagtail_ugc/wagtail_hooks.py), not a menu of its own.
    menu_label = _("Submissions")
    menu_name = "ugc-submissions"
    chooser_viewset_class = SubmissionChooserViewSet
    # Publish is a moderator's decision there (see moderation/editing.py).
    edit_view_class = SubmissionEditView
    revisions_revert_view_class = SubmissionRevisionsRevertView
    inspect_view_enabled = True
    inspect_view_class = SubmissionInspectView
    filterset_class = SubmissionFilterSet
    list_per_page = 50
    ordering = "submitted_at"
    search_backend_name = None
    search_fields = ["text", "credit_line", "creator__email", "creator__name"]
    copy_view_enabled = False
    list_display = [
        ThumbnailColumn("thumbnail", label=_("Preview")),
        TitleColumn(
            "__str__",
            label=_("Submission"),
            get_url=lambda submission: reverse(
                "wagtailsnippets_wagtail_ugc_submission:inspect", args=(submission.pk,)
            ),
        ),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("campaign", label=_("Campaign")),
        Column(
            "rights_status", label=_("Rights"), accessor="get_rights_status_display"
        ),
        FlagsColumn("flags", label=_("Flags")),
        Column("moderation_status", label=_("State"), accessor="state_label"),
        DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at"),
    ]

    #: Only the content is editable here (``Submission.editable_fields``);
    #: rights, moderation and processing state change only through their own
    #: stages (and the consent ledger). The video link is not editable: intake
    #: checked it against the allowed providers, and it is what the creator
    #: agreed to have shown.
    panels = [
        FieldPanel("text"),
        FieldPanel("rating"),
        MultiFieldPanel(
            [FieldPanel("credit_line"), FieldPanel("credit_url")], heading=_("Credit")
        ),
        ExistingPhotosPanel(
            "photos",
            panels=[FieldPanel("alt_text"), FieldPanel("decorative")],
            heading=_("Photos"),
            label=_("Photo"),
            min_num=0,
        ),
        FieldPanel("locale"),
        FieldPanel("related_page"),
        FieldPanel("tags"),
        FieldPanel("featured"),
    ]

    def get_queryset(self, request):
        return (
            Submission.objects.select_related("campaign")
            .annotate(flag_count=flag_count())
            .prefetch_related(
                Prefetch(
                    "photos",
                    queryset=SubmissionPhoto.objects.only(
                        "pk", "uuid", "submission_id", "alt_text", "sort_order"
                    ).order_by("sort_order", "pk"),
                )
            )
        )


class RejectionReasonViewSet(SnippetViewSet):
    """Reusable rejection reasons (templates) moderators pick from."""

    model = RejectionReason
    icon = "comment"
    menu_label = _("Rejection reasons")
    menu_name = "ugc-rejection-reasons"
    list_display = ["title", Column("category", accessor="get_category_display")]
    list_filter = ["category"]
    search_fields = ["title", "text"]
    search_backend_name = None
    copy_view_enabled = False
    panels = [FieldPanel("title"), FieldPanel("category"), FieldPanel("text")]


def awaiting_summary():
    """How many submissions await a moderator, and since when the oldest has waited."""
    return Submission.objects.awaiting_moderation().aggregate(
        count=Count("pk"), oldest=Min("submitted_at")
    )
