"""``manage.py ugc_fold_engagement``: add the counts gathered in the cache to the daily engagement rows."""

from django.core.management.base import BaseCommand

from wagtail_ugc.engagement.counting import fold
from wagtail_ugc.engagement.tasks import fold_engagement_task


class Command(BaseCommand):
    help = (
        "Fold the impressions and clicks gathered in the cache into the daily "
        "engagement rows, each closed bucket exactly once. Run it from cron "
        "every 5 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the fold task for a worker instead of running it here.",
        )

    def handle(self, enqueue=False, **options):
        if enqueue:
            result = fold_engagement_task.enqueue()
            self.stdout.write(f"Enqueued the engagement fold task ({result.id}).")
            return
        result = fold()
        self.stdout.write(
            f"buckets folded: {result['buckets']}\ncounts added: {result['counts']}"
        )
