"""``manage.py ugc_import_social``: poll the import sources whose time has come (docs/social-import.md)."""

from django.core.management.base import BaseCommand

from wagtail_ugc.intake.importing.polling import poll_due
from wagtail_ugc.intake.importing.tasks import poll_due_sources_task


class Command(BaseCommand):
    help = (
        "Poll the active import sources that are due (each at its own interval) "
        "and add what they found as content awaiting a rights request. Run it "
        "from cron every 5 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the poll task for a worker instead of running it here.",
        )

    def handle(self, enqueue=False, **options):
        if enqueue:
            result = poll_due_sources_task.enqueue()
            self.stdout.write(f"Enqueued the social import poll ({result.id}).")
            return
        results = poll_due()
        for source, result in results.items():
            line = f"{source.name}: {result.found} found, {result.known} already there"
            if source.last_error:
                line += f"; errors: {' / '.join(source.last_error.splitlines())}"
            self.stdout.write(line)
        self.stdout.write(f"sources polled: {len(results)}")
