"""The example site serves its pages, and `ugc_demo` can run twice."""

import pytest
from django.core.management import call_command

from wagtail_ugc.models import Campaign, Submission

pytestmark = pytest.mark.django_db


def test_home_share_and_gallery_pages_are_served(client, demo_content):
    for url in ("/", "/share/", "/gallery/"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert b"Northwind Outdoor" in client.get("/").content


def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200


def test_demo_loads_twice_without_duplicates(capsys):
    call_command("ugc_demo")
    counts = (Campaign.objects.count(), Submission.objects.count())
    call_command("ugc_demo")
    assert (Campaign.objects.count(), Submission.objects.count()) == counts
    assert "admin / changeme" in capsys.readouterr().out


def test_unknown_page_is_a_404(client, demo_content):
    assert client.get("/no-such-page/").status_code == 404


# Recognition and engagement ----------------------------------------------------


def test_the_gallery_page_shows_featured_items_first_with_their_label(
    client, demo_content
):
    import re

    html = client.get("/gallery/").content.decode()
    first_gallery = html.split('<section class="ugc-gallery', 2)[1]
    items = re.findall(r'<li class="ugc-item.*?</li>', first_gallery, flags=re.S)
    labelled = ['class="ugc-item__featured"' in item for item in items]
    assert labelled[:2] == [True, True] and not any(labelled[2:])
    reviews = html.split('<section class="ugc-reviews', 1)[1]
    assert reviews.index("ugc-item__featured") < reviews.index("</li>")


def test_demo_counts_are_plausible_and_only_for_items_on_the_pages_that_show_them(
    demo_content,
):
    from demo.content.recognition import ENGAGEMENT_DAYS
    from django.db.models import Count, Sum

    from wagtail_ugc.models import EngagementDay
    from wagtail_ugc.models.usage import pages_showing

    shown = {
        (submission.pk, page.pk)
        for submission in Submission.objects.displayable()
        for page in pages_showing(submission)
    }
    counted = EngagementDay.objects.values("submission", "page").annotate(
        days=Count("pk")
    )
    assert {(row["submission"], row["page"]) for row in counted} == shown
    assert {row["days"] for row in counted} == {ENGAGEMENT_DAYS}
    totals = EngagementDay.objects.aggregate(
        impressions=Sum("impressions"),
        lightbox=Sum("lightbox_opens"),
        clicks=Sum("link_clicks"),
        credits=Sum("credit_clicks"),
    )
    assert totals["impressions"] > 10 * totals["lightbox"]
    assert totals["lightbox"] > totals["clicks"] + totals["credits"] > 0
    by_weekday = [0] * 7
    for day, impressions in EngagementDay.objects.values_list("day", "impressions"):
        by_weekday[day.weekday()] += impressions
    assert min(by_weekday[5:]) > max(by_weekday[:4])  # weekends are busier


def test_demo_decisions_have_times_and_the_campaign_has_a_reward_pool(demo_content):
    from wagtail_ugc.models.choices import ModerationStatus

    decided = Submission.objects.exclude(moderation_status=ModerationStatus.PENDING)
    assert decided.exists()
    assert not decided.filter(decided_at__isnull=True).exists()
    campaign = Campaign.objects.get(slug="summer-trails")
    assert campaign.reward_codes.filter(submission__isnull=True).count() >= 20


def test_demo_recognition_loads_twice_without_duplicates():
    from wagtail_ugc.models import EngagementDay, RewardCode

    call_command("ugc_demo")
    counts = (EngagementDay.objects.count(), RewardCode.objects.count())
    call_command("ugc_demo")
    assert (EngagementDay.objects.count(), RewardCode.objects.count()) == counts
