"""The submission chooser (``SnippetChooserBlock("wagtail_ugc.Submission")``), for users with a permission on submissions.

A submission's title carries its creator's credit name, so Wagtail's chooser,
which asks for no permission to list, would show it to any admin user. Each
view here asks the submissions' permission policy first, as the snippet
listing does; a user without any of these permissions gets a 403.
"""

from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.snippets.views import chooser

#: Any one of these on submissions lets a user choose one (and so read the titles).
CHOOSE_PERMISSIONS = ["view", "change", "publish", "moderate"]


class SubmissionChooserPermission(PermissionCheckedMixin):
    any_permission_required = CHOOSE_PERMISSIONS


class ChooseView(SubmissionChooserPermission, chooser.ChooseView):
    pass


class ChooseResultsView(SubmissionChooserPermission, chooser.ChooseResultsView):
    pass


class ChosenView(SubmissionChooserPermission, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(
    SubmissionChooserPermission, chooser.SnippetChosenMultipleView
):
    pass


class SubmissionChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
