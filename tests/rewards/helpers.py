"""Campaigns with a pool of codes, and pending submissions in them."""

from wagtail_ugc.models import RewardCode
from wagtail_ugc.rewards.pool import add_codes

from ..factories import CampaignFactory
from ..moderation.helpers import pending_submission


def campaign_with_codes(count, *, low_at=0, prefix="CODE"):
    campaign = CampaignFactory(reward_low_at=low_at)
    result = add_codes(campaign, [f"{prefix}-{n:04d}-X" for n in range(count)])
    assert result.added == count
    return campaign


def pending_in(campaign, **kwargs):
    return pending_submission(campaign=campaign, **kwargs)


def code_of(submission):
    return RewardCode.objects.filter(submission=submission).first()
