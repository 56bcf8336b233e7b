"""Bulk-approving 100 submissions from the queue, through the workflow, with a task worker.

The moderator posts Wagtail's bulk action for 100 pending submissions (one in
three a photo submission with alt text on file, the rest reviews; every one
has consent and a credit line) and each is approved through its "UGC
moderation" workflow: task state, workflow state, publication, audit log.

Background tasks go to the production profile's queue, django-tasks-db's
``DatabaseBackend``, so enqueuing costs what it costs there (a row each). The
worker is django-tasks-db's own ``Worker``, run here in batch mode as
``manage.py db_worker --batch`` runs it, after the moderator's request.

What is measured, on the same machine in the same run:

* **The moderator's wait** for 100: the bulk-action request, median of
  ``ROUNDS``. Its **baseline is today's path**, the same request with
  ``approve_many(one_by_one=True)``: each submission through Wagtail's
  ``TaskState.approve``, one at a time, as every approval went before the
  decisions were written together. The two alternate round by round on
  fresh submissions. The baseline shares the two changes made outside that
  path (one e-mail task per bulk decision instead of one per submission, one
  query fewer in ``publication.reconcile``), so the ratio understates the
  gain a little.
* **Queries per approval**, both ways, task rows included.
* **The worker's share**: one more bulk approval of 100 whose 33 photo
  submissions have real 2048 px masters; the worker then makes their public
  images and renditions, updates the search index and e-mails the 100
  creators. It runs once (the renditions dominate it), and is broken down
  by task.
* **From approval to renditions ready**: from the moment the moderator's
  request returns (the approval committed) to the moment the worker has
  finished an item's public image and all its renditions, for the first and
  for the last of those 33 photos (one worker process).

Run on PostgreSQL:
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python -m benchmarks bulk_approve``.
"""

import io
import statistics
import time
from functools import partial
from unittest import mock

from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from benchmarks.bench_ingest import phone_photo
from benchmarks.harness import Row, moderator_client
from wagtail_ugc.intake.media import sanitise_image
from wagtail_ugc.models import Campaign, Creator, Submission, SubmissionPhoto
from wagtail_ugc.models.choices import (
    SITE_SCOPE,
    Kind,
    Licence,
    ProcessingState,
    RightsStatus,
)
from wagtail_ugc.moderation import actions
from wagtail_ugc.moderation.receivers import enter_workflow
from wagtail_ugc.publication import RENDITION_SPECS, publish_public_files_task

#: Rounds of 100 approvals each way; the median is reported.
ROUNDS = 3
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def pending(count, campaign, master=None):
    """``count`` submissions that entered moderation the way intake leaves them.

    Photos get ``master`` (JPEG bytes) as their sanitised master, or no file
    at all: public files are then the worker's image encoding, not moderation.
    """
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
            photo = SubmissionPhoto(
                submission=submission,
                received_sha256="0" * 64,
                alt_text="A tent by a lake at dusk",
            )
            if master:
                photo.master.save("master.jpg", ContentFile(master), save=False)
            photo.save()
        # Into the workflow as intake's signal puts it (moderation's rules,
        # which only add flags, are left out: approval does not read them).
        enter_workflow(submission)
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


def today_s_path():
    """The bulk action approving one submission at a time, as before."""
    return mock.patch.object(
        actions, "approve_many", partial(actions.approve_many, one_by_one=True)
    )


def run_worker():
    """Run the queued tasks as ``db_worker --batch`` does.

    Returns the seconds it took, the seconds each kind of task took (by task
    name: count, seconds), and when (perf_counter) each submission's public
    files were finished, by submission id.
    """
    started, kinds, published = {}, {}, {}

    def start(sender, task_result, **kwargs):
        started[task_result.id] = time.perf_counter()

    def finish(sender, task_result, **kwargs):
        now = time.perf_counter()
        count, seconds = kinds.get(task_result.task.name, (0, 0.0))
        kinds[task_result.task.name] = (
            count + 1,
            seconds + now - started[task_result.id],
        )
        if task_result.task.func is publish_public_files_task.func:
            published[task_result.args[0]] = now

    task_started.connect(start)
    task_finished.connect(finish)
    try:
        begin = time.perf_counter()
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="bench",
        ).run()
        elapsed = time.perf_counter() - begin
    finally:
        task_started.disconnect(start)
        task_finished.disconnect(finish)
    return elapsed, kinds, published


def master_jpeg():
    """A sanitised 2048 px master, as intake makes one from a phone photo."""
    return sanitise_image(io.BytesIO(phone_photo(4032, 3024))).master


def run():
    client = moderator_client("bench-bulk")
    campaign = Campaign.objects.create(title="Bulk", slug="bench-bulk", terms_text="t")
    with override_settings(TASKS=QUEUE):
        bulk_approve(client, pending(5, campaign))  # warm up
        run_worker()
        waits, queries = {"new": [], "old": []}, {}
        for round_ in range(ROUNDS):
            batches = {way: pending(100, campaign) for way in ("new", "old")}
            # Alternate which goes first, so neither always meets a warmer machine.
            for way in ("new", "old") if round_ % 2 else ("old", "new"):
                if way == "old":
                    with today_s_path():
                        wait, queries[way] = bulk_approve(client, batches[way])
                else:
                    wait, queries[way] = bulk_approve(client, batches[way])
                waits[way].append(wait)
            # What the worker does is measured below, once.
            DBTaskResult.objects.all().delete()

        batch = pending(100, campaign, master=master_jpeg())
        DBTaskResult.objects.all().delete()
        mail.outbox = []
        wait, _queries = bulk_approve(client, batch)
        approved_at = time.perf_counter()
        worker, kinds, published = run_worker()
    photos = [submission.pk for submission in batch if submission.kind == Kind.PHOTO]
    assert sorted(published) == sorted(photos), (len(published), len(photos))
    renditions = SubmissionPhoto.objects.filter(
        submission__in=photos, image__renditions__isnull=False
    ).count()
    assert renditions == len(photos) * len(RENDITION_SPECS), renditions
    assert len(mail.outbox) == 100, len(mail.outbox)
    ready = sorted(published[pk] - approved_at for pk in photos)

    Submission.objects.all().delete()
    return [
        Row(
            "bulk_approve",
            f"approve 100, moderator's wait (tasks queued, median of {ROUNDS})",
            statistics.median(waits["new"]),
            "s",
            baseline=statistics.median(waits["old"]),
            goal="<= 3 s",
        ),
        Row(
            "bulk_approve",
            "queries per approval (baseline: one at a time)",
            queries["new"] / 100,
            "queries",
            baseline=queries["old"] / 100,
        ),
        Row(
            "bulk_approve",
            f"worker: the {sum(count for count, _s in kinds.values())} tasks "
            "one approval of 100 queued",
            worker,
            "s",
        ),
        *(
            Row("bulk_approve", f"  of which {count} x {name}", seconds, "s")
            for name, (count, seconds) in sorted(
                kinds.items(), key=lambda kind: -kind[1][1]
            )
        ),
        Row(
            "bulk_approve",
            f"approval -> renditions ready, first of {len(photos)} photos",
            ready[0],
            "s",
        ),
        Row(
            "bulk_approve",
            f"approval -> renditions ready, all {len(photos)} (one worker)",
            ready[-1],
            "s",
        ),
    ]
