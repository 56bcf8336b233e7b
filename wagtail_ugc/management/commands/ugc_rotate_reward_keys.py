"""Encrypt every reward code under the newest key, so that older keys can be dropped (docs/rewards.md)."""

from django.core.management.base import BaseCommand, CommandError

from wagtail_ugc.models.rewards import InvalidToken
from wagtail_ugc.rewards.pool import reencrypt_codes


class Command(BaseCommand):
    help = (
        "Re-encrypt all reward codes with the first key of REWARD_CODE_KEYS (or "
        "the current SECRET_KEY); afterwards older keys may be removed."
    )

    def handle(self, *args, **options):
        try:
            count = reencrypt_codes()
        except InvalidToken:
            raise CommandError(
                "A reward code cannot be decrypted with any key in use: put the "
                "key it was encrypted with back (as an older key) and run again."
            ) from None
        self.stdout.write(f"Re-encrypted {count} reward code(s) with the newest key.")
