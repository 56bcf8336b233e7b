"""Bulk-approving 100 submissions from the queue, through the workflow.

The moderator posts Wagtail's bulk action for 100 pending submissions (one in
three a photo submission with alt text on file, the rest reviews; every one
has consent and a credit line) and each is approved through its "UGC
moderation" workflow: task state, workflow state, publication and audit log.

What the moderator waits for is measured with background tasks deferred, as
on a production site with a worker (django-tasks' dummy backend holds them).
The worker's share (e-mails to creators, search and reference index updates,
public files) is then run and timed on its own. The same 100 with the
immediate backend, where everything runs inside the request, is printed too.
The baseline is approving 10, scaled to 100; the 100 are approved in three
rounds and the median is reported. Run on PostgreSQL:
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python -m benchmarks bulk_approve``.
"""

import statistics
import time

from django.core import mail
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django_tasks import task_backends

from benchmarks.harness import Row, moderator_client
from wagtail_ugc.models import Campaign, Creator, Submission, SubmissionPhoto
from wagtail_ugc.models.choices import (
    SITE_SCOPE,
    Kind,
    Licence,
    ProcessingState,
    RightsStatus,
)
from wagtail_ugc.signals import submission_ready

#: Rounds of 100 approvals; the median is reported.
ROUNDS = 3
DEFERRED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def pending(count, campaign):
    """``count`` submissions that entered moderation the way intake leaves them."""
    submissions = []
    first = Creator.objects.count()
    for index in range(first, first + count):
        kind = Kind.PHOTO if index % 3 == 0 else Kind.REVIEW
        creator = Creator.objects.create(
            email=f"creator{index}@example.com", name=f"Creator {index}"
        )
        submission = Submission.objects.create(
            kind=kind,
            campaign=campaign,
            creator=creator,
            text=f"Bulk review {index}: warm, light and it packs small.",
            rating=None if kind == Kind.PHOTO else 4,
            credit_line=f"Creator {index}",
            live=False,
            processing_state=ProcessingState.READY,
            rights_status=RightsStatus.GRANTED,
            consent_scopes=[SITE_SCOPE],
            licence=Licence.SITE_DISPLAY,
        )
        if kind == Kind.PHOTO:
            # No master file: public files would be image encoding, not moderation.
            SubmissionPhoto.objects.create(
                submission=submission,
                received_sha256="0" * 64,
                alt_text="A tent by a lake at dusk",
            )
        submission_ready.send(sender=Submission, submission=submission)
        submissions.append(submission)
    return submissions


def bulk_approve(client, submissions):
    """Seconds the moderator waits, and the queries of that request."""
    ids = "&".join(f"id={submission.pk}" for submission in submissions)
    url = (
        reverse(
            "wagtail_bulk_action", args=("wagtail_ugc", "submission", "ugc_approve")
        )
        + f"?{ids}&next=/admin/"
    )
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        response = client.post(url)
        elapsed = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    approved = Submission.objects.filter(
        pk__in=[submission.pk for submission in submissions], live=True
    ).count()
    assert approved == len(submissions), approved
    return elapsed, len(queries)


def run_deferred_tasks():
    """Run what a worker would, in order; the seconds it took and how many tasks."""
    backend = task_backends["default"]
    results = list(backend.results)
    backend.clear()
    start = time.perf_counter()
    for result in results:
        result.task.call(*result.args, **result.kwargs)
    return time.perf_counter() - start, len(results)


def run():
    client = moderator_client("bench-bulk")
    campaign = Campaign.objects.create(title="Bulk", slug="bench-bulk", terms_text="t")

    bulk_approve(client, pending(5, campaign))  # warm up
    with override_settings(TASKS=DEFERRED):
        ten, _ = bulk_approve(client, pending(10, campaign))
        run_deferred_tasks()
        waits, workers = [], []
        for _round in range(ROUNDS):
            batch = pending(100, campaign)
            run_deferred_tasks()
            mail.outbox = []
            wait, queries = bulk_approve(client, batch)
            worker, tasks = run_deferred_tasks()
            assert len(mail.outbox) == 100, len(mail.outbox)
            waits.append(wait)
            workers.append(worker)
    inline, _ = bulk_approve(client, pending(100, campaign))
    hundred, worker = statistics.median(waits), statistics.median(workers)

    Submission.objects.all().delete()
    return [
        Row(
            "bulk_approve",
            f"approve 100, moderator's wait (tasks to a worker, median of {ROUNDS})",
            hundred,
            "s",
            baseline=ten * 10,
            goal="<= 3 s",
        ),
        Row("bulk_approve", "queries per approval", queries / 100, "queries"),
        Row(
            "bulk_approve",
            f"worker: the {tasks} tasks that approval queued",
            worker,
            "s",
        ),
        Row(
            "bulk_approve",
            "approve 100, immediate task backend (all in the request)",
            inline,
            "s",
            baseline=hundred,
        ),
    ]
