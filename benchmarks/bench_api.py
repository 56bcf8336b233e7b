"""The read API's list at scale: 100,000 submissions on PostgreSQL, pages of 20, 50 and 100.

Data (``bulk_create``): 100,000 submissions over the last year in 20
campaigns, about 80% displayable and the rest pending, rejected, withdrawn
or expired; one in four is a photo with a public image and its 7 rendition
rows, the others reviews and videos; every submission has 2 of 50 tags and
one in ten a related page. Measured through Django's test client,
anonymous: the first page and a deep one (offset half-way through the
displayable items) at each size, one filtered page (a campaign and a tag),
each with its query count and median time. The baseline is the detail of
one item through the same client and API: the ratio is what a page costs
against one item. Goal: the same number of queries for every page and
size (a page with no photo or no related page makes one fewer; the
filtered page is all photos with related pages).

``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_api python -m benchmarks api``.
On SQLite it runs at a tenth of the size (10,000 submissions).
"""

import random
import sys
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page

from benchmarks.harness import Row, median_seconds
from wagtail_ugc.models import (
    Campaign,
    Submission,
    SubmissionPhoto,
    TaggedSubmission,
    UGCImage,
    UGCRendition,
)
from wagtail_ugc.models.choices import (
    Kind,
    Licence,
    ModerationStatus,
    ProcessingState,
    RightsStatus,
)
from wagtail_ugc.publication import RENDITION_SPECS

URL = "/api/ugc/items/"
BATCH = 5_000
SIZES = (20, 50, 100)


def size():
    if connection.vendor == "postgresql":
        return 100_000
    sys.stdout.write("bench_api: SQLite, so a tenth of the size (set DATABASE_URL)\n")
    return 10_000


def state(rng, now):
    """The row values of a displayable submission (4 in 5) or of a hidden one."""
    shown = {
        "live": True,
        "moderation_status": ModerationStatus.APPROVED,
        "rights_status": RightsStatus.GRANTED,
    }
    roll = rng.random()
    if roll < 0.8:
        return shown
    if roll < 0.85:
        return {"moderation_status": ModerationStatus.PENDING}
    if roll < 0.9:
        return {"moderation_status": ModerationStatus.REJECTED}
    if roll < 0.95:
        return {**shown, "withdrawn_at": now}
    return {**shown, "rights_expires_at": now - timedelta(days=1)}


def make_submissions(count, campaigns, pages):
    rng = random.Random(21)
    now = timezone.now()
    made = 0
    while made < count:
        rows = []
        for n in range(made, min(made + BATCH, count)):
            kind = (Kind.PHOTO, Kind.REVIEW, Kind.REVIEW, Kind.VIDEO)[n % 4]
            rows.append(
                Submission(
                    kind=kind,
                    campaign=campaigns[n % len(campaigns)],
                    text="Warm, light and it packs small.",
                    rating=5 if kind == Kind.REVIEW else None,
                    video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
                    if kind == Kind.VIDEO
                    else "",
                    video_provider="youtube" if kind == Kind.VIDEO else "",
                    credit_line=f"Creator {n % 5_000}",
                    credit_url="https://example.com/creator",
                    licence=Licence.SITE_DISPLAY,
                    locale="en",
                    related_page_id=pages[n % len(pages)] if n % 10 == 0 else None,
                    processing_state=ProcessingState.READY,
                    submitted_at=now - timedelta(minutes=rng.randrange(365 * 24 * 60)),
                    decided_at=now,
                    **state(rng, now),
                )
            )
        created = Submission.objects.bulk_create(rows)
        add_photos([s for s in created if s.kind == Kind.PHOTO])
        add_tags(created, rng)
        made += len(rows)


def add_photos(submissions):
    """A public image and its rendition rows for each photo (rows only: the API reads no file)."""
    images = UGCImage.objects.bulk_create(
        UGCImage(
            title=f"ugc {s.pk}", file=f"ugc/{s.uuid.hex}.jpg", width=1600, height=1200
        )
        for s in submissions
    )
    UGCRendition.objects.bulk_create(
        UGCRendition(
            image=image,
            filter_spec=spec,
            focal_point_key="",
            file=f"ugc/renditions/{image.pk}.{n}.jpg",
            width=800,
            height=600,
        )
        for image in images
        for n, spec in enumerate(RENDITION_SPECS)
    )
    SubmissionPhoto.objects.bulk_create(
        SubmissionPhoto(
            submission=submission,
            image=image,
            received_sha256="0" * 64,
            alt_text="A tent by a lake",
            sort_order=0,
        )
        for submission, image in zip(submissions, images, strict=True)
    )


def add_tags(submissions, rng):
    tags = list(Tag.objects.filter(slug__startswith="bench-api-"))
    TaggedSubmission.objects.bulk_create(
        TaggedSubmission(content_object=submission, tag=tag)
        for submission in submissions
        for tag in rng.sample(tags, 2)
    )


def timed(client, url, params, repeat=7):
    def fetch():
        response = client.get(url, params)
        assert response.status_code == 200, response.content[:500]
        return response

    fetch()  # Wagtail caches the site's root paths once: not a per-page cost.
    queries = []

    def count(execute, sql, sql_params, many, context):
        queries.append(sql)
        return execute(sql, sql_params, many, context)

    with connection.execute_wrapper(count):
        response = fetch()
    return median_seconds(fetch, repeat=repeat) * 1000, len(queries), response.json()


def run():
    count = size()
    client = Client()
    campaigns = [
        Campaign.objects.create(
            title=f"Campaign {n}", slug=f"bench-api-{n}", terms_text="t"
        )
        for n in range(20)
    ]
    Tag.objects.bulk_create(
        Tag(name=f"Tag {n}", slug=f"bench-api-{n}") for n in range(50)
    )
    root = Page.get_first_root_node()
    pages = [
        root.add_child(instance=Page(title=f"Product {n}", slug=f"bench-api-{n}")).pk
        for n in range(10)
    ]
    make_submissions(count, campaigns, pages)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    shown = Submission.objects.displayable().count()
    one = Submission.objects.displayable().filter(kind=Kind.PHOTO).first()
    baseline, baseline_queries, _ = timed(client, f"{URL}{one.uuid}/", {})

    rows = [
        Row(
            "api",
            f"data: {Submission.objects.count():,} submissions, {shown:,} displayable",
            shown,
            "items",
        ),
        Row("api", "one item (baseline): queries", baseline_queries, "queries"),
    ]
    query_counts = []
    for limit in SIZES:
        for label, offset in (("first page", 0), ("deep page", shown // 2)):
            ms, queries, data = timed(client, URL, {"limit": limit, "offset": offset})
            assert len(data["items"]) == limit and data["count"] == shown
            query_counts.append(queries)
            rows += [
                Row(
                    "api",
                    f"{label} of {limit} (offset {offset:,}), median",
                    ms,
                    "ms",
                    baseline=baseline,
                ),
                Row(
                    "api",
                    f"{label} of {limit}: queries",
                    queries,
                    "queries",
                    goal="no query per item",
                ),
            ]
    ms, queries, data = timed(
        client, URL, {"limit": 50, "campaign": campaigns[0].pk, "tag": "bench-api-7"}
    )
    query_counts.append(queries)
    rows += [
        Row(
            "api",
            f"campaign and tag, 50 ({data['count']:,} match), median",
            ms,
            "ms",
            baseline=baseline,
        ),
        Row("api", "campaign and tag, 50: queries", queries, "queries"),
        Row(
            "api",
            "most queries on any page",
            max(query_counts),
            "queries",
            goal="no query per item: a page with no photo or page link makes fewer",
        ),
    ]
    return rows
