"""Demo content for what UGC earns and what creators get back.

Featured items on /gallery/, when each decided submission was decided, five
weeks of engagement counts for every item on the pages that show it, and a
reward pool for the summer campaign. Counts are generated, deterministic
(the same demo gives the same numbers) and plausible: impressions far above
lightbox opens, above link clicks, with a weekly rhythm. Running it again
adds only what is missing.
"""

import random
from datetime import timedelta

from django.utils import timezone

from wagtail_ugc.models import Campaign, EngagementDay, Submission
from wagtail_ugc.models.choices import Kind, ModerationStatus
from wagtail_ugc.models.usage import pages_showing
from wagtail_ugc.rewards.pool import add_codes

from .galleries import EMAIL_DOMAIN

#: Demo items shown first, with the "Featured" label (two photos, a review).
FEATURED_CREDITS = ("Mei Chen", "Lucía M.", "Sofia L.")

#: Days of counts, ending yesterday (today's are still being counted).
ENGAGEMENT_DAYS = 35

#: Visits by weekday, Monday first: outdoor shoppers browse at weekends.
WEEKLY_RHYTHM = (0.85, 0.8, 0.85, 0.9, 1.05, 1.35, 1.3)

REWARD_CAMPAIGN = "summer-trails"
REWARD_CODES = [f"TRAIL-{n:04d}-{(n * 7919) % 10000:04d}" for n in range(1, 26)]


def ensure_featured():
    return (
        Submission.objects.filter(
            creator__email__endswith=f"@{EMAIL_DOMAIN}",
            credit_line__in=FEATURED_CREDITS,
            featured=False,
        )
        # Demo rows have no revisions (galleries.approved): the row is the content.
        .update(featured=True)
    )


def ensure_decided_at():
    """Decided demo submissions get a decision time: a few hours to two days after arrival."""
    decided = Submission.objects.exclude(
        moderation_status=ModerationStatus.PENDING
    ).filter(decided_at__isnull=True)
    changed = 0
    for submission in decided.only("pk", "uuid", "submitted_at"):
        waited = timedelta(
            minutes=random.Random(submission.uuid.hex).randint(20, 48 * 60)
        )
        Submission.objects.filter(pk=submission.pk).update(
            decided_at=min(submission.submitted_at + waited, timezone.now())
        )
        changed += 1
    return changed


def daily_counts(rng, *, day, appeal, kind, has_credit_link, has_page_link):
    """One day's counts of one item on one page."""
    impressions = int(appeal * WEEKLY_RHYTHM[day.weekday()] * rng.uniform(0.8, 1.2))
    lightbox = int(impressions * rng.uniform(0.03, 0.08)) if kind == Kind.PHOTO else 0
    return {
        "impressions": impressions,
        "lightbox_opens": lightbox,
        "link_clicks": int(impressions * rng.uniform(0.004, 0.015))
        if has_page_link
        else 0,
        "credit_clicks": int(impressions * rng.uniform(0.002, 0.008))
        if has_credit_link
        else 0,
    }


def ensure_engagement(today=None):
    """Daily rows for every displayable item on each page that shows it; only missing days are added."""
    today = today or timezone.localdate()
    days = [today - timedelta(days=n) for n in range(ENGAGEMENT_DAYS, 0, -1)]
    rows = []
    shown = Submission.objects.displayable().order_by("pk")
    for submission in shown:
        for page in pages_showing(submission):
            # Seeded by what the demo names, not by row ids: the same numbers
            # on every fresh demo.
            rng = random.Random(f"{submission.credit_line}|{page.url_path}")
            appeal = rng.uniform(40, 220) * (1.8 if submission.featured else 1)
            for day in days:
                rows.append(
                    EngagementDay(
                        day=day,
                        submission=submission,
                        page=page,
                        campaign_id=submission.campaign_id,
                        **daily_counts(
                            random.Random(f"{rng.random()}|{day.isoformat()}"),
                            day=day,
                            appeal=appeal * (1 + 0.01 * (day - days[0]).days),
                            kind=submission.kind,
                            has_credit_link=bool(submission.credit_url),
                            has_page_link=submission.related_page_id is not None,
                        ),
                    )
                )
    before = EngagementDay.objects.count()
    EngagementDay.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return EngagementDay.objects.count() - before


def ensure_reward_pool():
    campaign = Campaign.objects.filter(slug=REWARD_CAMPAIGN).first()
    if campaign is None:
        return None
    if not campaign.incentive_text:
        Campaign.objects.filter(pk=campaign.pk).update(
            incentive_text="A 15% discount code for every approved photo or review."
        )
    add_codes(campaign, REWARD_CODES)
    return campaign.reward_codes.filter(submission__isnull=True).count()


def load(stdout):
    featured = ensure_featured()
    decided = ensure_decided_at()
    counted = ensure_engagement()
    codes = ensure_reward_pool()
    stdout.write(
        f"Recognition: {featured} items featured, {decided} decision times set, "
        f"{counted} daily engagement rows added"
        + (f", {codes} reward codes free in the pool." if codes is not None else ".")
    )
