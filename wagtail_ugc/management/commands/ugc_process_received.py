"""Queue processing again for submissions still RECEIVED (after a crash, a lost task or a full disk)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from wagtail_ugc.intake.services import start_processing
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import ProcessingState


class Command(BaseCommand):
    help = (
        "Retry processing of submissions received but never made ready. "
        "Safe to run at any time, e.g. from cron every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=5,
            help="Only submissions received at least this many minutes ago (default 5).",
        )

    def handle(self, *args, older_than, **options):
        cutoff = timezone.now() - timedelta(minutes=older_than)
        ids = list(
            Submission.objects.filter(
                processing_state=ProcessingState.RECEIVED, submitted_at__lte=cutoff
            ).values_list("pk", flat=True)
        )
        for submission_id in ids:
            start_processing(submission_id)
        self.stdout.write(f"Queued {len(ids)} submission(s) for processing.")
