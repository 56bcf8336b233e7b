"""The moderation queue at scale: listing 100,000 submissions.

Submissions are made with ``bulk_create`` (reviews and photos, some flagged).
The listing is Wagtail's snippet index of ``Submission`` (the queue, oldest
first, 50 a page) requested through Django's test client as a logged-in
moderator; its baseline is the same page with 1,000 submissions. The query
count is measured at page sizes 10 and 100: it must be the same. Run on
PostgreSQL:
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python -m benchmarks queue``.
"""

import random
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from benchmarks.harness import Row, median_seconds, moderator_client
from wagtail_ugc.models import (
    Campaign,
    Creator,
    Submission,
    SubmissionFlag,
    SubmissionPhoto,
)
from wagtail_ugc.models.choices import (
    SITE_SCOPE,
    Kind,
    Licence,
    ProcessingState,
    RightsStatus,
)

LARGE = 100_000
SMALL = 1_000
BATCH = 5_000


def make_submissions(count, campaign, creator, start=0):
    rng = random.Random(start)
    now = timezone.now()
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        rows = [
            Submission(
                kind=Kind.PHOTO if (start + made + i) % 3 == 0 else Kind.REVIEW,
                campaign=campaign,
                creator=creator,
                text=f"Submission {start + made + i}: warm, light and it packs small.",
                rating=None if (start + made + i) % 3 == 0 else rng.randint(1, 5),
                credit_line=f"Creator {start + made + i}",
                locale="en",
                live=False,
                processing_state=ProcessingState.READY,
                rights_status=RightsStatus.GRANTED,
                consent_scopes=[SITE_SCOPE],
                licence=Licence.SITE_DISPLAY,
                submitted_at=now - timedelta(minutes=rng.randrange(500_000)),
            )
            for i in range(size)
        ]
        created = Submission.objects.bulk_create(rows)
        SubmissionPhoto.objects.bulk_create(
            SubmissionPhoto(
                submission=submission,
                received_sha256="0" * 64,
                alt_text="A tent by a lake",
                sort_order=0,
            )
            for submission in created
            if submission.kind == Kind.PHOTO
        )
        SubmissionFlag.objects.bulk_create(
            SubmissionFlag(submission=submission, code="links", reason="Has links.")
            for submission in created[::20]
        )
        made += size


def listing_queries(client, page_size):
    """Queries of one listing page at ``page_size`` rows, through the real URL."""
    url = reverse(Submission.snippet_viewset.get_url_name("list"))
    # The index view is built once at start-up; its keyword arguments are
    # shared with the URL's view function, so the page size can be set here.
    view_kwargs = resolve(url).func.view_initkwargs
    saved = view_kwargs["paginate_by"]
    view_kwargs["paginate_by"] = page_size
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
    finally:
        view_kwargs["paginate_by"] = saved
    return len(queries)


def time_listing(client):
    url = reverse(Submission.snippet_viewset.get_url_name("list"))

    def fetch():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return median_seconds(fetch, repeat=10)


def run():
    client = moderator_client("bench-moderator")
    campaign = Campaign.objects.create(
        title="Bench", slug="bench-queue", terms_text="t"
    )
    creator = Creator.objects.create(email="queue@example.com", name="Bench")

    make_submissions(SMALL, campaign, creator)
    small = time_listing(client)
    make_submissions(LARGE - SMALL, campaign, creator, start=SMALL)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    large = time_listing(client)
    queries_10 = listing_queries(client, 10)
    queries_100 = listing_queries(client, 100)

    Submission.objects.all().delete()
    return [
        Row(
            "queue",
            f"listing page 1, {LARGE:,} submissions (median)",
            large * 1000,
            "ms",
            baseline=small * 1000,
            goal="<= 250 ms",
        ),
        Row("queue", "listing queries, 10 a page", queries_10, "queries"),
        Row(
            "queue",
            "listing queries, 100 a page",
            queries_100,
            "queries",
            baseline=queries_10,
            goal="1.00x (constant)",
        ),
    ]
