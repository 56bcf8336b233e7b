"""The engagement report at scale: 100,000 submissions and a year of daily rows, on PostgreSQL.

Data: 100,000 submissions over the last 365 days in 20 campaigns (about 80%
decided, by ``bulk_create``) and a year of ``EngagementDay`` rows loaded with
COPY: 1,000 shown items on 2 of 4 pages each day, 730,000 rows. Measured
through Django's test client as a superuser: the report page (the 365-day and
30-day presets, rows per campaign and per page), the CSV export of the year,
and the dashboard panel on its own; each with its query count. The baseline of
the report page is the same page over the known 1-campaign data set of the
tests (a few rows). The two medians (PostgreSQL's ``percentile_cont`` and the
portable window-function fallback) are timed against each other.

``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python -m benchmarks report``.
On SQLite it runs at a tenth of the size (10,000 submissions, 73,000 rows).
"""

import random
import sys
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from benchmarks.harness import Row, median_seconds, moderator_client
from wagtail_ugc.engagement.reports import Period, ReportQuery, median_waits
from wagtail_ugc.engagement.wagtail_hooks import EngagementPanel
from wagtail_ugc.models import Campaign, Creator, EngagementDay, Submission
from wagtail_ugc.models.choices import Kind, ModerationStatus, ProcessingState

URL = "/admin/ugc-reports/"
BATCH = 5_000


def sizes():
    if connection.vendor == "postgresql":
        return 100_000, 1_000
    sys.stdout.write(
        "bench_report: SQLite, so a tenth of the size (set DATABASE_URL)\n"
    )
    return 10_000, 100


def make_submissions(count, campaigns, creators):
    rng = random.Random(14)
    now = timezone.now()
    made = 0
    statuses = [ModerationStatus.APPROVED] * 6 + [ModerationStatus.REJECTED] * 2
    statuses += [ModerationStatus.PENDING] * 2
    while made < count:
        rows = []
        for n in range(made, min(made + BATCH, count)):
            submitted = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            status = rng.choice(statuses)
            rows.append(
                Submission(
                    kind=Kind.REVIEW,
                    campaign=campaigns[n % len(campaigns)],
                    creator=creators[n % len(creators)],
                    text="Warm, light and it packs small.",
                    rating=5,
                    credit_line=f"Creator {n % len(creators)}",
                    locale="en",
                    live=status == ModerationStatus.APPROVED,
                    processing_state=ProcessingState.READY,
                    moderation_status=status,
                    submitted_at=submitted,
                    decided_at=None
                    if status == ModerationStatus.PENDING
                    else submitted + timedelta(minutes=rng.randrange(5, 3 * 24 * 60)),
                )
            )
        Submission.objects.bulk_create(rows)
        made += len(rows)


