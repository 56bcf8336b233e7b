"""Real ``manage.py db_worker`` processes on the test database, which a test can stop at a gate and kill.

The test process enqueues into django-tasks-db's table (``TASKS`` is the
database backend here too) and reads the results from the same database and
folders; the workers run ``tests/worker/worker_settings.py``. Tests that use
them need real commits (``transactional_db``): a worker sees only what is
committed.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wagtail_ugc.moderation.defaults import ensure_moderation_defaults

from ..mail_files import written_messages

REPO = Path(__file__).resolve().parents[2]
#: Longest a test waits for a worker; only a hang takes this long.
TIMEOUT = 120


class Workers:
    def __init__(self, root, settings):
        self.root = Path(root)
        self.gates = self.root / "gates"
        self.mail = self.root / "mail"
        for folder in (self.gates, self.mail):
            folder.mkdir(parents=True, exist_ok=True)
        self.settings = settings
        self.running = []

    def env(self):
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="tests.worker.worker_settings",
            PYTHONPATH=os.pathsep.join([str(REPO), str(REPO / "example_site")]),
            UGC_TEST_DATABASE=str(connection.settings_dict["NAME"]),
            UGC_TEST_MEDIA_ROOT=str(self.settings.MEDIA_ROOT),
            UGC_TEST_PRIVATE_ROOT=str(self.settings.WAGTAIL_UGC["PRIVATE_ROOT"]),
            UGC_TEST_MAIL_DIR=str(self.mail),
            UGC_TEST_GATES=str(self.gates),
        )
        return env

    def start(self, *args):
        """A ``db_worker`` polling every 0.1 s; ``args`` are more of its options."""
        self.check()
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "db_worker", "--no-startup-delay"]
            + ["--interval", "0.1", *args],
            env=self.env(),
            cwd=REPO,
            stdout=(self.root / "worker.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        self.running.append(process)
        return process

    def run_batch(self):
        """A worker that runs every task that is ready, then exits."""
        process = self.start("--batch")
        assert process.wait(timeout=TIMEOUT) == 0, self.log()

    def arm(self, gate, at=1):
        """Stop the worker that reaches ``gate`` for the ``at``-th time (tests/worker/gates.py)."""
        (self.gates / gate).write_text(str(at))

    def disarm(self, gate):
        (self.gates / gate).unlink()

    def release(self, gate):
        """Let the process waiting at ``gate`` go on."""
        (self.gates / f"{gate}.release").write_text("")

    def wait_at(self, gate, process):
        reached = self.gates / f"{gate}.reached"
        wait_for(lambda: reached.exists() or process.poll() is not None, gate, self)
        assert process.poll() is None, self.log()
        assert reached.read_text() == str(process.pid)

    def kill(self, process):
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self, process):
        """What a deploy or ``docker stop`` sends first: SIGTERM."""
        process.send_signal(signal.SIGTERM)

    def check(self):
        """Fail at once if a worker died on its own (a test kills only with SIGKILL)."""
        for process in self.running:
            code = process.poll()
            assert code in (None, 0, 1, -signal.SIGKILL), self.log()

    def stop_all(self):
        for process in self.running:
            if process.poll() is None:
                self.kill(process)

    def log(self):
        path = self.root / "worker.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def sent(self, to=None):
        """The e-mails the workers wrote (file-based backend), to ``to`` if given."""
        messages = written_messages(self.mail)
        return [m for m in messages if to is None or m["To"] == to]


def wait_for(condition, what, workers, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers.check()
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}:\n{workers.log()}")


def task_statuses(name=None):
    """The statuses of the queued tasks called ``name``, or of all of them."""
    rows = DBTaskResult.objects.all()
    if name is not None:
        rows = rows.filter(task_path__endswith=f".{name}")
    return sorted(rows.values_list("status", flat=True))


@pytest.fixture
def workers(root_collection, settings, tmp_path):
    """The database queue, in this process and in the workers it starts (all killed afterwards)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ensure_moderation_defaults()
    workers = Workers(tmp_path / "workers", settings)
    yield workers
    workers.stop_all()


__all__ = ["TaskResultStatus", "task_statuses", "wait_for"]
