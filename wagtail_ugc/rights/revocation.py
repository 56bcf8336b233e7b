"""Withdrawal: a creator takes their submission back, and it disappears everywhere at once."""

from django.db import transaction
from wagtail.log_actions import log

from ..models import Submission
from ..models.choices import ConsentMethod
from ..publication import remove_public_files
from ..signals import displayability_changed
from .ledger import record_revocation
from .links import absolute_url
from .mail import moderator_emails, send_templated_mail

WITHDRAW_LOG_ACTION = "wagtail_ugc.withdraw"


def withdraw(submission, *, request=None, method=ConsentMethod.FORM, user=None):
    """Revoke consent for ``submission``; return False if it was already withdrawn.

    The ledger entry and the rights state are written first (the displayable
    rule hides the item from that instant); then its public files go, caches
    are told, moderators are told and the audit log records it.
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
    remove_public_files(submission)
    displayability_changed.send(sender=Submission, submission_id=submission.pk)
    notify_moderators_of_withdrawal(submission, request=request)
    return True


def notify_moderators_of_withdrawal(submission, request=None):
    from django.urls import NoReverseMatch, reverse

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
    return send_templated_mail(
        "wagtail_ugc/rights/emails/withdrawn_moderators", context, moderator_emails()
    )
