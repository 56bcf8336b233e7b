"""The submission editor's Publish: only ever a moderator's decision, and its messages say what happened.

Wagtail's editor publishes whatever was saved. For a submission, publishing
is a decision, so here it goes through the moderation actions instead:

- someone who may not moderate is not offered Publish (the permission
  policy, ``wagtail_ugc.permissions``); a forged "publish" saves a draft, and
  the message says it was not published;
- a submission awaiting a decision is approved (``actions.approve``);
- a rejected one has its rejection reversed (``actions.reverse_rejection``);
- an approved one publishes the new version only if it could still be
  approved (an edit cannot remove alt text from a live item);
- a withdrawn one is never published.

Whatever is refused publishes nothing: the edit stays a draft revision, and
the editor reads why. The same holds in the revisions view ("Replace current
version" and publish).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views.generic.mixins import RevisionsRevertMixin
from wagtail.snippets.views.snippets import EditView

from ..models import Submission
from ..models.choices import ModerationStatus
from ..permissions import submission_permission_policy
from . import actions
from .workflow import missing_for_approval

#: Buttons of the editor that only a moderator's decision may use: publishing
#: (and unpublishing), and sending a decided submission back to moderation.
PUBLISHING = {"action-publish", "action-unpublish"}
REOPENING = {"action-submit", "action-restart-workflow"}


def hide_what_moderators_decide(menu_items, request, context):
    """``construct_snippet_action_menu`` hook: the submission editor offers only what the user may do.

    Wagtail's menu asks for the publish permission alone; the submissions'
    policy also asks for the moderate permission. And a decided submission
    is not sent back to moderation: a rejection stands until a moderator
    reverses it (by publishing).
    """
    model = context.get("model")
    if not (model and issubclass(model, Submission)):
        return
    hidden = set()
    if not submission_permission_policy.user_has_permission(request.user, "publish"):
        hidden |= PUBLISHING
    instance = context.get("instance")
    if instance is not None and not actions.awaits_decision(instance):
        hidden |= REOPENING
    menu_items[:] = [item for item in menu_items if item.name not in hidden]


def publish_approved(submission, user):
    """Publish the latest revision of an approved ``submission``, if it could be approved as it is.

    Raises ``ApprovalRefused`` (what is missing) or ``ModerationConflict``
    (decided otherwise, or withdrawn, meanwhile); nothing is published then.
    """
    with transaction.atomic():
        locked = actions.locked_in_order([submission.pk]).first()
        if locked is None:
            raise actions.ModerationConflict(
                gettext("This submission no longer exists.")
            )
        if locked.withdrawn_at:
            raise actions.ModerationConflict(
                gettext("The creator withdrew this submission.")
            )
        if locked.moderation_status != ModerationStatus.APPROVED:
            raise actions.ModerationConflict(
                gettext("Someone else decided meanwhile: %s.")
                % locked.get_moderation_status_display()
            )
        missing = missing_for_approval(locked)
        if missing:
            raise actions.ApprovalRefused(missing)
        # Checked by the permission policy: publishing is a moderator's act.
        locked.get_latest_revision().publish(user=user)


class ModeratorPublishMixin:
    """Publish as a moderator's decision, for the submission edit and revisions-revert views."""

    #: What a successful publish did, for the success message (None: Wagtail's own).
    decision_message = None

    def get_available_actions(self):
        available = super().get_available_actions()
        if not actions.awaits_decision(self.live_object):
            # A rejection stands until a moderator reverses it: sending a
            # decided submission back to moderation is no way around that.
            available = [
                action
                for action in available
                if action not in ("submit", "restart-workflow")
            ]
        return available

    def publish_action(self):
        hook_response = self.run_hook("before_publish", self.request, self.object)
        if hook_response is not None:
            return hook_response
        # As the editor saw it when this request began; each action below
        # locks the row and refuses if that has changed meanwhile.
        submission, user = self.live_object, self.request.user
        try:
            if submission.withdrawn_at:
                raise actions.ModerationConflict(
                    gettext("The creator withdrew this submission.")
                )
            if actions.awaits_decision(submission):
                actions.approve(submission, user)
                self.decision_message = gettext(
                    "%(model_name)s '%(object)s' approved and published."
                )
            elif submission.moderation_status == ModerationStatus.REJECTED:
                actions.reverse_rejection(submission, user)
                self.decision_message = gettext(
                    "%(model_name)s '%(object)s': the rejection was reversed; "
                    "it is approved and published."
                )
            else:
                publish_approved(submission, user)
        except (actions.ModerationConflict, PermissionDenied) as refusal:
            return self.refuse_publishing(refusal)
        return self.run_hook("after_publish", self.request, self.object)

    def refuse_publishing(self, refusal):
        """Nothing was published: keep the draft and say why, as an error."""
        if isinstance(refusal, actions.ApprovalRefused):
            reason = " ".join(str(item) for item in refusal.missing)
        else:
            reason = getattr(refusal, "message", None) or str(refusal)
        message = gettext(
            "%(model_name)s '%(object)s' was saved as a draft and not published. %(reason)s"
        ) % {**self.message_names(), "reason": reason}
        if self.expects_json_response:
            return self.json_error_response("publish_refused", message)
        messages.error(self.request, message)
        return redirect(self.get_edit_url())

    def get_success_message(self, *args, **kwargs):
        if self.request.POST.get("action-publish") and self.action != "publish":
            # A publish request from someone the policy does not let publish.
            return (
                gettext(
                    "%(model_name)s '%(object)s' was saved as a draft and not "
                    "published: only moderators publish submissions."
                )
                % self.message_names()
            )
        if self.decision_message:
            return self.decision_message % self.message_names()
        return super().get_success_message(*args, **kwargs)

    def message_names(self):
        return {
            "model_name": capfirst(self.model._meta.verbose_name),
            "object": get_latest_str(self.object),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Wagtail would ask to confirm cancelling the workflow; here Publish
        # approves through the workflow instead.
        context["publishing_will_cancel_workflow"] = False
        return context


class SubmissionEditView(ModeratorPublishMixin, EditView):
    pass


class SubmissionRevisionsRevertView(
    ModeratorPublishMixin, RevisionsRevertMixin, EditView
):
    view_name = "revisions_revert"
