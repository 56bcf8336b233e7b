"""Rights requests: asking a creator for rights to content that came without them.

An editor adds content found elsewhere (a social post, a photo sent by e-mail)
or picks submissions in the queue and requests rights. The creator gets a
signed, expiring link (by e-mail, or copied into a comment or DM reply); on
its page they see the content, the terms and the credit, and grant or
decline. One reminder goes out after ``RIGHTS_REMINDER_DAYS``; no answer after
``RIGHTS_REQUEST_DAYS`` counts as declined.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..conf import ugc_settings
from ..intake.services import licence_for
from ..links import rights_request_url, withdraw_url
from ..mail import absolute_url, creator_language, mail_moderators, send_templated_mail
from ..models import RightsRequest, Submission
from ..models.choices import ConsentMethod, RightsStatus
from ..models.ledger import record_decline, record_grant

REQUEST_LOG_ACTION = "wagtail_ugc.rights_request"
GRANT_LOG_ACTION = "wagtail_ugc.rights_grant"
DECLINE_LOG_ACTION = "wagtail_ugc.rights_decline"
EXPIRE_LOG_ACTION = "wagtail_ugc.rights_expire"


class CannotRequestRights(Exception):
    """Rights cannot be requested for this submission; the message says why."""


def open_request(submission):
    return (
        submission.rights_requests.filter(
            status=RightsRequest.Status.REQUESTED, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


def check_can_request(submission):
    if submission.withdrawn_at is not None:
        raise CannotRequestRights(_("The creator withdrew this submission."))
    if submission.rights_status == RightsStatus.GRANTED:
        raise CannotRequestRights(_("Rights are already granted."))
    if submission.campaign_id is None or submission.campaign.current_terms is None:
        raise CannotRequestRights(
            _("Choose a campaign first: its terms are what the creator agrees to.")
        )


@transaction.atomic
def request_rights(
    submission,
    *,
    requested_by=None,
    sent_to="",
    language="",
    licence_expires_at=None,
    send_email=True,
    request=None,
):
    """Open (or reuse) a rights request for ``submission`` and return it.

    An open request is reused, so a bulk action run twice sends one link.
    With ``send_email`` and an address, the link goes to the creator at once.
    """
    check_can_request(submission)
    existing = open_request(submission)
    if existing is not None:
        return existing
    creator = submission.creator
    sent_to = (sent_to or (creator.email if creator else "")).strip().lower()
    language = language or creator_language(submission)
    rights_request = RightsRequest.objects.create(
        submission=submission,
        sent_to=sent_to,
        language=language,
        requested_by=requested_by,
        expires_at=timezone.now() + timedelta(days=ugc_settings.RIGHTS_REQUEST_DAYS),
        licence_expires_at=licence_expires_at,
    )
    Submission.objects.filter(pk=submission.pk).update(
        rights_status=RightsStatus.REQUESTED
    )
    submission.rights_status = RightsStatus.REQUESTED
    log(
        instance=submission,
        action=REQUEST_LOG_ACTION,
        user=requested_by,
        data={"sent_to_creator": bool(send_email and sent_to)},
    )
    if send_email and sent_to:
        transaction.on_commit(
            lambda: send_rights_request_email(rights_request, request=request)
        )
    return rights_request


def rights_request_link(rights_request, request=None):
    """The full URL to send or copy into a reply."""
    return absolute_url(rights_request_url(rights_request), request)


def send_rights_request_email(rights_request, *, reminder=False, request=None):
    if not rights_request.sent_to:
        return 0
    submission = rights_request.submission
    context = {
        "rights_request": rights_request,
        "submission": submission,
        "link": rights_request_link(rights_request, request),
        "reminder": reminder,
    }
    return send_templated_mail(
        "creator_rights_request",
        context,
        [rights_request.sent_to],
        language=rights_request.language or creator_language(submission),
    )


def is_open(rights_request, now=None):
    now = now or timezone.now()
    return (
        rights_request.status == RightsRequest.Status.REQUESTED
        and rights_request.expires_at > now
        and rights_request.submission.withdrawn_at is None
    )


def grant(
    rights_request,
    *,
    credit_line,
    credit_url="",
    scopes=(),
    people_shown_consented=False,
    request=None,
):
    """The creator grants rights through the request's page."""
    with transaction.atomic():
        locked = RightsRequest.objects.select_for_update().get(pk=rights_request.pk)
        if not is_open(locked):
            return False
        submission = locked.submission
        terms = submission.campaign.current_terms if submission.campaign else None
        extra = [
            scope for scope in scopes if scope in ugc_settings.EXTRA_CONSENT_SCOPES
        ]
        record_grant(
            submission,
            method=ConsentMethod.RIGHTS_REQUEST,
            scopes=extra,
            licence=licence_for(extra),
            credit_line=credit_line,
            credit_url=credit_url,
            terms=terms,
            file_sha256s=[photo.received_sha256 for photo in submission.photos.all()],
            people_shown_consented=people_shown_consented,
            request=request,
            expires_at=locked.licence_expires_at,
        )
        _close(locked, RightsRequest.Status.GRANTED)
        rights_request.status = locked.status
        log(instance=submission, action=GRANT_LOG_ACTION, user=None)
    notify_moderators(submission, "granted")
    send_grant_confirmation(locked, submission, request=request)
    return True


