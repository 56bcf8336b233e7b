"""E-mails about submissions: to moderators (new work) and to creators (decisions).

Rendering, languages and sending are ``wagtail_ugc.mail``'s (templates under
``wagtail_ugc/emails/``); this module decides who is told what, and when.
"""

import logging
from datetime import timedelta

from django.db.models import Count, F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks import task
from wagtail.admin.admin_url_finder import AdminURLFinder

from ..conf import ugc_settings
from ..links import withdraw_url
from ..mail import absolute_url, mail_creator, mail_moderators, one_line
from ..models import Submission
from ..models.choices import ModerationStatus
from ..models.selection import has_something_to_show
from ..models.usage import pages_showing

logger = logging.getLogger(__name__)

#: Most submissions listed in one digest (the rest are counted).
DIGEST_LIMIT = 25


# URLs in e-mails ---------------------------------------------------------------


def admin_url(submission):
    path = AdminURLFinder().get_edit_url(submission)
    return absolute_url(path) if path else queue_url()


def queue_url():
    viewset = getattr(Submission, "snippet_viewset", None)
    try:
        if viewset is not None:
            return absolute_url(reverse(viewset.get_url_name("list")))
        return absolute_url(reverse("wagtailadmin_home"))
    except NoReverseMatch:
        return absolute_url(reverse("wagtailadmin_home"))


def where_shown(submission):
    """``[(title, full URL)]`` of the live pages that show ``submission`` now."""
    pages = [(page.title, page.get_full_url()) for page in pages_showing(submission)]
    return [(title, url) for title, url in pages if url]


# Moderators --------------------------------------------------------------------


def submission_context(submission):
    return {
        "submission": submission,
        "credit": one_line(submission.credit_line),
        "campaign": submission.campaign,
        "flags": list(submission.flags.all()),
        "admin_url": admin_url(submission),
    }


def notify_moderators_of_new_submission(submission):
    """Tell moderators about ``submission`` now, or leave it for the digest.

    Returns the number of e-mails sent (0 in "digest" and "off" modes).
    """
    if ugc_settings.MODERATOR_NOTIFICATIONS != "immediate":
        return 0
    return mail_moderators("moderator_new_submission", submission_context(submission))


def send_moderator_digest(*, force=False):
    """Send each moderator one e-mail listing the submissions awaiting moderation.

    Does nothing unless MODERATOR_NOTIFICATIONS is "digest" (or ``force``), or
    when nothing awaits. Returns the number of e-mails sent.
    """
    if ugc_settings.MODERATOR_NOTIFICATIONS != "digest" and not force:
        return 0
    waiting = Submission.objects.awaiting_moderation().order_by("submitted_at", "pk")
    total = waiting.count()
    if not total:
        return 0
    since = timezone.now() - timedelta(days=1)
    listed = list(
        waiting.select_related("campaign").annotate(flag_count=Count("flags"))[
            :DIGEST_LIMIT
        ]
    )
    context = {
        "total": total,
        "new_today": waiting.filter(submitted_at__gte=since).count(),
        "oldest": listed[0].submitted_at,
        "items": [
            {
                "submission": item,
                "credit": one_line(item.credit_line),
                "flag_count": item.flag_count,
                "admin_url": admin_url(item),
            }
            for item in listed
        ],
        "more": total - len(listed),
        "queue_url": queue_url(),
    }
    return mail_moderators("moderator_digest", context)


@task()
def send_moderator_digest_task():
    """The daily digest as a background task (schedule it, or run ``ugc_moderator_digest``)."""
    return send_moderator_digest()


# Creators ----------------------------------------------------------------------


def awaiting_public_copy():
    """Displayable submissions no page shows yet: photos whose public copy
    publication has not made (``selection.has_something_to_show``)."""
    return Submission.objects.displayable().exclude(has_something_to_show())


def notify_creator_when_shown(submission):
    """Publication made ``submission``'s public copy: the approval e-mail can say where it is.

    Queues the e-mail unless the creator was told already;
    ``notify_creator_task`` tells them once whoever queues it.
    """
    if (
        submission.creator_id
        and submission.moderation_status == ModerationStatus.APPROVED
        and submission.creator_notified_of != ModerationStatus.APPROVED
    ):
        notify_creator_task.enqueue(ModerationStatus.APPROVED, submission.pk)


