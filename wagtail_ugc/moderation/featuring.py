"""Marking submissions featured, or no longer: galleries show featured items first, labelled.

``featured`` is an editable field (``Submission.editable_fields``), so it is
set through ``Submission.change_content``: on the row and in an unpublished
draft alike, so publishing that draft later does not undo it. A live item's
change is announced (``signals.announce_change``), so publication purges the
pages that show it from the page cache and CDN once the change commits; the
galleries' fragment cache needs nothing, its keys are made of the row.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext
from wagtail.log_actions import log

from ..models import Submission
from ..permissions import can_moderate
from ..signals import announce_change


def set_featured(submissions, featured, user):
    """Mark ``submissions`` featured (or not) for ``user``, a moderator; returns how many changed.

    Those already so are left alone, with nothing logged.
    """
    if user is not None and not can_moderate(user):
        raise PermissionDenied(gettext("You may not moderate submissions."))
    changed = 0
    with transaction.atomic():
        rows = Submission.objects.filter(
            pk__in=[submission.pk for submission in submissions]
        ).exclude(featured=featured)
        for submission in rows.order_by("pk"):
            submission.change_content(user=user, featured=featured)
            log(
                submission,
                "wagtail_ugc.feature" if featured else "wagtail_ugc.unfeature",
                user=user,
            )
            if submission.live:
                announce_change(submission.pk)
            changed += 1
    return changed
