"""Rights at scale: "Where is it used?" across many pages, and erasing a prolific creator.

``pages_showing`` reads every live page that has a UGC gallery or reviews
block, so its cost grows with those pages: measured with 200 such pages
against a baseline of 20. Erasure deletes each submission with its files and
history: 100 photo submissions against a baseline of 10. Run:
``python -m benchmarks rights`` (set DATABASE_URL for PostgreSQL).
"""

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.harness import Row, median_seconds
from wagtail_ugc.models import Campaign, Creator, Submission, SubmissionPhoto
from wagtail_ugc.models.choices import (
    SITE_SCOPE,
    Kind,
    Licence,
    ModerationStatus,
    ProcessingState,
    RightsStatus,
)
from wagtail_ugc.models.usage import pages_showing
from wagtail_ugc.rights.erasure import erase_creator

SMALL_PAGES, LARGE_PAGES = 20, 200
SMALL_CREATOR, LARGE_CREATOR = 10, 100


def campaign():
    return Campaign.objects.get_or_create(
        slug="bench-rights", defaults={"title": "Bench", "terms_text": "Terms."}
    )[0]


def displayable(creator, n):
    return Submission.objects.create(
        kind=Kind.PHOTO,
        campaign=campaign(),
        creator=creator,
        text=f"Photo {n}",
        credit_line=f"Credit {n}",
        processing_state=ProcessingState.READY,
        moderation_status=ModerationStatus.APPROVED,
        live=True,
        rights_status=RightsStatus.GRANTED,
        consent_scopes=[SITE_SCOPE],
        licence=Licence.SITE_DISPLAY,
    )


def add_pages(count, start):
    from demo.content.site import ensure_home
    from home.models import ContentPage
    from wagtail.models import Page

    from wagtail_ugc.display.blocks import UGCGalleryBlock

    home = Page.objects.get(pk=ensure_home().pk)
    block = UGCGalleryBlock()
    campaign_id = campaign().pk
    for n in range(start, start + count):
        value = block.to_python(
            {"source": "campaign", "campaign": campaign_id, "kinds": ["photo"]}
        )
        page = ContentPage(title=f"Gallery {n}", slug=f"bench-gallery-{n}")
        page.body = [("ugc_gallery", value)]
        home.add_child(instance=page)
        page.save_revision().publish()


def bench_usage():
    creator = Creator.objects.for_email("usage@bench.example.com", name="Usage")
    submission = displayable(creator, 0)
    add_pages(SMALL_PAGES, 0)
    small = median_seconds(lambda: pages_showing(submission), repeat=5)
    with CaptureQueriesContext(connection) as small_queries:
        assert len(pages_showing(submission)) == SMALL_PAGES
    add_pages(LARGE_PAGES - SMALL_PAGES, SMALL_PAGES)
    large = median_seconds(lambda: pages_showing(submission), repeat=5)
    with CaptureQueriesContext(connection) as large_queries:
        assert len(pages_showing(submission)) == LARGE_PAGES
    return [
        Row(
            "rights",
            f"pages_showing, {LARGE_PAGES} gallery pages",
            large * 1000,
            "ms",
            small * 1000,
            "linear in gallery pages (inspect view only)",
        ),
        Row(
            "rights",
            f"pages_showing queries, {LARGE_PAGES} pages",
            len(large_queries),
            "queries",
            len(small_queries),
            "1 per page: the gallery block's campaign",
        ),
    ]


def prolific_creator(email, count):
    from tests.images import jpeg_bytes

    creator = Creator.objects.for_email(email, name="Prolific")
    data = jpeg_bytes(320, 240)
    for n in range(count):
        submission = displayable(creator, n)
        photo = SubmissionPhoto(submission=submission, received_sha256="0" * 64)
        photo.master.save("x.jpg", ContentFile(data), save=False)
        photo.save()


def timed_erasure(email, count):
    import time

    prolific_creator(email, count)
    start = time.perf_counter()
    erase_creator(email)
    return time.perf_counter() - start


def bench_erasure():
    small = timed_erasure("small@bench.example.com", SMALL_CREATOR)
    large = timed_erasure("large@bench.example.com", LARGE_CREATOR)
    return [
        Row(
            "rights",
            f"erase a creator of {LARGE_CREATOR} photos",
            large * 1000,
            "ms",
            small * 1000,
            f"about {LARGE_CREATOR // SMALL_CREATOR}x (linear)",
        )
    ]


def run():
    return bench_usage() + bench_erasure()
