"""Handing out reward codes when submissions are approved: one code per submission, never one code twice.

Runs inside the approval's transaction (the ``submissions_approved`` signal),
so a code is handed out exactly when the approval commits. Two guarantees,
each held by the database rather than by timing:

* never two codes for one submission: ``RewardCode.submission`` is one-to-one,
  and a submission that already has a code (approved before, unpublished,
  approved again) is skipped;
* never one code for two submissions: a code is taken by a conditional
  ``UPDATE … WHERE assigned_at IS NULL``, which only one transaction wins. On
  PostgreSQL the free codes are first read ``FOR UPDATE SKIP LOCKED``, so
  moderators approving at the same moment take different codes instead of
  queueing for the same ones; on SQLite writers take turns anyway.

A code once handed out stays handed out (``assigned_at`` is never cleared),
even if its submission is erased later.
"""

import logging
from functools import partial

from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from ..models import Campaign, RewardCode, Submission
from ..models.ledger import record_rewards
from .tasks import send_reward_codes_task, warn_moderators_task

logger = logging.getLogger(__name__)

#: Rounds of taking free codes when other moderators took some first.
ATTEMPTS = 5


def hand_out(submission_ids, user=None):
    """Give each of the approved ``submission_ids`` without a code one from its campaign's pool.

    Call it inside the approval's transaction. Returns the codes handed out.
    Submissions whose campaign has no pool get nothing; a pool that is empty
    or runs low is told to the moderators (``warn_if_low``).
    """
    wanting = dict(
        Submission.objects.filter(
            pk__in=submission_ids, campaign__isnull=False, reward_code__isnull=True
        )
        .order_by("pk")
        .values_list("pk", "campaign_id")
    )
    if not wanting:
        return []
    pooled = set(
        RewardCode.objects.filter(campaign_id__in=set(wanting.values()))
        .values_list("campaign_id", flat=True)
        .distinct()
    )
    now = timezone.now()
    given, handed = {}, []
    short = set()
    for campaign_id in sorted(pooled):
        ids = [pk for pk, campaign in wanting.items() if campaign == campaign_id]
        taken = _take_codes(campaign_id, ids, now)
        given.update(taken)
        if len(taken) < len(ids):
            short.add(campaign_id)
    if given:
        codes = RewardCode.objects.in_bulk(list(given.values()))
        submissions = Submission.objects.select_related("creator").in_bulk(list(given))
        awards = [(submissions[pk], codes[code_pk]) for pk, code_pk in given.items()]
        handed = [code for _submission, code in awards]
        record_rewards(awards, recorded_by=user)
        transaction.on_commit(partial(_send, sorted(given.values())))
    for campaign_id in sorted(pooled):
        warn_if_low(campaign_id, missed=campaign_id in short)
    return handed


def _take_codes(campaign_id, submission_ids, now):
    """``{submission id: code id}`` for as many of ``submission_ids`` as there are free codes."""
    given = {}
    waiting = list(submission_ids)
    for _attempt in range(ATTEMPTS):
        free = RewardCode.objects.filter(
            campaign_id=campaign_id, assigned_at__isnull=True
        ).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            free = free.select_for_update(skip_locked=True)
        candidates = list(free.values_list("pk", flat=True)[: len(waiting)])
        if not candidates:
            break
        for code_id in candidates:
            taken = RewardCode.objects.filter(
                pk=code_id, assigned_at__isnull=True, submission__isnull=True
            ).update(submission_id=waiting[0], assigned_at=now)
            if taken:
                given[waiting.pop(0)] = code_id
        if not waiting:
            break
    return given


def _send(code_ids):
    try:
        send_reward_codes_task.enqueue(*code_ids)
    except Exception:
        # The approval stands; ugc_process_received queues the e-mail again.
        logger.exception("Queueing the reward e-mails of codes %s failed", code_ids)


def low_pools():
    """Campaigns with a pool whose free codes are at or below their warning level."""
    return (
        Campaign.objects.annotate(
            codes_total=Count("reward_codes"),
            codes_left=Count(
                "reward_codes", filter=Q(reward_codes__assigned_at__isnull=True)
            ),
        )
        .filter(codes_total__gt=0)
        .filter(codes_left__lte=F("reward_low_at"))
        .order_by("codes_left", "title")
    )


def warn_if_low(campaign_id, *, missed=False):
    """E-mail the moderators once when the campaign's pool is at or below its warning level.

    Once per time it runs low: the campaign is marked when told (a
    conditional update only one transaction wins), and unmarked when codes
    are added above the level again (``pool.add_codes``). ``missed``: an
    approved submission just went without a code.
    """
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return False
    left = RewardCode.objects.filter(
        campaign_id=campaign_id, assigned_at__isnull=True
    ).count()
    if left > campaign.reward_low_at:
        return False
    claimed = Campaign.objects.filter(
        pk=campaign_id, reward_low_warned_at__isnull=True
    ).update(reward_low_warned_at=timezone.now())
    if not claimed:
        return False
    transaction.on_commit(partial(_warn, campaign_id, left, missed))
    return True


def _warn(campaign_id, left, missed):
    try:
        warn_moderators_task.enqueue(campaign_id, left, missed)
    except Exception:
        # The dashboard still shows the warning.
        logger.exception("Warning the moderators of campaign %s failed", campaign_id)