def notify_creator_of_approval(submission):
    """Tell the creator their submission is approved, where it shows, how to withdraw.

    Sent once the pages show it: a photo's e-mail waits for publication
    (``_tell_creator_once``), so the pages listed are the real ones.
    """
    creator = submission.creator
    if creator is None:
        return 0
    context = {
        "submission": submission,
        "name": one_line(creator.name),
        "pages": where_shown(submission),
        "withdraw_url": absolute_url(withdraw_url(submission)),
    }
    return mail_creator("creator_approved", context, submission)


def notify_creator_of_rejection(submission):
    """Tell the creator their submission was rejected, with the reason, if the site does that."""
    creator = submission.creator
    if not ugc_settings.NOTIFY_CREATOR_ON_REJECTION or creator is None:
        return 0
    context = {
        "submission": submission,
        "name": one_line(creator.name),
        "reason": submission.rejection_reason,
    }
    return mail_creator("creator_rejected", context, submission)


@task()
def notify_creator_task(decision, *submission_ids):
    """Tell the creators of a decision, from a worker: moderators do not wait for mail servers.

    One task for a whole bulk decision. Each creator is told once: the
    submission is marked as told before its e-mail is sent (and unmarked if
    sending fails), so running the task again, or a second task for the same
    decision, sends nothing more. Nothing is sent if, before the worker got to
    it, the submission was decided otherwise, withdrawn or erased. An
    approved photo whose public copy is not made yet is left for publication
    to queue again (``notify_creator_when_shown``): until then no page shows
    it. Returns the number of e-mails sent.
    """
    sent, failed = 0, []
    if decision == ModerationStatus.APPROVED:
        # Publication tells these once their public copy exists.
        waiting = set(
            awaiting_public_copy()
            .filter(pk__in=submission_ids)
            .values_list("pk", flat=True)
        )
        submission_ids = [pk for pk in submission_ids if pk not in waiting]
    for submission_id in submission_ids:
        try:
            sent += _tell_creator_once(decision, submission_id)
        except Exception:
            logger.exception("Telling the creator of %s failed", submission_id)
            failed.append(submission_id)
    if failed:
        # Marked as failed in the task queue; the others were sent.
        raise RuntimeError(f"Creators not told of {decision}: {failed}")
    return sent


def notify_untold_creators(decided_before):
    """Queue the e-mails of decisions made before ``decided_before`` whose creator was never told.

    What a lost task (its worker killed, say) or a mail server that was down
    left undone; ``notify_creator_task`` tells each creator once, so queuing
    one again is harmless. Returns how many submissions were queued.
    """
    untold = (
        Submission.objects.exclude(moderation_status=ModerationStatus.PENDING)
        .exclude(creator_notified_of=F("moderation_status"))
        .filter(
            creator__isnull=False,
            withdrawn_at__isnull=True,
            updated_at__lte=decided_before,
        )
        # Told by publication once their public copy exists; the sweep redoes
        # a publication that was lost.
        .exclude(pk__in=awaiting_public_copy().values("pk"))
    )
    queued = 0
    for decision in (ModerationStatus.APPROVED, ModerationStatus.REJECTED):
        ids = list(
            untold.filter(moderation_status=decision).values_list("pk", flat=True)
        )
        if ids:
            notify_creator_task.enqueue(decision, *ids)
            queued += len(ids)
    return queued


def _tell_creator_once(decision, submission_id):
    submission = (
        Submission.objects.select_related("creator").filter(pk=submission_id).first()
    )
    if (
        submission is None
        or submission.moderation_status != decision
        or submission.withdrawn_at
        or submission.creator_notified_of == decision
    ):
        return 0
    told_before = submission.creator_notified_of
    claimed = Submission.objects.filter(
        pk=submission_id,
        moderation_status=decision,
        withdrawn_at__isnull=True,
        creator_notified_of=told_before,
    ).update(creator_notified_of=decision)
    if not claimed:
        return 0  # Changed, or told by another worker, meanwhile.
    try:
        if decision == ModerationStatus.APPROVED:
            return notify_creator_of_approval(submission)
        return notify_creator_of_rejection(submission)
    except Exception:
        # Refused: the next run tells them. Not on a forced stop (SystemExit),
        # which may come after the mail server took it: better lost than twice.
        Submission.objects.filter(
            pk=submission_id, creator_notified_of=decision
        ).update(creator_notified_of=told_before)
        raise
