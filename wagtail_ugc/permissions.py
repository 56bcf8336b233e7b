"""Who may do what with submissions: one permission policy, and the few questions asked of it.

Wagtail asks a model's permission policy before every admin action; the
submissions' policy is ``submission_permission_policy`` (registered with
Wagtail beside the submissions' viewset). It is Wagtail's model-permission
policy with one rule added: publishing a submission is a moderator's act, so
"publish" needs the moderate permission as well as the publish permission
(docs/architecture.md, "Only a moderator's decision approves").

A core module: it imports no pipeline stage, and not ``wagtail_ugc.models``
(the policy names its model by label).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

#: The permission that lets a user approve and reject submissions.
MODERATE_PERMISSION = "wagtail_ugc.moderate_submission"

#: The permission that lets a user download what is held about a creator.
EXPORT_PERMISSION = "wagtail_ugc.change_creator"


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions, except that "publish" also needs "moderate".

    Every other action, "moderate" included, is the Django permission of that
    name (``wagtail_ugc.<action>_submission``).
    """

    def user_has_permission(self, user, action):
        if action == "publish":
            return super().user_has_permission(
                user, "publish"
            ) and super().user_has_permission(user, "moderate")
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = set(actions)
        users = get_user_model().objects.none()
        if actions - {"publish"}:
            users = super().users_with_any_permission(actions - {"publish"})
        if "publish" not in actions:
            return users
        publishers = (
            get_user_model()
            .objects.filter(self._users_with("publish"))
            .filter(self._users_with("moderate"))
        )
        return (
            get_user_model()
            .objects.filter(
                Q(pk__in=users.values("pk")) | Q(pk__in=publishers.values("pk"))
            )
            .distinct()
        )

    def _users_with(self, action):
        return self._get_users_with_any_permission_codenames_filter(
            {self._get_permission_codename(action)}
        )


submission_permission_policy = SubmissionPermissionPolicy("wagtail_ugc.Submission")


def can_moderate(user):
    """Whether ``user`` may approve and reject submissions (and see their private files)."""
    return bool(
        user
        and user.is_active
        and submission_permission_policy.user_has_permission(user, "moderate")
    )


def granted_moderators():
    """Active users given the moderate permission, through any group or as their own.

    Superusers hold every permission without being given it; they are not
    counted unless they were given this one too.
    """
    app_label, codename = MODERATE_PERMISSION.split(".")
    granted = Q(
        groups__permissions__content_type__app_label=app_label,
        groups__permissions__codename=codename,
    ) | Q(
        user_permissions__content_type__app_label=app_label,
        user_permissions__codename=codename,
    )
    return get_user_model().objects.filter(granted, is_active=True).distinct()


def may_manage_rights(user):
    """Whether ``user`` may request rights and record consent: moderators do."""
    return can_moderate(user)


def may_export(user):
    """Whether ``user`` may export everything held about a creator."""
    return bool(user and user.is_active and user.has_perm(EXPORT_PERMISSION))
