"""``manage.py ugc_rights_sweep``: expire licences, remind and expire rights requests."""

from django.core.management.base import BaseCommand

from wagtail_ugc.rights.tasks import rights_sweep_task, sweep_rights


class Command(BaseCommand):
    help = (
        "Mark expired licences, remove their public files, send rights-request "
        "reminders and close unanswered requests. Run it from cron, e.g. hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the sweep task for a worker instead of running it here.",
        )

    def handle(self, enqueue=False, **options):
        if enqueue:
            result = rights_sweep_task.enqueue()
            self.stdout.write(f"Enqueued the rights sweep task ({result.id}).")
            return
        for name, count in sweep_rights().items():
            self.stdout.write(f"{name.replace('_', ' ')}: {count}")
