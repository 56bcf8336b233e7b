"""The test site in processes of its own, so a test can kill one mid-way and look at what is left.

Each site has its own SQLite file (migrated once per test session, then
copied), private root, media folder, e-mail folder (Django's file-based
backend, so e-mails sent by a killed process can be read) and system
temporary folder (``TMPDIR``), so what a killed process leaves behind can be
found afterwards.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..mail_files import written_messages
from ..ports import free_port

REPO = Path(__file__).resolve().parents[2]

SETTINGS = """
from tests.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "mail"  # noqa: F405
"""


class KillableSite:
    def __init__(self, root):
        self.root = Path(root)
        self.data = self.root / "data"
        self.system_tmp = self.root / "system-tmp"
        self.mail = self.data / "mail"
        self.private_root = self.data / "ugc_private"
        self.server = None
        for folder in (self.data, self.system_tmp, self.mail):
            folder.mkdir(parents=True, exist_ok=True)
        (self.root / "killable_settings.py").write_text(SETTINGS)

    def env(self):
        env = {
            key: value
            for key, value in os.environ.items()
            # Its own SQLite file on either CI leg: never the shared PostgreSQL.
            if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="killable_settings",
            EXAMPLE_SITE_DATA_DIR=str(self.data),
            PYTHONPATH=os.pathsep.join(
                [str(self.root), str(REPO), str(REPO / "example_site")]
            ),
            TMPDIR=str(self.system_tmp),
            SECRET_KEY="tests-only-not-secret",
        )
        return env

    def manage(self, *args, timeout=300):
        result = subprocess.run(
            [sys.executable, "-m", "django", *args],
            env=self.env(),
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr
        return result

    def python(self, code, timeout=300):
        """Run ``code`` with Django set up; return what it printed, decoded from JSON."""
        result = subprocess.run(
            [sys.executable, "-c", "import django\ndjango.setup()\n" + code],
            env=self.env(),
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def start(self, *args):
        """Start ``args`` (a command line) as a process the test may kill."""
        return subprocess.Popen(
            [sys.executable, *args],
            env=self.env(),
            cwd=self.root,
            stdout=(self.root / "out.log").open("ab"),
            stderr=subprocess.STDOUT,
        )

    def start_server(self):
        """``runserver`` without the autoreloader, so its pid is the one serving."""
        port = free_port()
        self.server = self.start(
            "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"
        )
        self.port = port
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.server.poll() is None, self.log()
            # Ours, not another test run's server that took the port meanwhile.
            if listens(self.server.pid, port):
                return self.server
            time.sleep(0.1)
        raise AssertionError("the server did not start:\n" + self.log())

    def log(self):
        path = self.root / "out.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self, process):
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self):
        if self.server is not None and self.server.poll() is None:
            self.kill(self.server)

    def sent_messages(self):
        """The e-mails the file-based backend wrote, parsed, in the order sent."""
        return written_messages(self.mail)


def migrated_template(folder):
    """A site migrated once: its database file is copied into each test's site."""
    site = KillableSite(folder)
    site.manage("migrate", "--noinput", "-v0", timeout=300)
    return site


def site_from(template, folder):
    site = KillableSite(folder)
    for path in template.data.glob("db.sqlite3*"):  # with its write-ahead log, if any
        shutil.copy(path, site.data / path.name)
    return site


def listens(pid, port):
    """Whether process ``pid`` listens on TCP ``port`` (Linux /proc)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":  # LISTEN
            inodes.add(f"socket:[{fields[9]}]")
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(fd) in inodes:
                return True
        except OSError:
            continue
    return False


def open_files(pid):
    """{fd target: contents} of the regular files process ``pid`` holds open (Linux /proc)."""
    found = {}
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
            if not target.startswith("/") or target.endswith((".sqlite3", ".log")):
                continue
            with fd.open("rb") as handle:
                found[target] = handle.read()
        except OSError:
            continue
    return found


def files_containing(marker, *folders):
    """Every file under ``folders`` whose bytes contain ``marker``."""
    found = []
    for folder in folders:
        for path in Path(folder).rglob("*"):
            if path.is_file() and marker in path.read_bytes():
                found.append(path)
    return found