def load_engagement(items, pages, days):
    """A year of rows: each item on 2 of the pages, every day (COPY on PostgreSQL)."""
    rng = random.Random(15)
    today = timezone.localdate()
    rows = (
        (
            today - timedelta(days=d),
            item_id,
            pages[(index + side) % len(pages)],
            campaign_id,
            impressions := rng.randrange(5, 400),
            rng.randrange(0, 1 + impressions // 10),
            rng.randrange(0, 1 + impressions // 40),
            rng.randrange(0, 1 + impressions // 80),
        )
        for d in range(days)
        for index, (item_id, campaign_id) in enumerate(items)
        for side in (0, 1)
    )
    columns = (
        "day",
        "submission_id",
        "page_id",
        "campaign_id",
        "impressions",
        "lightbox_opens",
        "link_clicks",
        "credit_clicks",
    )
    if connection.vendor == "postgresql":
        table = EngagementDay._meta.db_table
        with connection.cursor() as cursor:
            with cursor.cursor.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 - our own names
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute("ANALYZE")
    else:
        batch = []
        for row in rows:
            batch.append(EngagementDay(**dict(zip(columns, row, strict=True))))
            if len(batch) == BATCH:
                EngagementDay.objects.bulk_create(batch)
                batch = []
        EngagementDay.objects.bulk_create(batch)
    return EngagementDay.objects.count()


def timed(client, params, repeat=5):
    def fetch():
        response = client.get(URL, params)
        assert response.status_code == 200, response.status_code
        if response.streaming:
            b"".join(response.streaming_content)

    # Counted as they run: a request empties Django's query log.
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fetch()
    return median_seconds(fetch, repeat=repeat) * 1000, len(queries)


def run():
    client = moderator_client("bench-report")
    submissions, shown = sizes()
    campaigns = [
        Campaign.objects.create(
            title=f"Campaign {n}", slug=f"bench-report-{n}", terms_text="t"
        )
        for n in range(20)
    ]
    creators = Creator.objects.bulk_create(
        Creator(email=f"report{n}@example.com", name=f"Creator {n}")
        for n in range(5_000)
    )
    root = Page.get_first_root_node()
    pages = [
        root.add_child(
            instance=Page(title=f"Gallery {n}", slug=f"bench-gallery-{n}")
        ).pk
        for n in range(4)
    ]

    # The baseline: the same page over a handful of rows.
    few = Submission.objects.bulk_create(
        Submission(
            kind=Kind.REVIEW,
            campaign=campaigns[0],
            credit_line="Few",
            submitted_at=timezone.now(),
        )
        for _ in range(10)
    )
    load_engagement([(s.pk, campaigns[0].pk) for s in few], pages, 10)
    baseline, baseline_queries = timed(client, {"period": "365"})
    Submission.objects.all().delete()

    make_submissions(submissions, campaigns, creators)
    items = list(
        Submission.objects.filter(moderation_status=ModerationStatus.APPROVED)
        .order_by("?")
        .values_list("pk", "campaign_id")[:shown]
    )
    engagement_rows = load_engagement(items, pages, 365)

    year, year_queries = timed(client, {"period": "365"})
    month, month_queries = timed(client, {"period": "30"})
    per_page, per_page_queries = timed(client, {"period": "365", "rows": "page"})
    one_campaign, one_campaign_queries = timed(
        client, {"period": "365", "campaign": campaigns[3].pk}
    )
    csv_ms, csv_queries = timed(client, {"period": "365", "export": "csv"}, repeat=3)

    with CaptureQueriesContext(connection) as panel_queries:
        EngagementPanel().render_html({})
    panel = median_seconds(lambda: EngagementPanel().render_html({}), repeat=5) * 1000

    received = ReportQuery(period=Period.last_days(365)).received()
    rows = [
        Row(
            "report",
            f"data: {Submission.objects.count():,} submissions, {engagement_rows:,} daily rows",
            engagement_rows,
            "rows",
        ),
        Row(
            "report",
            "page, 365 days, per campaign (median)",
            year,
            "ms",
            baseline=baseline,
            goal="<= 1,000 ms",
        ),
        Row(
            "report",
            "page, 365 days: queries",
            year_queries,
            "queries",
            baseline=baseline_queries,
            goal="1.00x (constant)",
        ),
        Row("report", "page, 30 days, per campaign (median)", month, "ms"),
        Row("report", "page, 30 days: queries", month_queries, "queries"),
        Row("report", "page, 365 days, per page (median)", per_page, "ms"),
        Row("report", "page, 365 days, per page: queries", per_page_queries, "queries"),
        Row("report", "page, 365 days, one campaign (median)", one_campaign, "ms"),
        Row("report", "page, one campaign: queries", one_campaign_queries, "queries"),
        Row("report", "CSV export, 365 days (median)", csv_ms, "ms"),
        Row("report", "CSV export: queries", csv_queries, "queries"),
        Row("report", "dashboard panel, last 7 days (median)", panel, "ms"),
        Row("report", "dashboard panel: queries", len(panel_queries), "queries"),
    ]
    window = (
        median_seconds(
            lambda: median_waits(received, by="campaign", method="window"), repeat=5
        )
        * 1000
    )
    if connection.vendor == "postgresql":
        percentile = (
            median_seconds(
                lambda: median_waits(received, by="campaign", method="percentile"),
                repeat=5,
            )
            * 1000
        )
        exact = median_waits(received, by="campaign", method="percentile")
        portable = median_waits(received, by="campaign", method="window")
        assert exact.keys() == portable.keys()
        assert all(abs(exact[k] - portable[k]).total_seconds() < 1 for k in exact)
        rows.append(
            Row("report", "median per campaign: percentile_cont", percentile, "ms")
        )
        rows.append(
            Row(
                "report",
                "median per campaign: window fallback",
                window,
                "ms",
                baseline=percentile,
            )
        )
    else:
        rows.append(Row("report", "median per campaign: window fallback", window, "ms"))

    EngagementDay.objects.all().delete()
    if connection.vendor == "postgresql":
        # Deleting 100,000 submissions one cascade at a time takes minutes.
        with connection.cursor() as cursor:
            cursor.execute(
                f"TRUNCATE {Submission._meta.db_table} CASCADE"  # noqa: S608 - our own name
            )
    else:
        Submission.objects.all().delete()
    return rows
