"""``manage.py ugc_send_webhooks``: send the webhook deliveries that are due, and prune the log."""

from django.core.management.base import BaseCommand

from wagtail_ugc.webhooks.sending import prune_log, send_due
from wagtail_ugc.webhooks.tasks import send_due_webhooks_task


class Command(BaseCommand):
    help = (
        "Send the webhook deliveries that are due: retries of failed attempts, "
        "and any delivery whose task was lost. Drops delivered and failed "
        "deliveries older than WEBHOOK_LOG_DAYS. Run it from cron every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the sending task for a worker instead of sending here.",
        )

    def handle(self, enqueue=False, **options):
        if enqueue:
            result = send_due_webhooks_task.enqueue()
            self.stdout.write(f"Enqueued the webhook sending task ({result.id}).")
            return
        outcome = send_due()
        for status, count in sorted(outcome.items()):
            self.stdout.write(f"{status}: {count}")
        self.stdout.write(f"pruned from the log: {prune_log()}")
