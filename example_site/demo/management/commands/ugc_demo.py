from django.core.management.base import BaseCommand

from demo import api_tour, webhook_receiver
from demo.content import load_all


class Command(BaseCommand):
    help = (
        "Load the wagtail-ugc demo content. Safe to run again: nothing is duplicated."
    )

    def handle(self, *args, **options):
        # The demo endpoint first, so the deliveries loading makes are in its log.
        with webhook_receiver.serving_while_loading(self.stdout):
            load_all(self.stdout)
        api_tour.describe(self.stdout)
