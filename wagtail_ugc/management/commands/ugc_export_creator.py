"""``manage.py ugc_export_creator EMAIL``: write a zip of everything held about a creator."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from wagtail_ugc.rights.export import export_creator


class Command(BaseCommand):
    help = "Write a zip (data.json and media) of everything held about a creator."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--output",
            "-o",
            help="Where to write the zip (default: ugc-export-<email>.zip here).",
        )

    def handle(self, email, output=None, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email}") from error
        path = Path(output or f"ugc-export-{email.strip().lower()}.zip")
        data = export_creator(email, path)
        self.stdout.write(
            f"Wrote {path}: {len(data['submissions'])} submission(s), "
            f"{len(data['consents'])} consent record(s)."
        )
