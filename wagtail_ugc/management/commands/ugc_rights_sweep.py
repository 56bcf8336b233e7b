"""``manage.py ugc_rights_sweep``: expire licences, remind and expire rights requests, remove stray files."""

from django.core.management.base import BaseCommand

from wagtail_ugc.publication import sweep, sweep_task


class Command(BaseCommand):
    help = (
        "Mark expired licences, send rights-request reminders, close unanswered "
        "requests, and remove public files of anything not displayable and "
        "files no submission refers to. Run it from cron, e.g. hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the sweep task for a worker instead of running it here.",
        )

    def handle(self, enqueue=False, **options):
        if enqueue:
            result = sweep_task.enqueue()
            self.stdout.write(f"Enqueued the rights sweep task ({result.id}).")
            return
        for name, count in sweep().items():
            self.stdout.write(f"{name.replace('_', ' ')}: {count}")
