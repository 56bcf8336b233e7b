"""The engagement report's numbers for a known data set, its filters, permissions and escaping."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail_ugc.engagement.reports import (
    Period,
    ReportQuery,
    median_waits,
    per_day,
    rows_per_campaign,
    rows_per_page,
    top_creators,
    top_items,
    totals,
)
from wagtail_ugc.models import Submission

from ..hostile_text import injected
from .report_data import FIRST, LAST, PERIOD, known_data

pytestmark = pytest.mark.django_db

URL = "/admin/ugc-reports/"


@pytest.fixture
def data(settings):
    settings.TIME_ZONE = "Europe/Copenhagen"
    return known_data()


@pytest.fixture
def query(data):
    return ReportQuery(period=Period(FIRST, LAST))


@pytest.fixture
def admin_client(client, moderator):
    client.force_login(moderator)
    return client


def hours(n):
    return timedelta(hours=n)


def test_totals_of_the_period(query):
    total = totals(query)
    assert (total.received, total.approved, total.rejected) == (8, 4, 3)
    assert total.approval_rate == pytest.approx(4 / 7)
    assert total.median_wait == hours(5)
    assert total.impressions == 490
    assert total.lightbox_opens == 14
    assert (total.link_clicks, total.credit_clicks, total.clicks) == (16, 4, 20)
    assert total.click_through_rate == pytest.approx(20 / 490)
    assert total.click_through_rate_display == "4.1%"
    assert total.approval_rate_display == "57.1%"
    assert total.median_wait_display == "5.0 h"


def test_per_campaign(query, data):
    rows = {row.label: row for row in rows_per_campaign(query)}
    summer, winter = rows[data.summer.title], rows["Winter"]
    assert (summer.received, summer.approved, summer.rejected) == (5, 3, 1)
    assert summer.approval_rate == 0.75
    assert summer.median_wait == hours(4)
    assert (summer.impressions, summer.clicks) == (450, 12)
    assert (winter.received, winter.approved, winter.rejected) == (3, 1, 2)
    assert winter.median_wait == hours(6)
    assert (winter.impressions, winter.clicks) == (40, 8)
    assert [row.label for row in rows_per_campaign(query)] == [
        data.summer.title,
        "Winter",
    ]


def test_per_page(query, data):
    rows = rows_per_page(query)
    assert [(r.label, r.impressions, r.clicks) for r in rows] == [
        (data.p1.title, 350, 9),
        (data.p2.title, 140, 11),
    ]
    assert not any(row.has_submissions for row in rows)


def test_top_items_and_creators(query, data):
    items = top_items(query)
    assert [(i.url, i.clicks, i.impressions) for i in items] == [
        (f"/admin/snippets/wagtail_ugc/submission/inspect/{data.s[1].pk}/", 8, 150),
        (f"/admin/snippets/wagtail_ugc/submission/inspect/{data.s[6].pk}/", 8, 40),
        (f"/admin/snippets/wagtail_ugc/submission/inspect/{data.s[2].pk}/", 4, 300),
    ]
    creators = top_creators(query)
    assert [(c.label, c.items, c.clicks) for c in creators] == [
        (data.s[1].credit_line, 2, 12),
        (data.s[6].credit_line, 1, 8),
    ]


def test_a_day_is_a_day_in_the_site_time_zone(query, data):
    days = per_day(query)
    assert [d.day for d in days] == query.period.days
    # 00:30 on 1 March and 23:30 on 10 March in Copenhagen are the previous
    # day and the same day in UTC: both counted, on their local days.
    assert days[0].received == 1 and days[0].impressions == 100
    assert days[-1].received == 1 and days[-1].impressions == 50
    assert sum(d.received for d in days) == 8
    one_day = ReportQuery(period=Period(FIRST, FIRST))
    assert totals(one_day).received == 1


@pytest.mark.parametrize("method", ["percentile", "window"])
def test_both_medians_agree(data, method):
    from django.db import connection

    if method == "percentile" and connection.vendor != "postgresql":
        pytest.skip("percentile_cont is PostgreSQL's")
    received = ReportQuery(period=Period(FIRST, LAST)).received()
    assert median_waits(received, method=method) == {None: hours(5)}
    by_campaign = median_waits(received, by="campaign", method=method)
    assert by_campaign == {data.summer.pk: hours(4), data.winter.pk: hours(6)}
    # An odd count: the middle one.
    odd = received.filter(campaign=data.summer).exclude(pk=data.s[5].pk)
    assert median_waits(odd, method=method) == {None: hours(3)}
    assert median_waits(Submission.objects.none(), method=method) == {}


# The page ---------------------------------------------------------------------


def figures(soup):
    return {
        dd["data-figure"]: dd.get_text(strip=True)
        for dd in soup.select("[data-ugc-report-totals] dd")
    }


def test_the_page_shows_the_figures_chart_and_tables(admin_client, data):
    response = admin_client.get(URL, PERIOD)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert figures(soup) == {
        "received": "8",
        "approval_rate": "57.1%",
        "median_wait": "5.0 h",
        "impressions": "490",
        "lightbox_opens": "14",
        "clicks": "20",
        "click_through_rate": "4.1%",
    }
    svg = soup.select_one("svg.ugc-chart")
    assert svg["role"] == "img"
    assert svg.title.get_text() and svg.desc.get_text()
    assert "490 impressions" in svg.desc.get_text()
    days = soup.select_one("[data-ugc-report-days]")
    assert days.caption.get_text(strip=True)
    assert len(days.tbody.find_all("tr")) == 10
    rows = soup.select("[data-ugc-report-rows] tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == [data.summer.title, "Winter"]
    assert len(soup.select("[data-ugc-report-top-items] tbody tr")) == 3
    assert len(soup.select("[data-ugc-report-top-creators] tbody tr")) == 2


def test_filter_by_campaign_and_rows_per_page(admin_client, data):
    response = admin_client.get(
        URL, {**PERIOD, "campaign": data.winter.pk, "rows": "page"}
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert figures(soup)["received"] == "3"
    assert figures(soup)["impressions"] == "40"
    rows = soup.select("[data-ugc-report-rows] tbody tr")
    assert [r.th.get_text(strip=True) for r in rows] == [data.p2.title]
    assert [td.get_text(strip=True) for td in rows[0].find_all("td")][:3] == [
        "–",
        "–",
        "–",
    ]


def test_filter_by_page(admin_client, data):
    response = admin_client.get(URL, {**PERIOD, "page": data.p2.pk})
    soup = BeautifulSoup(response.content, "html.parser")
    assert figures(soup)["impressions"] == "140"
    assert figures(soup)["clicks"] == "11"


def test_presets_count_back_from_today(admin_client, data, settings):
    from django.utils import timezone

    today = timezone.localdate()
    data.s[1].submitted_at = timezone.now()
    data.s[1].save(update_fields=["submitted_at"])
    response = admin_client.get(URL, {"period": "7"})
    assert response.context["query"].period == Period(today - timedelta(days=6), today)
    assert response.context["total"].received == 1
    default = admin_client.get(URL).context["query"].period
    assert default == Period(today - timedelta(days=29), today)


@pytest.mark.parametrize(
    "params",
    [
        {"dates_from": "2024-03-10", "dates_to": "2024-03-01"},
        {"dates_from": "1000-01-01", "dates_to": "2024-03-01"},
        {"dates_from": "2020-01-01", "dates_to": "9999-12-31"},
        {"dates_from": "not a date"},
        {"period": "100000"},
        {"campaign": "nope", "page": "-1", "rows": "<x>"},
    ],
)
def test_bad_filters_fall_back_to_the_default_period(admin_client, data, params):
    from django.utils import timezone

    response = admin_client.get(URL, params)
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["query"].period == Period(today - timedelta(days=29), today)


def test_the_results_fragment_for_filters(admin_client, data):
    response = admin_client.get(URL + "results/", PERIOD)
    assert response.status_code == 200
    assert b"ugc-chart" in response.content
    assert b"<html" not in response.content


# Who may see it -----------------------------------------------------------------


def user_with(django_user_model, *codenames):
    user = django_user_model.objects.create_user(username="u", password="pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="wagtail_ugc", codename__in=codenames
        ),
    )
    return user


def test_an_admin_user_without_submission_permissions_is_refused(
    client, django_user_model, data
):
    client.force_login(user_with(django_user_model))
    # Wagtail's admin answers a PermissionDenied with a redirect home and a message.
    for response in (
        client.get(URL),
        client.get(URL + "results/"),
        client.get(URL, {**PERIOD, "export": "csv"}),
        client.get(URL, {**PERIOD, "export": "xlsx"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    home = client.get("/admin/")
    assert b"data-ugc-engagement-panel" not in home.content
    assert URL.encode() not in home.content


def test_anonymous_is_sent_to_log_in(client, data):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("codename", ["view_submission", "change_submission"])
def test_who_sees_submissions_sees_the_report(
    client, django_user_model, data, codename
):
    client.force_login(user_with(django_user_model, codename))
    assert client.get(URL).status_code == 200
    home = client.get("/admin/")
    assert b"data-ugc-engagement-panel" in home.content
    assert URL.encode() in home.content


def test_the_moderators_group_sees_it(client, django_user_model, data):
    from wagtail_ugc.moderation.defaults import ensure_moderation_defaults

    ensure_moderation_defaults()
    user = django_user_model.objects.create_user(username="mira", password="pw")
    user.groups.add(Group.objects.get(name="UGC moderators"))
    client.force_login(user)
    assert client.get(URL).status_code == 200


# Hostile text -------------------------------------------------------------------


def test_hostile_titles_and_credits_are_escaped(admin_client, data):
    html = admin_client.get(URL, PERIOD).content.decode()
    assert injected(html) == []
    soup = BeautifulSoup(html, "html.parser")
    assert (
        data.s[1].credit_line
        in soup.select_one("[data-ugc-report-top-creators]").get_text()
    )
    by_campaign = admin_client.get(URL, {**PERIOD, "campaign": data.summer.pk})
    soup = BeautifulSoup(by_campaign.content, "html.parser")
    svg = soup.select_one("svg.ugc-chart")
    assert data.summer.title in svg.desc.get_text()
    assert injected(by_campaign.content.decode()) == []
    pages = admin_client.get(URL, {**PERIOD, "page": data.p1.pk}).content.decode()
    assert injected(pages) == []


def test_the_report_is_in_the_ugc_menu(admin_client, data):
    home = admin_client.get(reverse("wagtailadmin_home"))
    assert URL.encode() in home.content
