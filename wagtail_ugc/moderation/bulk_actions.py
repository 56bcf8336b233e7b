"""Bulk actions on the moderation queue: approve, reject with a reason, tag, assign to a campaign, feature.

Each goes through the same functions as a single decision (approve and reject
through the workflow) and leaves one audit-log entry per submission, with the user.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.log_actions import log
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from ..models import Campaign, Submission
from ..permissions import can_moderate
from ..text import clean_text
from . import actions
from .featuring import set_featured
from .workflow import RejectForm


class SubmissionBulkAction(SnippetBulkAction):
    models = [Submission]
    template_name = "wagtail_ugc/moderation/bulk_action_confirm.html"

    def check_perm(self, obj):
        return can_moderate(self.request.user)

    def get_execution_context(self):
        return {
            "user": self.request.user,
            "request": self.request,
            "form": self.cleaned_form,
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "action_label": self.display_name,
        }

    @classmethod
    def decide_each(cls, objects, request, decide):
        """Decide on each submission in turn; see ``report``."""
        outcomes = []
        with transaction.atomic():
            pks = [submission.pk for submission in objects]
            list(actions.locked_in_order(pks).values_list("pk", flat=True))
            for submission in objects:
                try:
                    outcomes.append((submission, decide(submission)))
                except (actions.ModerationConflict, PermissionDenied) as error:
                    outcomes.append((submission, error))
        return cls.report(request, outcomes)

    @classmethod
    def report(cls, request, outcomes):
        """List the submissions that could not be decided; count the rest."""
        problems = [
            f"{submission}: {getattr(outcome, 'message', outcome)}"
            for submission, outcome in outcomes
            if isinstance(outcome, Exception)
        ]
        for problem in problems:
            messages.warning(request, problem)
        return len(outcomes) - len(problems), 0


class DecisionBulkAction(SubmissionBulkAction):
    """Approve and reject: only submissions awaiting a decision are acted on.

    Selected submissions that were decided (or withdrawn) earlier are listed
    apart on the confirmation page and left as they are.
    """

    def get_actionable_objects(self):
        objects, context = super().get_actionable_objects()
        pending, decided = [], []
        for submission in objects:
            (pending if actions.awaits_decision(submission) else decided).append(
                submission
            )
        context["items_already_decided"] = decided
        return pending, context


class ApproveBulkAction(DecisionBulkAction):
    display_name = _("Approve")
    action_type = "ugc_approve"
    aria_label = _("Approve the selected submissions")
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, user=None, request=None, **kwargs):
        try:
            outcomes = actions.approve_many(objects, user)
        except PermissionDenied as error:
            outcomes = [(submission, error) for submission in objects]
        return cls.report(request, outcomes)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d submission approved.",
            "%(count)d submissions approved.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class RejectBulkAction(DecisionBulkAction):
    display_name = _("Reject")
    action_type = "ugc_reject"
    aria_label = _("Reject the selected submissions with a reason")
    action_priority = 20
    form_class = RejectForm
    classes = {"serious"}

    @classmethod
    def execute_action(cls, objects, user=None, request=None, form=None, **kwargs):
        return cls.decide_each(
            objects,
            request,
            lambda submission: actions.reject(
                submission,
                user,
                category=form.cleaned_data["category"],
                reason=form.cleaned_data["comment"],
            ),
        )

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d submission rejected.",
            "%(count)d submissions rejected.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class TagForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"),
        max_length=200,
        help_text=_("Separate tags with commas."),
    )

    def clean_tags(self):
        tags = [clean_text(tag) for tag in self.cleaned_data["tags"].split(",")]
        tags = [tag[:100] for tag in tags if tag]
        if not tags:
            raise forms.ValidationError(gettext("Give at least one tag."))
        return tags


class TagBulkAction(SubmissionBulkAction):
    display_name = _("Tag")
    action_type = "ugc_tag"
    aria_label = _("Tag the selected submissions")
    action_priority = 30
    form_class = TagForm

    @classmethod
    def execute_action(cls, objects, user=None, form=None, **kwargs):
        tags = form.cleaned_data["tags"]
        tag_objects = [Tag.objects.get_or_create(name=name)[0] for name in tags]
        for submission in objects:
            submission.add_tags(tag_objects, user=user)
            log(submission, "wagtail_ugc.tag", user=user, data={"tags": tags})
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d submission tagged.",
            "%(count)d submissions tagged.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class CampaignForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.all()
    )


class AssignCampaignBulkAction(SubmissionBulkAction):
    display_name = _("Assign to a campaign")
    action_type = "ugc_assign_campaign"
    aria_label = _("Assign the selected submissions to a campaign")
    action_priority = 40
    form_class = CampaignForm

    @classmethod
    def execute_action(cls, objects, user=None, form=None, **kwargs):
        campaign = form.cleaned_data["campaign"]
        Submission.objects.filter(pk__in=[obj.pk for obj in objects]).update(
            campaign=campaign
        )
        for submission in objects:
            log(
                submission,
                "wagtail_ugc.assign_campaign",
                user=user,
                data={"campaign": campaign.title, "campaign_id": campaign.pk},
            )
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d submission assigned to the campaign.",
            "%(count)d submissions assigned to the campaign.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class FeatureBulkAction(SubmissionBulkAction):
    """Galleries show featured items first, with a "Featured" label (docs/galleries.md)."""

    display_name = _("Feature")
    action_type = "ugc_feature"
    aria_label = _("Feature the selected submissions: shown first, labelled")
    action_priority = 60
    featured = True

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        set_featured(objects, cls.featured, user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d submission featured.",
            "%(count)d submissions featured.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class StopFeaturingBulkAction(FeatureBulkAction):
    display_name = _("Stop featuring")
    action_type = "ugc_stop_featuring"
    aria_label = _("Stop featuring the selected submissions")
    action_priority = 70
    featured = False

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d submission no longer featured.",
            "%(count)d submissions no longer featured.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
