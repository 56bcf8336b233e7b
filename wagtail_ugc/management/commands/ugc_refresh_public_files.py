"""``manage.py ugc_refresh_public_files``: give every shown photo public files that carry its current licensing metadata."""

from django.core.management.base import BaseCommand

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.publication import publish_public_files_task


class Command(BaseCommand):
    help = (
        "Check the public files of every displayable photo and make again "
        "those whose licensing metadata is missing or out of date (files made "
        "before it existed, say). Run it once after upgrading; it is safe to "
        "run again: files already right are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue one task per photo submission for a worker instead of running them here.",
        )

    def handle(self, enqueue=False, **options):
        ids = list(
            Submission.objects.displayable()
            .filter(kind=Kind.PHOTO)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for submission_id in ids:
            if enqueue:
                publish_public_files_task.enqueue(submission_id)
            else:
                publish_public_files_task.call(submission_id)
        verb = "queued" if enqueue else "checked"
        self.stdout.write(f"photo submissions {verb}: {len(ids)}")
