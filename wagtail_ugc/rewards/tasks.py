"""E-mails about reward codes, sent by the task worker after the approval commits.

Each code is e-mailed once: ``sent_at`` is claimed by a conditional update
before sending (and released if sending fails), as the decision e-mails are
(``moderation.notifications``). A task lost on the way is queued again by
``ugc_process_received`` (``send_unsent_codes``).
"""

import logging

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks import task

from ..mail import absolute_url, mail_creator, mail_moderators, one_line
from ..models import Campaign, RewardCode

logger = logging.getLogger(__name__)


@task()
def send_reward_codes_task(*code_ids):
    """E-mail each code to the creator of the submission it went to; how many were sent."""
    sent, failed = 0, []
    for code_id in code_ids:
        try:
            sent += send_code_once(code_id)
        except Exception:
            logger.exception("E-mailing reward code %s failed", code_id)
            failed.append(code_id)
    if failed:
        raise RuntimeError(f"Reward codes not e-mailed: {failed}")
    return sent


def send_code_once(code_id):
    code = (
        RewardCode.objects.select_related("campaign", "submission__creator")
        .filter(pk=code_id, submission__isnull=False, sent_at__isnull=True)
        .first()
    )
    if code is None:
        return 0  # Sent already, or its submission was erased.
    claimed = RewardCode.objects.filter(pk=code_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return 0  # Another worker has it.
    submission = code.submission
    creator = submission.creator
    context = {
        "code": code.code,
        "campaign": code.campaign,
        "incentive": one_line(code.campaign.incentive_text),
        "submission": submission,
        "name": one_line(creator.name) if creator else "",
    }
    try:
        return mail_creator("creator_reward", context, submission)
    except Exception:
        # Refused: the next run sends it. Not on a forced stop (SystemExit),
        # which may come after the mail server took it: better late than twice.
        RewardCode.objects.filter(pk=code_id).update(sent_at=None)
        raise


def send_unsent_codes(assigned_before):
    """Queue the e-mails of codes handed out before ``assigned_before`` and never sent; how many."""
    ids = list(
        RewardCode.objects.filter(
            submission__isnull=False,
            sent_at__isnull=True,
            assigned_at__lte=assigned_before,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if ids:
        send_reward_codes_task.enqueue(*ids)
    return len(ids)


@task()
def warn_moderators_task(campaign_id, left, missed=False):
    """Tell the moderators a campaign's pool runs low (or is empty)."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    try:
        url = absolute_url(reverse("wagtail_ugc_reward_codes", args=[campaign.pk]))
    except NoReverseMatch:
        url = ""  # The admin's URLs are not installed.
    return mail_moderators(
        "moderator_rewards_low",
        {"campaign": campaign, "left": left, "missed": missed, "pool_url": url},
    )
