"""``manage.py ugc_grant_moderation GROUP [GROUP ...]``: let existing groups moderate UGC."""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from wagtail_ugc.moderation.defaults import GROUP_NAME, grant_moderation


class Command(BaseCommand):
    help = (
        f'Give existing groups the permissions of the "{GROUP_NAME}" group, so '
        "their members may moderate submissions and get the moderators' e-mails. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("groups", nargs="+", metavar="GROUP", help="group name")

    def handle(self, groups, **options):
        found = {group.name: group for group in Group.objects.filter(name__in=groups)}
        unknown = [name for name in groups if name not in found]
        if unknown:
            known = ", ".join(
                f'"{name}"'
                for name in Group.objects.order_by("name").values_list(
                    "name", flat=True
                )
            )
            raise CommandError(
                "No group named "
                + ", ".join(f'"{name}"' for name in unknown)
                + f". The groups are: {known or 'none'}. Nothing was changed."
            )
        for name in dict.fromkeys(groups):
            added = grant_moderation(found[name])
            if added:
                codenames = ", ".join(permission.codename for permission in added)
                self.stdout.write(f'"{name}" may now moderate UGC (added {codenames}).')
            else:
                self.stdout.write(
                    f'"{name}" already had every moderator permission; nothing changed.'
                )
