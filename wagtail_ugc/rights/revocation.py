"""Withdrawal: a creator takes their submission back, and it disappears everywhere at once."""

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from wagtail.log_actions import log

from ..mail import absolute_url, mail_moderators
from ..models import Submission, WebhookEvent
from ..models.choices import ConsentMethod
from ..models.ledger import record_revocation
from ..signals import announce_event

WITHDRAW_LOG_ACTION = "wagtail_ugc.withdraw"


def withdraw(submission, *, request=None, method=ConsentMethod.FORM, user=None):
    """Revoke consent for ``submission``; return False if it was already withdrawn.

    The ledger entry and the rights state are written (the displayable rule
    hides the item from that instant, and publication removes its public
    files and clears caches as the change commits); the audit log records it
    and moderators are told.
    """
    with transaction.atomic():
        locked = Submission.objects.select_for_update().filter(pk=submission.pk)
        current = locked.first()
        if current is None or current.withdrawn_at is not None:
            return False
        record_revocation(current, method=method, request=request)
        submission.rights_status = current.rights_status
        submission.withdrawn_at = current.withdrawn_at
        log(
            instance=current,
            action=WITHDRAW_LOG_ACTION,
            user=user,
            data={"method": str(method)},
        )
        announce_event(WebhookEvent.WITHDRAWN, current)
    notify_moderators_of_withdrawal(submission, request=request)
    return True


def notify_moderators_of_withdrawal(submission, request=None):
    try:
        admin_path = reverse(
            "wagtailsnippets_wagtail_ugc_submission:inspect", args=[submission.pk]
        )
    except NoReverseMatch:
        admin_path = ""
    context = {
        "submission": submission,
        "admin_url": absolute_url(admin_path, request) if admin_path else "",
    }
    return mail_moderators("moderator_withdrawn", context)
