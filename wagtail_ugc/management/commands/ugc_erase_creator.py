"""``manage.py ugc_erase_creator EMAIL``: erase a creator, keeping only a hashed proof of consent."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from wagtail_ugc.publication import remove_stray_files
from wagtail_ugc.rights.erasure import erase_creator


class Command(BaseCommand):
    help = (
        "Delete a creator's submissions, media, renditions and personal data. "
        "The consent ledger keeps only hashes and dates."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation."
        )

    def handle(self, email, yes=False, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email}") from error
        if not yes and options.get("interactive", True):
            answer = input(
                f"Erase everything held about {email}? This cannot be undone. [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing was erased.")
        summary = erase_creator(email)
        # Files an earlier version left without a row can no longer be told
        # apart by owner: erasing removes every one of them.
        remove_stray_files()
        self.stdout.write(
            f"Erased {summary['submissions']} submission(s)"
            f"{' and the creator' if summary['creator'] else ''}; "
            f"{summary['consent_records_kept_as_hashes']} consent record(s) kept as hashes."
        )
