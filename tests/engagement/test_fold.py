"""Folding cached counts into daily rows: each closed bucket exactly once, whatever runs twice, at once or dies midway."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from wagtail_ugc.engagement import counting, tokens
from wagtail_ugc.models import EngagementDay, EngagementFold

from ..concurrency import at_once
from .helpers import BROWSER_UA, counts, midday_today, page_with_gallery, shown_items

BUCKET = timedelta(seconds=300)


def counted(page, items, *, now=None, client_ip="198.51.100.7", events=("impression",)):
    """Count ``events`` for ``items`` as one visitor's beacon would, at ``now``."""
    token = tokens.read(tokens.issue(page.pk, [item.pk for item in items]))
    request = RequestFactory().post(
        "/", REMOTE_ADDR=client_ip, HTTP_USER_AGENT=BROWSER_UA
    )
    pairs = [(event, item.pk) for event in events for item in items]
    return counting.count(token, pairs, request, now=now)


def rows():
    return {
        (row.page_id, row.submission_id, row.day): (row.impressions, row.credit_clicks)
        for row in EngagementDay.objects.all()
    }


@pytest.fixture
def shown(db):
    items = shown_items(2)
    return page_with_gallery(), items


def test_an_open_bucket_waits_and_a_closed_one_folds_once(shown):
    page, items = shown
    now = timezone.now()
    assert counted(page, items, now=now) == 2
    assert counting.fold(now=now) == {"buckets": 0, "counts": 0}
    assert counting.fold(now=now + BUCKET) == {"buckets": 0, "counts": 0}
    later = now + 3 * BUCKET
    assert counting.fold(now=later) == {"buckets": 1, "counts": 2}
    assert counting.fold(now=later) == {"buckets": 0, "counts": 0}
    call_command("ugc_fold_engagement", stdout=open("/dev/null", "w"))  # noqa: SIM115
    day = timezone.localdate(now)
    assert rows() == {(page.pk, item.pk, day): (1, 0) for item in items}
    assert EngagementFold.objects.count() == 1


def test_buckets_add_up_in_one_row_per_day(shown):
    page, items = shown
    now = midday_today()
    counted(page, items[:1], now=now - 2 * BUCKET, client_ip="198.51.100.1")
    counted(page, items[:1], now=now - 2 * BUCKET, client_ip="198.51.100.2")
    counted(page, items[:1], now=now, client_ip="198.51.100.3", events=("credit",))
    assert counting.fold(now=now)["buckets"] == 1
    assert counting.fold(now=now + 3 * BUCKET)["buckets"] == 1
    assert rows() == {(page.pk, items[0].pk, timezone.localdate(now)): (2, 1)}


def test_counts_of_deleted_submissions_or_pages_are_dropped(shown):
    page, items = shown
    counted(page, items)
    items[1].delete()
    assert counts() == {(page.pk, items[0].pk): (1, 0, 0, 0)}


class Crash(Exception):
    pass


def crash_on_second_row_update(execute, sql, params, many, context):
    if sql.startswith("UPDATE") and "engagementday" in sql:
        crash_on_second_row_update.updates += 1
        if crash_on_second_row_update.updates == 2:
            raise Crash
    return execute(sql, params, many, context)


def test_a_fold_that_dies_midway_leaves_nothing_and_the_next_one_folds_it_all(shown):
    page, items = shown
    counted(page, items)
    crash_on_second_row_update.updates = 0
    with connection.execute_wrapper(crash_on_second_row_update):
        with pytest.raises(Crash):
            counts()
    assert crash_on_second_row_update.updates == 2  # died after one row was updated
    assert not EngagementDay.objects.exists()
    assert not EngagementFold.objects.exists()
    assert counts() == {(page.pk, item.pk): (1, 0, 0, 0) for item in items}
    assert counts() == {(page.pk, item.pk): (1, 0, 0, 0) for item in items}


@pytest.mark.django_db(transaction=True)
def test_two_folds_at_the_same_moment_add_each_bucket_once(root_collection):
    items = shown_items(3)
    page = page_with_gallery()
    now = timezone.now()
    for n in range(4):
        counted(page, items, now=now - n * BUCKET, client_ip=f"198.51.100.{n}")
    later = now + 3 * BUCKET

    def fold():
        try:
            return counting.fold(now=later)
        finally:
            connection.close()

    results = at_once(fold, fold, fold)
    assert all(isinstance(result, dict) for result in results), results
    assert sum(result["buckets"] for result in results) == 4
    assert sum(result["counts"] for result in results) == 12
    assert EngagementFold.objects.count() == 4
    expected = {}
    for n in range(4):
        for item in items:
            key = (page.pk, item.pk, timezone.localdate(now - n * BUCKET))
            expected[key] = (expected.get(key, (0, 0))[0] + 1, 0)
    assert rows() == expected


def test_the_command_can_queue_the_task_instead(shown, settings):
    page, items = shown
    counted(page, items)
    call_command("ugc_fold_engagement", "--enqueue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The tests' task backend runs tasks at once; nothing was due yet.
    assert not EngagementFold.objects.exists()
