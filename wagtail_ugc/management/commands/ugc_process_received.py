"""Finish what a crash, a lost task, a full disk or a mail server that was down left undone.

Submissions still RECEIVED are queued for processing again (the task skips
finished photos, and marks failed, with the reason, one whose file is gone or
that never finishes); creators whose confirmation was never sent get it.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from wagtail_ugc.intake.services import start_processing
from wagtail_ugc.intake.tasks import send_confirmation
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import ProcessingState, Source


class Command(BaseCommand):
    help = (
        "Retry processing of submissions received but never made ready, and send "
        "confirmations that were never sent. Safe to run at any time, e.g. from "
        "cron every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=5,
            metavar="MINUTES",
            help=(
                "Only submissions received at least this many minutes ago "
                "(default 5; younger ones are usually still being processed). "
                "0 takes every one."
            ),
        )

    def handle(self, *args, older_than, **options):
        cutoff = timezone.now() - timedelta(minutes=older_than)
        received = Submission.objects.filter(processing_state=ProcessingState.RECEIVED)
        unconfirmed = list(
            Submission.objects.filter(
                source=Source.FORM,
                creator__isnull=False,
                confirmation_sent_at__isnull=True,
                withdrawn_at__isnull=True,
                submitted_at__lte=cutoff,
            ).values_list("pk", flat=True)
        )
        ids = list(
            received.filter(submitted_at__lte=cutoff).values_list("pk", flat=True)
        )
        # Confirmations first, as when a submission arrives.
        for submission_id in unconfirmed:
            send_confirmation.enqueue(submission_id)
        for submission_id in ids:
            start_processing(submission_id)
        self.stdout.write(
            f"Queued {len(ids)} submission(s) for processing and "
            f"{len(unconfirmed)} confirmation(s)."
        )
        younger = received.filter(submitted_at__gt=cutoff).count()
        if younger:
            self.stdout.write(
                f"Left {younger} received less than {older_than} minute(s) ago "
                "to the processing already under way (--older-than 0 takes them)."
            )
