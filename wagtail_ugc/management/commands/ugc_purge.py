"""``manage.py ugc_purge``: apply the retention rules (rejected, abandoned, consent network data)."""

from django.core.management.base import BaseCommand

from wagtail_ugc.rights.retention import purge
from wagtail_ugc.rights.tasks import purge_task


class Command(BaseCommand):
    help = (
        "Delete rejected submissions after REJECTED_RETENTION_DAYS, abandoned ones "
        "after ABANDONED_RETENTION_DAYS, and consents' network data after "
        "CONSENT_NETWORK_DATA_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the purge task for a worker instead of running it here.",
        )

    def handle(self, enqueue=False, **options):
        if enqueue:
            result = purge_task.enqueue()
            self.stdout.write(f"Enqueued the purge task ({result.id}).")
            return
        summary = purge()
        self.stdout.write(
            f"Purged {summary['rejected']} rejected and {summary['abandoned']} "
            f"abandoned submission(s); dropped network data of "
            f"{summary['consent_network_data']} consent record(s)."
        )
