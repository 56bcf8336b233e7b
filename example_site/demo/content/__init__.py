"""Demo content, one module per pipeline stage, loaded in pipeline order.

Every loader is idempotent: it looks for what it made before and makes only
what is missing.
"""

from django.core import mail
from django.test import override_settings

from .. import feed
from . import (
    galleries,
    intake,
    moderation,
    moderation_rules,
    recognition,
    rights,
    site,
)


def load_all(stdout):
    # Loading the demo sends the e-mails a real site would (moderators are
    # told of each new submission); keep them off the console and say how
    # many there were instead.
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    ):
        mail.outbox = []
        site.load(stdout)
        intake.load(stdout)
        moderation.load(stdout)
        moderation_rules.load(stdout)
        galleries.load(stdout)
        rights.load(stdout)
        recognition.load(stdout)
        feed.load(stdout)
        sent = len(mail.outbox)
    if sent:
        stdout.write(f"{sent} e-mails the demo would have sent were not sent.")
    stdout.write(f"Admin login: {site.ADMIN_USERNAME} / {site.ADMIN_PASSWORD}")
