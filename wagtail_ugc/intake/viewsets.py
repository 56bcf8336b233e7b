"""Campaigns as snippets, so editors make them (in the "UGC" menu group) and choose them in blocks."""

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import Button
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

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


class CampaignEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        try:
            # The rewards stage's page, by its URL name (docs/rewards.md).
            url = reverse("wagtail_ugc_reward_codes", args=[self.object.pk])
        except NoReverseMatch:
            return buttons
        buttons.append(Button(_("Reward codes"), url=url, icon_name="tag", priority=30))
        return buttons


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    edit_view_class = CampaignEditView
    icon = "form"
    menu_label = _("Campaigns")
    menu_name = "ugc-campaigns"
    list_display = ["title", "slug", "opens_at", "closes_at"]
    search_fields = ["title", "hashtag"]
    edit_handler = ObjectList(Campaign.panels, base_form_class=CampaignAdminForm)
