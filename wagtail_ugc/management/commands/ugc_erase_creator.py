"""``manage.py ugc_erase_creator EMAIL``: erase a creator, keeping only a hashed proof of consent."""

import sys

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
            "--noinput",
            "--no-input",
            "--yes",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation (for cron and scripts).",
        )

    def handle(self, email, interactive=True, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email}") from error
        if interactive:
            if not has_terminal():
                raise CommandError(
                    "Nothing was erased: there is no terminal to confirm on. "
                    "Run it with --noinput to erase without asking."
                )
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


def has_terminal():
    """Whether someone can answer: under cron or a pipe there is no terminal."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # stdin closed
        return False
