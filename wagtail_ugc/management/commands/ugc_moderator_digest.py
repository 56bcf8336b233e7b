"""Send moderators the digest of submissions awaiting moderation (run it daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from wagtail_ugc.moderation.notifications import (
    send_moderator_digest,
    send_moderator_digest_task,
)


class Command(BaseCommand):
    help = (
        "E-mail each moderator one list of the submissions awaiting moderation. "
        'Sends only when WAGTAIL_UGC["MODERATOR_NOTIFICATIONS"] is "digest", '
        "unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Send the digest whatever MODERATOR_NOTIFICATIONS says.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the digest to the task queue instead of sending it now.",
        )

    def handle(self, *args, force=False, enqueue=False, **options):
        if enqueue:
            result = send_moderator_digest_task.enqueue()
            self.stdout.write(f"Digest task enqueued ({result.id}).")
            return
        sent = send_moderator_digest(force=force)
        self.stdout.write(f"Moderator digest e-mails sent: {sent}")
