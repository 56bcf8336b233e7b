from django.core.management.base import BaseCommand

from demo.content import load_all


class Command(BaseCommand):
    help = (
        "Load the wagtail-ugc demo content. Safe to run again: nothing is duplicated."
    )

    def handle(self, *args, **options):
        load_all(self.stdout)
