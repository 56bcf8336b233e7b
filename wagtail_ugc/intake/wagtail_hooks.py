"""Wagtail admin hooks of the intake stage: campaigns as snippets, so editors make them and choose them in blocks."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import Campaign
from ..models.choices import Kind


class CampaignAdminForm(WagtailAdminModelForm):
    # Tick boxes rather than the JSON the field stores.
    accepted_kinds = forms.MultipleChoiceField(
        label=_("accepted kinds"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "form"
    menu_label = _("Campaigns")
    add_to_admin_menu = True
    menu_order = 290
    list_display = ["title", "slug", "opens_at", "closes_at"]
    search_fields = ["title", "hashtag"]
    edit_handler = ObjectList(Campaign.panels, base_form_class=CampaignAdminForm)


register_snippet(CampaignViewSet)
