"""The ``SubmissionFormBlock``: an editor puts a campaign's submission form on any page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from ..models import Campaign
from .forms import SubmissionForm


class SubmissionFormBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=100)
    campaign = SnippetChooserBlock(
        "wagtail_ugc.Campaign",
        label=_("Campaign"),
        help_text=_("Submissions from this form go to this campaign, on its terms."),
    )

    class Meta:
        icon = "form"
        label = _("Submission form")
        template = "wagtail_ugc/intake/blocks/submission_form.html"
        description = _(
            "The form visitors use to send photos, videos or reviews to a "
            "campaign, on its terms."
        )
        preview_template = "wagtail_ugc/previews/submission_form.html"
        # The newest campaign's form; Meta's callables are called without arguments.
        preview_value = staticmethod(
            lambda: {"heading": "", "campaign": Campaign.objects.first()}
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        campaign = value.get("campaign")
        context["campaign"] = campaign
        if campaign is not None:
            now = timezone.now()
            context.update(
                now=now,
                is_open=campaign.is_open(now),
                form=SubmissionForm(campaign=campaign),
                terms=campaign.current_terms,
                action=reverse(
                    "wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug}
                ),
            )
        return context
