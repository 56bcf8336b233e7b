"""A small, known data set for the engagement report: every figure in it is worked out by hand below.

Campaign "Summer" (A) and "Winter" (B); pages P1 and P2; the period is
1–10 March 2024 in Copenhagen (UTC+1).

Received in the period (submitted_at, decision, hours to the decision):
  A: s1 00:30 on 1 March (approved, 1 h), s2 (approved, 3 h), s3 (rejected, 5 h),
     s4 (pending), s5 23:30 on 10 March (approved, 10 h)
     → 5 received, 3 approved, 1 rejected: 75.0%; median of 1, 3, 5, 10 h = 4 h
  B: s6 (approved, 2 h), s7 (rejected, 6 h), s8 (rejected, 8 h)
     → 3 received, 1 approved, 2 rejected: 33.3%; median 6 h
  All: 8 received, 4 approved, 3 rejected: 57.1%; median of 1, 2, 3, 5, 6, 8, 10 h = 5 h
Outside: 23:59 on 29 February and 00:10 on 11 March (Copenhagen), both in A.

Engagement in the period (impressions / lightbox / link clicks / credit clicks):
  s1 on P1: 1 March 100/10/5/1, 10 March 50/0/2/0
  s2 on P1: 5 March 200/0/1/0;  s2 on P2: 5 March 100/0/0/3
  s6 on P2: 2 March 40/4/8/0
  → total 490 impressions, 14 lightbox opens, 20 clicks: 4.1%
  → A 450 / 12 clicks, B 40 / 8 clicks; P1 350 / 9, P2 140 / 11
  → top items: s1 (8 clicks, 150), s6 (8 clicks, 40), s2 (4 clicks, 300)
  → top creators: s1 and s2's creator (12 clicks, 2 items), then s6's (8)
Outside the period, s1 on P1: 29 February and 11 March, 1000 impressions each.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from wagtail.models import Locale, Page

from wagtail_ugc.models import EngagementDay
from wagtail_ugc.models.choices import ModerationStatus

from ..factories import CampaignFactory, CreatorFactory, SubmissionFactory

TZ = ZoneInfo("Europe/Copenhagen")
FIRST = date(2024, 3, 1)
LAST = date(2024, 3, 10)
PERIOD = {"dates_from": "2024-03-01", "dates_to": "2024-03-10"}
HOSTILE_CREDIT = '<img src=x onerror=alert(1) ugc-x>Ada "=1+1"'
HOSTILE_TITLE = '=HYPERLINK("http://evil.example")<ugc-x ugc-x>Summer'


@dataclass
class KnownData:
    summer: object
    winter: object
    p1: object
    p2: object
    s: dict


def at(day, hour, minute=0):
    return datetime(2024, day[0], day[1], hour, minute, tzinfo=TZ)


def submission(campaign, creator, submitted, status, hours=None, credit=None):
    fields = {
        "campaign": campaign,
        "creator": creator,
        "submitted_at": submitted,
        "moderation_status": status,
        "decided_at": submitted + timedelta(hours=hours) if hours else None,
    }
    if credit:
        fields["credit_line"] = credit
    return SubmissionFactory(**fields)


def root_page():
    root = Page.get_first_root_node()
    if root is None:  # a transactional test's flush took what migrations made
        Locale.objects.get_or_create(language_code="en")
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def known_data():
    summer = CampaignFactory(title=HOSTILE_TITLE, slug="summer")
    winter = CampaignFactory(title="Winter", slug="winter")
    root = root_page()
    p1 = root.add_child(instance=Page(title="Tents <ugc-x>", slug="report-p1"))
    p2 = root.add_child(instance=Page(title="Stoves", slug="report-p2"))
    ada = CreatorFactory(name="Ada")
    approved, rejected, pending = (
        ModerationStatus.APPROVED,
        ModerationStatus.REJECTED,
        ModerationStatus.PENDING,
    )
    s = {
        1: submission(summer, ada, at((3, 1), 0, 30), approved, 1, HOSTILE_CREDIT),
        2: submission(summer, ada, at((3, 3), 12), approved, 3, HOSTILE_CREDIT),
        3: submission(summer, None, at((3, 4), 12), rejected, 5),
        4: submission(summer, None, at((3, 6), 12), pending),
        5: submission(summer, None, at((3, 10), 23, 30), approved, 10),
        6: submission(winter, CreatorFactory(name="Bo"), at((3, 2), 9), approved, 2),
        7: submission(winter, None, at((3, 7), 9), rejected, 6),
        8: submission(winter, None, at((3, 8), 9), rejected, 8),
        "before": submission(summer, None, at((2, 29), 23, 59), approved, 100),
        "after": submission(summer, None, at((3, 11), 0, 10), approved, 100),
    }

    def counts(item, page, day, impressions, lightbox=0, link=0, credit=0):
        EngagementDay.objects.create(
            submission=item,
            page=page,
            campaign=item.campaign,
            day=day,
            impressions=impressions,
            lightbox_opens=lightbox,
            link_clicks=link,
            credit_clicks=credit,
        )

    counts(s[1], p1, date(2024, 3, 1), 100, 10, 5, 1)
    counts(s[1], p1, date(2024, 3, 10), 50, 0, 2, 0)
    counts(s[2], p1, date(2024, 3, 5), 200, 0, 1, 0)
    counts(s[2], p2, date(2024, 3, 5), 100, 0, 0, 3)
    counts(s[6], p2, date(2024, 3, 2), 40, 4, 8, 0)
    counts(s[1], p1, date(2024, 2, 29), 1000, 0, 500, 0)
    counts(s[1], p1, date(2024, 3, 11), 1000, 0, 500, 0)
    return KnownData(summer, winter, p1, p2, s)
