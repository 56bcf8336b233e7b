"""The example site in its production profile, as processes: migrate, demo content, worker, gunicorn.

``Stack(...).start()`` brings the whole stack up and returns its URLs;
``stop()`` ends every process it started, newest first. Each process runs in
a session of its own, so a Ctrl-C in the terminal reaches only the
orchestrator, which then stops them in order.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from . import services

REPO = Path(__file__).resolve().parent.parent
SITE_DIR = REPO / "example_site"
SECRET_KEY_FILE = SITE_DIR / "var" / "secret_key"
#: Seconds a process has to stop after SIGTERM before it is killed.
STOP_TIMEOUT = 15


@dataclass
class Stack:
    """One production-profile stack on ``host``: gunicorn on ``port``, moto on ``s3_port``."""

    port: int = 8000
    s3_port: int = 9000
    host: str = "127.0.0.1"
    postgres: str = "postgres://postgres@127.0.0.1:5432"
    database: str = "wagtail_ugc_stack"
    redis: str = "redis://127.0.0.1:6379"
    redis_db: int = 15
    public_bucket: str = "ugc-public"
    private_bucket: str = "ugc-private"
    web_workers: int = 2
    task_workers: int = 1
    #: Seconds an idle task worker waits before looking for work again.
    worker_interval: float = 0.5
    load_demo: bool = True
    data_dir: Path = SITE_DIR / "var" / "stack"
    secret_key: str = ""
    #: More environment for the app processes, e.g. FRONTEND_CACHE_PURGE_URL.
    environment: dict = field(default_factory=dict)
    #: Says each step as it is done (the command line); a test may pass ``say=None``.
    say: object = print
    processes: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)

    # -- what a test or a person needs to know --------------------------

    @property
    def site_url(self):
        return f"http://{self.host}:{self.port}"

    @property
    def s3_endpoint(self):
        return f"http://{self.host}:{self.s3_port}"

    @property
    def urls(self):
        return {
            "site": f"{self.site_url}/",
            "gallery": f"{self.site_url}/gallery/",
            "submit": f"{self.site_url}/share/",
            "admin": f"{self.site_url}/admin/",
            "login": f"{self.site_url}/admin/login/",
            "s3": self.s3_endpoint,
            "public_bucket": f"{self.s3_endpoint}/{self.public_bucket}/",
            "private_bucket": f"{self.s3_endpoint}/{self.private_bucket}/",
        }

    @property
    def log_dir(self):
        return Path(self.data_dir) / "logs"

    @property
    def env(self):
        """The environment of every app process: the production profile (docs/deployment.md)."""
        if not self.secret_key:
            self.secret_key = os.environ.get("SECRET_KEY") or _secret_key()
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "example_site.settings",
            "SECRET_KEY": self.secret_key,
            "DEBUG": "0",
            "PORT": str(self.port),
            "EXAMPLE_SITE_DATA_DIR": str(self.data_dir),
            "DATABASE_URL": f"{self.postgres}/{self.database}",
            "REDIS_URL": f"{self.redis}/{self.redis_db}",
            "TASKS_BACKEND": "database",
            "UGC_S3_ENDPOINT_URL": self.s3_endpoint,
            "UGC_S3_PUBLIC_BUCKET": self.public_bucket,
            "UGC_S3_PRIVATE_BUCKET": self.private_bucket,
            "UGC_S3_REGION": services.S3_REGION,
            **services.S3_CREDENTIALS,
            "PYTHONUNBUFFERED": "1",
            **self.environment,
        }

    # -- start and stop --------------------------------------------------

    def start(self):
        """Bring the stack up and return its URLs; on any failure, stop what started."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        self.timings["total"] = time.monotonic() - started
        return self.urls

    def _start(self):
        postgres = urlsplit(self.postgres)
        redis = urlsplit(self.redis)
        with self._step("PostgreSQL and Redis"):
            services.ensure_postgres(postgres.hostname, postgres.port or 5432)
            services.ensure_redis(
                redis.hostname, redis.port or 6379, folder=self.log_dir
            )
            services.recreate_database(self.postgres, self.database)
            services.flush_redis(f"{self.redis}/{self.redis_db}")
        with self._step(f"S3 API (moto) on {self.s3_endpoint}"):
            self.processes["moto"] = services.start_moto(
                self.host, self.s3_port, self.log_dir / "moto.log"
            )
            services.create_buckets(
                self.s3_endpoint, self.public_bucket, self.private_bucket
            )
        with self._step("migrate"):
            self.manage("migrate", "--noinput")
        if self.load_demo:
            with self._step("demo content"):
                self.manage("ugc_demo")
        with self._step(f"{self.task_workers} task worker(s)"):
            for n in range(1, self.task_workers + 1):
                self.processes[f"worker-{n}"] = self._spawn(
                    f"worker-{n}",
                    [sys.executable, "manage.py", "db_worker"]
                    + ["--queue-name", "*", "--no-startup-delay"]
                    + ["--interval", str(self.worker_interval)]
                    + ["--worker-id", f"stack-{n}"],
                )
        with self._step("scheduler (the periodic commands)"):
            self.processes["scheduler"] = self._spawn(
                "scheduler", [sys.executable, str(REPO / "stack" / "scheduler.py")]
            )
        with self._step(f"gunicorn, {self.web_workers} workers, on {self.site_url}"):
            if services.port_open(self.host, self.port):
                raise RuntimeError(f"Port {self.port} is taken: pick another port.")
            gunicorn = self._spawn(
                "gunicorn",
                [sys.executable, "-m", "gunicorn", "example_site.wsgi:application"]
                + ["--bind", f"{self.host}:{self.port}"]
                + ["--workers", str(self.web_workers)]
                + ["--graceful-timeout", "10", "--access-logfile", "-"],
            )
            self.processes["gunicorn"] = gunicorn
            services.wait_until(
                self._site_answers,
                timeout=60,
                what="gunicorn",
                process=gunicorn,
                log=self.log_dir / "gunicorn.log",
            )

    def stop(self):
        """SIGTERM each process the stack started (newest first), SIGKILL any that lingers."""
        for name, process in reversed(list(self.processes.items())):
            started = time.monotonic()
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
                try:
                    process.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    self._say(f"{name} did not stop in {STOP_TIMEOUT} s: killing it")
                    _signal_group(process, signal.SIGKILL)
                    process.wait()
            self.timings[f"stop {name}"] = time.monotonic() - started
        self.processes.clear()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def dead_process(self):
        """The name of a process that has exited, if any (the stack is then broken)."""
        for name, process in self.processes.items():
            if process.poll() is not None:
                return name
        return None

    # -- helpers ---------------------------------------------------------

    def manage(self, *args, check=True, capture=False):
        """Run ``manage.py *args`` against the stack (its database, buckets and cache)."""
        log = self.log_dir / "manage.log"
        with open(log, "ab") as out:
            result = subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=SITE_DIR,
                env=self.env,
                stdout=subprocess.PIPE if capture else out,
                stderr=out,
            )
        if check and result.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed ({result.returncode}){services.tail(log)}"
            )
        return result

    def _spawn(self, name, command):
        with open(self.log_dir / f"{name}.log", "ab") as out:
            return subprocess.Popen(
                command,
                cwd=SITE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _site_answers(self):
        try:
            with urllib.request.urlopen(f"{self.site_url}/", timeout=5) as response:  # noqa: S310 - our own local site
                return response.status == 200
        except (HTTPError, URLError, OSError):
            return False

    def _step(self, what):
        return _Step(self, what)

    def _say(self, line):
        if self.say:
            self.say(line)


class _Step:
    """Times one start-up step and says when it is done."""

    def __init__(self, stack, what):
        self.stack, self.what = stack, what

    def __enter__(self):
        self.started = time.monotonic()

    def __exit__(self, exc_type, *rest):
        seconds = time.monotonic() - self.started
        self.stack.timings[self.what] = seconds
        if exc_type is None:
            self.stack._say(f"  {self.what}: ready in {seconds:.1f} s")


def _signal_group(process, signum):
    # Each process leads a session of its own (start_new_session), so its
    # group is its pid: gunicorn's workers stop with their master.
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def _secret_key():
    if SECRET_KEY_FILE.exists():
        return SECRET_KEY_FILE.read_text().strip()
    return secrets.token_urlsafe(50)
