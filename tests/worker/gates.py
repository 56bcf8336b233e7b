"""Gates for the worker processes the tests start: a test stops a worker at an exact point, then kills it.

A test arms a gate by writing a number N to a file named after it in the
folder ``UGC_TEST_GATES`` names. The N-th time a worker process reaches that
point, it writes ``<gate>.reached`` there and waits until it is killed (or
the test writes ``<gate>.release``). The points are at the edges the worker
talks to: the storages (before a file is written), the e-mail backend
(before and after a message is written) and the announcement that a
submission is ready (before moderation hears it). Nothing of the package is
replaced.
"""

import os
import time
from collections import Counter
from pathlib import Path

from django.apps import AppConfig
from django.core.files.storage import FileSystemStorage
from django.core.mail.backends.filebased import EmailBackend

from wagtail_ugc.signals import submission_ready
from wagtail_ugc.storage import PrivateFileSystemStorage

#: Longest a gate holds a process the test forgot to kill.
HOLD_SECONDS = 600

_reached = Counter()


def gate(name):
    folder = os.environ.get("UGC_TEST_GATES")
    armed = Path(folder, name) if folder else None
    if armed is None or not armed.exists():
        return
    _reached[name] += 1
    if _reached[name] != int(armed.read_text()):
        return
    Path(folder, f"{name}.reached").write_text(str(os.getpid()))
    deadline = time.monotonic() + HOLD_SECONDS
    while not Path(folder, f"{name}.release").exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"gate {name} was never released")
        time.sleep(0.05)


class GatedPublicStorage(FileSystemStorage):
    """The public storage; gate ``rendition`` before each rendition file is written."""

    def _save(self, name, content):
        if name.startswith("ugc/renditions/"):
            gate("rendition")
        return super()._save(name, content)


class GatedPrivateStorage(PrivateFileSystemStorage):
    """The private storage; gate ``master`` before each sanitised master is written."""

    def _save(self, name, content):
        if name.startswith("masters/"):
            gate("master")
        return super()._save(name, content)


#: The creator the tests' form posts name (``tests/intake/conftest.py``).
CREATOR_EMAIL = "ada@example.com"


class GatedEmailBackend(EmailBackend):
    """Django's file-based backend; gates ``mail-before`` and ``mail-after`` around each message to the creator."""

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            to_creator = CREATOR_EMAIL in message.to
            if to_creator:
                gate("mail-before")
            sent += super().send_messages([message])
            if to_creator:
                gate("mail-after")
        return sent


def hold_ready(sender, submission, **kwargs):
    gate("ready")


class GatesConfig(AppConfig):
    """Listed before wagtail_ugc, so the ``ready`` gate is reached before moderation hears."""

    name = "tests.worker"
    label = "worker_gates"

    def ready(self):
        # No sender: importing the models here would be before they are ready.
        submission_ready.connect(hold_ready)
