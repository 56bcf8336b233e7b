"""The "Rights and credit check" workflow step: a Wagtail task type whose decisions go through ``actions``.

The model belongs to the moderation stage, beside the decisions it makes;
``WagtailUGCConfig.import_models`` loads it with the app's other models.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from ..models.choices import RejectionCategory
from ..permissions import can_moderate
from . import actions
from .workflow import RejectForm, missing_for_approval


class RightsCheckTask(Task):
    """A workflow step that cannot be approved while rights, credit or alt text are missing."""

    class Meta:
        app_label = "wagtail_ugc"
        verbose_name = _("Rights and credit check")
        verbose_name_plural = _("Rights and credit checks")

    def user_can_access_editor(self, obj, user):
        return can_moderate(user)

    def locked_for_user(self, obj, user):
        return not can_moderate(user)

    def get_actions(self, obj, user):
        # A submission decided or withdrawn meanwhile offers nothing to decide.
        if not can_moderate(user) or not actions.awaits_decision(obj):
            return []
        choices = [("reject", _("Reject"), True)]
        if not missing_for_approval(obj):
            choices.append(("approve", _("Approve"), False))
        return choices

    def get_form_for_action(self, action):
        if action == "reject":
            return RejectForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        submission = task_state.workflow_state.content_object
        try:
            if action_name == "approve":
                actions.approve(submission, user)
            elif action_name == "reject":
                actions.reject(
                    submission,
                    user,
                    category=kwargs.get("category") or RejectionCategory.OTHER,
                    reason=kwargs.get("comment", ""),
                )
        except actions.ModerationConflict as conflict:
            # Someone else decided first: a clear refusal, never a 500.
            raise PermissionDenied(conflict.message) from conflict

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if can_moderate(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return _(
            "Moderators approve or reject; approval waits until consent for web "
            "display, a credit line and alt text for every photo are on file."
        )
