"""The report and the dashboard panel cost the same number of queries whatever the data; the panel's figures."""

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page
from wagtail.users.models import UserProfile

from wagtail_ugc.engagement.wagtail_hooks import EngagementPanel
from wagtail_ugc.models import EngagementDay
from wagtail_ugc.models.choices import ModerationStatus

from ..factories import CampaignFactory, CreatorFactory, SubmissionFactory
from .report_data import PERIOD, known_data, root_page

pytestmark = pytest.mark.django_db

URL = "/admin/ugc-reports/"


@pytest.fixture
def admin_client(client, moderator):
    client.force_login(moderator)
    return client


def more_data(count, first_day):
    """``count`` more campaigns, pages and creators, with submissions and a row a day each."""
    root = root_page()
    for n in range(count):
        campaign = CampaignFactory()
        page = root.add_child(instance=Page(title=f"More {n}", slug=f"more-{n}"))
        creator = CreatorFactory()
        for m in range(3):
            submission = SubmissionFactory(
                campaign=campaign,
                creator=creator,
                moderation_status=ModerationStatus.APPROVED,
                submitted_at=timezone.make_aware(
                    timezone.datetime.combine(first_day, timezone.datetime.min.time())
                )
                + timedelta(hours=m + 1),
                decided_at=timezone.now(),
            )
            EngagementDay.objects.bulk_create(
                EngagementDay(
                    submission=submission,
                    page=page,
                    campaign=campaign,
                    day=first_day + timedelta(days=d),
                    impressions=10 + d,
                    link_clicks=d % 3,
                )
                for d in range(10)
            )


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(context)


def report_costs(client, campaign):
    return {
        "campaigns": queries(client, URL, PERIOD),
        "one campaign": queries(client, URL, {**PERIOD, "campaign": campaign.pk}),
        "pages": queries(client, URL, {**PERIOD, "rows": "page"}),
        "results": queries(client, URL + "results/", PERIOD),
        "csv": queries(client, URL, {**PERIOD, "export": "csv"}),
        "xlsx": queries(client, URL, {**PERIOD, "export": "xlsx"}),
        "dashboard panel": panel_queries(),
    }


def panel_queries():
    # The panel alone: the admin home's other panels are Wagtail's.
    with CaptureQueriesContext(connection) as context:
        EngagementPanel().render_html({})
    return len(context)


def test_queries_do_not_grow_with_the_data(admin_client, settings):
    settings.TIME_ZONE = "Europe/Copenhagen"
    data = known_data()
    small = report_costs(admin_client, data.summer)
    more_data(6, data.s[1].submitted_at.date())
    large = report_costs(admin_client, data.summer)
    assert large == small
    assert small["dashboard panel"] == 2
    # the figures did grow: the rows are there
    soup = BeautifulSoup(admin_client.get(URL, PERIOD).content, "html.parser")
    assert len(soup.select("[data-ugc-report-rows] tbody tr")) == 8


def test_the_dashboard_panel_shows_the_last_7_days(admin_client):
    today = timezone.localdate()
    now = timezone.now()
    campaign = CampaignFactory()
    root = root_page()
    page = root.add_child(instance=Page(title="Gallery", slug="gallery-7"))
    shown = SubmissionFactory(
        campaign=campaign,
        moderation_status=ModerationStatus.APPROVED,
        submitted_at=now - timedelta(days=2),
        decided_at=now - timedelta(days=1),
    )
    SubmissionFactory(campaign=campaign, submitted_at=now - timedelta(hours=1))
    SubmissionFactory(
        campaign=campaign,
        moderation_status=ModerationStatus.APPROVED,
        submitted_at=now - timedelta(days=9),
    )
    for days_ago, impressions, clicks in ((0, 30, 2), (6, 20, 1), (7, 500, 50)):
        EngagementDay.objects.create(
            submission=shown,
            page=page,
            campaign=campaign,
            day=today - timedelta(days=days_ago),
            impressions=impressions,
            link_clicks=clicks,
            credit_clicks=1,
        )
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    panel = soup.select_one("[data-ugc-engagement-panel]")
    figures = {dd["data-figure"]: dd.get_text(strip=True) for dd in panel.select("dd")}
    assert figures == {
        "impressions": "50",
        "clicks": "5",
        "received": "2",
        "approved": "1",
    }
    sparkline = soup.select_one("svg.ugc-sparkline")
    assert sparkline["role"] == "img"
    assert sparkline.title.get_text().endswith(": 20, 0, 0, 0, 0, 0, 30")
    link = soup.find("a", string="Open the engagement report")["href"]
    assert link.startswith(URL) and "period=7" in link
    # The link opens a report with the same figures.
    report = BeautifulSoup(admin_client.get(link).content, "html.parser")
    totals = {
        dd["data-figure"]: dd.get_text(strip=True)
        for dd in report.select("[data-ugc-report-totals] dd")
    }
    assert (totals["impressions"], totals["clicks"], totals["received"]) == (
        "50",
        "5",
        "2",
    )


def test_the_xlsx_is_a_workbook_even_when_empty(admin_client):
    import openpyxl

    response = admin_client.get(URL, {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [row for row in workbook.active.iter_rows(values_only=True)][1:] == []


@pytest.mark.parametrize(
    "language, shown", [("en", "12,345"), ("da", "12.345"), ("sv", "12\xa0345")]
)
def test_large_figures_are_grouped_as_the_admin_language_writes_them(
    admin_client, moderator, language, shown
):
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = language
    profile.save()
    campaign = CampaignFactory()
    page = root_page().add_child(instance=Page(title="Gallery", slug="big-gallery"))
    EngagementDay.objects.create(
        submission=SubmissionFactory(campaign=campaign),
        page=page,
        campaign=campaign,
        day=timezone.localdate(),
        impressions=12345,
    )
    for url, selector in (
        ("/admin/", "[data-ugc-engagement-panel] [data-figure=impressions]"),
        (URL, "[data-ugc-report-totals] [data-figure=impressions]"),
    ):
        soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
        assert soup.select_one(selector).get_text(strip=True) == shown
