"""Campaigns as snippets, so editors make them (in the "UGC" menu group) and choose them in blocks."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import Campaign
from ..models.campaigns import all_kinds
from ..models.choices import Kind


class CampaignAdminForm(WagtailAdminModelForm):
    # Tick boxes rather than the JSON the field stores. A field declared here
    # does not take the model field's default, so a new campaign would start
    # with none ticked: ``initial`` gives it the model's default. An existing
    # campaign's saved kinds take precedence over ``initial``.
    accepted_kinds = forms.MultipleChoiceField(
        label=_("accepted kinds"),
        choices=Kind.choices,
        initial=all_kinds,
        widget=forms.CheckboxSelectMultiple,
    )


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    icon = "form"
    menu_label = _("Campaigns")
    menu_name = "ugc-campaigns"
    list_display = ["title", "slug", "opens_at", "closes_at"]
    search_fields = ["title", "hashtag"]
    edit_handler = ObjectList(Campaign.panels, base_form_class=CampaignAdminForm)
