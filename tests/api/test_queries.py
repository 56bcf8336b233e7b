"""A page of the list costs the same number of queries for 1 item as for 30, whatever they carry."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from wagtail_ugc.models import SubmissionPhoto, TaggedSubmission

from ..display.helpers import photo_submission, review_submission, video_submission
from ..factories import CampaignFactory
from .helpers import LIST_URL, item_url, product_page

pytestmark = pytest.mark.django_db


def make_items(count, campaigns, pages, tags):
    """Items of every kind, each with a campaign, a related page and two tags."""
    made = []
    for n in range(count):
        kwargs = {
            "campaign": campaigns[n % len(campaigns)],
            "related_page": pages[n % len(pages)],
            "credit_line": f"C{n}",
        }
        kind = n % 3
        if kind == 0:
            item = photo_submission(photos=1 + n % 2, **kwargs)
        elif kind == 1:
            item = review_submission(**kwargs)
        else:
            item = video_submission(**kwargs)
        for tag in (tags[n % len(tags)], tags[(n + 1) % len(tags)]):
            TaggedSubmission.objects.create(content_object=item, tag=tag)
        made.append(item)
    return made


def counted(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response.json(), len(queries)


def test_same_query_count_for_1_and_30_items(client):
    campaigns = [CampaignFactory(slug=f"c{n}") for n in range(3)]
    pages = [product_page(f"P{n}", f"p{n}") for n in range(3)]
    tags = [Tag.objects.create(name=f"T{n}", slug=f"t{n}") for n in range(4)]
    first = make_items(1, campaigns[:1], pages[:1], tags[:2])
    one, queries_one = counted(client, LIST_URL, {"limit": 1})
    # Warm what Wagtail caches once per process (site root paths) alike for both.
    one, queries_one = counted(client, LIST_URL, {"limit": 1})
    make_items(29, campaigns, pages, tags)
    thirty, queries_thirty = counted(client, LIST_URL, {"limit": 30})
    deep, queries_deep = counted(client, LIST_URL, {"limit": 10, "offset": 20})
    assert len(one["items"]) == 1 and len(thirty["items"]) == 30
    assert len(deep["items"]) == 10
    photos = SubmissionPhoto.objects.filter(image__isnull=False).count()
    assert sum(len(item["photos"]) for item in thirty["items"]) == photos > 10
    assert all(
        len(item["tags"]) == 2 and item["related_page"] for item in thirty["items"]
    )
    assert queries_thirty == queries_one == queries_deep
    _, detail_queries = counted(client, item_url(first[0]))
    assert detail_queries <= queries_one
