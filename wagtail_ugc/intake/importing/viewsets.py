"""Import sources in the admin ("UGC" menu group): edit them, see their last poll, poll one now."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from ...models import ImportSource, Submission
from ...models.choices import Source
from ...text import validate_web_link
from .base import kind_choices, source_kinds
from .tasks import poll_source_task

HASHTAG_CHARACTERS = gettext_lazy("letters, digits and underscores")


def may_poll(user):
    return user.is_active and user.has_perm("wagtail_ugc.change_importsource")


def poll_url(source):
    return reverse(ImportSource.snippet_viewset.get_url_name("poll"), args=[source.pk])


def found_content_url(source):
    """The submissions listing, filtered to what this source found."""
    listing = reverse(Submission.snippet_viewset.get_url_name("list"))
    return (
        f"{listing}?{urlencode({'source': Source.IMPORT, 'import_source': source.pk})}"
    )


class ImportSourceForm(WagtailAdminModelForm):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=kind_choices)

    def clean_url(self):
        url = self.cleaned_data["url"]
        validate_web_link(url)
        return url

    def clean_hashtag(self):
        hashtag = self.cleaned_data["hashtag"].strip().lstrip("#")
        if hashtag and not all(char.isalnum() or char == "_" for char in hashtag):
            raise forms.ValidationError(
                _("A hashtag has only %(allowed)s.") % {"allowed": HASHTAG_CHARACTERS}
            )
        return hashtag

    def clean(self):
        cleaned = super().clean()
        kind = source_kinds().get(cleaned.get("kind"))
        if kind is not None and kind.needs_hashtag and not cleaned.get("hashtag"):
            self.add_error("hashtag", _("Give the hashtag to follow."))
        return cleaned


class ImportSourceEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        buttons.append(
            Button(
                _("Poll now"),
                url=poll_url(self.object),
                icon_name="resubmit",
                priority=30,
            )
        )
        return buttons


class KindColumn(Column):
    def get_value(self, instance):
        kind = source_kinds().get(instance.kind)
        return (kind.label if kind is not None else "") or instance.kind


class FoundCountColumn(Column):
    def get_value(self, instance):
        return getattr(instance, "found_count", 0)


class PollView(WagtailAdminTemplateMixin, TemplateView):
    """A source's last poll, what it found, and a button to poll it now."""

    template_name = "wagtail_ugc/importing/poll.html"
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        if not may_poll(request.user):
            raise PermissionDenied
        self.source = get_object_or_404(ImportSource, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Poll %(source)s") % {"source": self.source}

    def get_breadcrumbs_items(self):
        viewset = ImportSource.snippet_viewset
        return self.breadcrumbs_items + [
            {"url": reverse(viewset.get_url_name("list")), "label": viewset.menu_label},
            {
                "url": reverse(viewset.get_url_name("edit"), args=[self.source.pk]),
                "label": str(self.source),
            },
            {"url": "", "label": _("Poll now")},
        ]

    def post(self, request, *args, **kwargs):
        result = poll_source_task.enqueue(self.source.pk)
        if not result.is_finished:
            messages.success(
                request, _("The poll is queued; this page shows it once done.")
            )
        else:
            self.source.refresh_from_db()
            if self.source.last_error:
                messages.warning(request, _("Polled, with errors: see below."))
            else:
                messages.success(
                    request,
                    _("Polled: %(count)s new posts found.")
                    % {"count": self.source.last_found},
                )
        return redirect(poll_url(self.source))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            source=self.source,
            found_count=self.source.submissions.count(),
            found_url=found_content_url(self.source),
            **kwargs,
        )


class ImportSourceViewSet(SnippetViewSet):
    model = ImportSource
    icon = "resubmit"
    menu_label = gettext_lazy("Import sources")
    menu_name = "ugc-import-sources"
    edit_view_class = ImportSourceEditView
    copy_view_enabled = False
    search_backend_name = None
    search_fields = ["name", "url", "hashtag"]
    list_filter = ["kind", "active", "campaign"]
    list_display = [
        "name",
        KindColumn("kind", label=gettext_lazy("Kind")),
        Column("campaign", label=gettext_lazy("Campaign")),
        BooleanColumn("active", label=gettext_lazy("Active")),
        DateColumn("last_polled_at", label=gettext_lazy("Last polled")),
        Column("last_found", label=gettext_lazy("Found at the last poll")),
        FoundCountColumn("found_count", label=gettext_lazy("Found in all")),
        Column("last_error", label=gettext_lazy("Last error")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("kind"),
            FieldPanel("url"),
            FieldPanel("hashtag"),
            FieldPanel("campaign"),
            FieldPanel("active"),
            FieldPanel("poll_minutes"),
        ],
        base_form_class=ImportSourceForm,
    )

    def get_queryset(self, request):
        return ImportSource.objects.select_related("campaign").annotate(
            found_count=Count("submissions")
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("poll/<int:pk>/", PollView.as_view(), name="poll"),
        ]