def send_grant_confirmation(rights_request, submission, request=None):
    """The creator's receipt: what they agreed to, and the link to withdraw it."""
    if not rights_request.sent_to:
        return 0
    context = {
        "submission": submission,
        "terms_version": submission.campaign.current_terms.version
        if submission.campaign and submission.campaign.current_terms
        else "",
        "withdraw_link": absolute_url(withdraw_url(submission), request),
    }
    return send_templated_mail(
        "creator_rights_granted",
        context,
        [rights_request.sent_to],
        language=rights_request.language or creator_language(submission),
    )


def decline(rights_request, *, request=None):
    """The creator says no: the content is never shown and loses any public file."""
    with transaction.atomic():
        locked = RightsRequest.objects.select_for_update().get(pk=rights_request.pk)
        if not is_open(locked):
            return False
        submission = locked.submission
        record_decline(submission, method=ConsentMethod.RIGHTS_REQUEST, request=request)
        _close(locked, RightsRequest.Status.DECLINED)
        rights_request.status = locked.status
        log(instance=submission, action=DECLINE_LOG_ACTION, user=None)
    notify_moderators(submission, "declined")
    return True


def _close(rights_request, status):
    rights_request.status = status
    rights_request.responded_at = timezone.now()
    RightsRequest.objects.filter(pk=rights_request.pk).update(
        status=status, responded_at=rights_request.responded_at
    )


def notify_moderators(submission, outcome):
    return mail_moderators(
        "moderator_rights_answer", {"submission": submission, "outcome": outcome}
    )


def send_due_reminders(now=None):
    """One reminder per request, ``RIGHTS_REMINDER_DAYS`` after it was made."""
    now = now or timezone.now()
    due = (
        RightsRequest.objects.filter(
            status=RightsRequest.Status.REQUESTED,
            reminded_at__isnull=True,
            expires_at__gt=now,
            created_at__lte=now - timedelta(days=ugc_settings.RIGHTS_REMINDER_DAYS),
        )
        .exclude(sent_to="")
        .select_related("submission", "submission__creator")
    )
    sent = 0
    for rights_request in due:
        # Claim it first, so two sweeps running at once send one reminder.
        claimed = RightsRequest.objects.filter(
            pk=rights_request.pk, reminded_at__isnull=True
        ).update(reminded_at=now)
        if claimed:
            send_rights_request_email(rights_request, reminder=True)
            sent += 1
    return sent


def expire_unanswered_requests(now=None):
    """No answer in time counts as declined (a ledger entry says so)."""
    now = now or timezone.now()
    expired = 0
    for rights_request in RightsRequest.objects.filter(
        status=RightsRequest.Status.REQUESTED, expires_at__lte=now
    ).select_related("submission", "submission__creator"):
        with transaction.atomic():
            claimed = RightsRequest.objects.filter(
                pk=rights_request.pk, status=RightsRequest.Status.REQUESTED
            ).update(status=RightsRequest.Status.EXPIRED, responded_at=now)
            if not claimed:
                continue
            submission = rights_request.submission
            if submission.rights_status == RightsStatus.REQUESTED:
                record_decline(
                    submission,
                    method=ConsentMethod.RIGHTS_REQUEST,
                    note=_("No answer to the rights request in time."),
                )
            log(instance=submission, action=EXPIRE_LOG_ACTION, user=None)
        expired += 1
    return expired
