"""A burst of simultaneous visitors and moderators against the example site, served for real.

Serves the example site with ``runserver``'s threaded server on a fresh
database (a new SQLite file, or DATABASE_URL: an empty PostgreSQL database),
loads the demo, then:

- ``reviews``: N visitors send a review at the same moment;
- ``photos``: N visitors send a photo at the same moment, from one address
  that has already sent ``--already`` (the per-address limit is the site's);
- ``decide``: two moderators approve and reject one review at the same
  moment, ``--rounds`` times (the reviews are sent first, one by one).

It prints the status codes, what the database holds afterwards and the
database errors behind any 500. Usage::

    python -m benchmarks.burst reviews -n 30
    python -m benchmarks.burst reviews -n 30 --options '{}'  # Django's defaults
    python -m benchmarks.burst photos -n 8 --already 5
    python -m benchmarks.burst decide --rounds 20
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/burst python -m benchmarks.burst reviews

``--options`` replaces the example site's SQLite ``OPTIONS`` (docs/reference.md,
"SQLite in production"). For ``reviews`` and ``decide`` the per-address
limits are raised out of the way (every visitor comes from 127.0.0.1);
``photos`` keeps the default limit of 10.
"""

import argparse
import collections
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "example_site"
SETTINGS = """
from example_site.settings import *  # noqa
WAGTAIL_UGC = {{**WAGTAIL_UGC, {limits}}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {{
    "version": 1,
    "handlers": {{"stderr": {{"class": "logging.StreamHandler"}}}},
    "loggers": {{
        "django.request": {{"handlers": ["stderr"], "level": "ERROR"}},
        "wagtail_ugc": {{"handlers": ["stderr"], "level": "WARNING"}},
    }},
}}
if {options!r} is not None:
    DATABASES["default"]["OPTIONS"] = {options!r}
"""
# runserver's server, with a listen queue long enough for the burst (its
# own, 10, resets the connections beyond it before Django sees them).
SERVE = """
import sys, django
django.setup()
from django.core.servers.basehttp import WSGIServer, get_internal_wsgi_application, run
class Server(WSGIServer):
    request_queue_size = 256
run("127.0.0.1", int(sys.argv[1]), get_internal_wsgi_application(), threading=True, server_cls=Server)
"""
COUNT_ROWS = """
from wagtail_ugc.models import ConsentRecord, Submission
rows = Submission.objects.filter(campaign__slug="summer-trails", creator__email__startswith="burst")
half = [s.pk for s in rows if s.creator_id is None or not ConsentRecord.objects.filter(submission=s).exists()]
print(rows.count(), len(half))
"""
APPROVABLE = """
from wagtail_ugc.models import Submission
from wagtail_ugc.moderation.workflow import missing_for_approval
ids = [s.pk for s in Submission.objects.awaiting_moderation() if not missing_for_approval(s)]
print(" ".join(map(str, ids)))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    def __init__(self, limits, options=None):
        self.data = tempfile.mkdtemp(prefix="wagtail-ugc-burst-")
        Path(self.data, "burst_settings.py").write_text(
            SETTINGS.format(limits=limits, options=options)
        )
        self.port = free_port()
        self.env = {
            **os.environ,
            "EXAMPLE_SITE_DATA_DIR": self.data,
            "SECRET_KEY": "burst-only-not-secret",
            "PORT": str(self.port),
            "DJANGO_SETTINGS_MODULE": "burst_settings",
            "PYTHONPATH": os.pathsep.join([self.data, str(SITE), str(ROOT)]),
        }
        self.url = f"http://127.0.0.1:{self.port}"

    def manage(self, *args, capture=False):
        return subprocess.run(
            [sys.executable, "manage.py", *args, "--verbosity=0"],
            cwd=SITE,
            env=self.env,
            check=True,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            text=True,
        ).stdout

    def __enter__(self):
        self.manage("migrate", "--noinput")
        self.manage("ugc_demo")
        self.server = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(self.port)],
            cwd=SITE,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(self.data, "server.log"), "w"),  # noqa: SIM115
        )
        for _ in range(100):
            try:
                requests.get(self.url + "/share/", timeout=2)
                return self
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def __exit__(self, *exc):
        self.server.terminate()
        self.server.wait(timeout=10)
        shutil.rmtree(self.data, ignore_errors=True)

    def errors_logged(self):
        log = Path(self.data, "server.log").read_text()
        return collections.Counter(
            line.split(": ", 1)[-1].strip()
            for line in log.splitlines()
            if "OperationalError" in line
        )


def at_once(count, action):
    barrier = threading.Barrier(count)
    statuses = [None] * count

    def run(index):
        barrier.wait()
        try:
            statuses[index] = action(index)
        except requests.RequestException as error:
            statuses[index] = f"{type(error).__name__}: {error}"[:160]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def form(index, kind):
    data = {
        "kind": kind,
        "text": f"Burst visitor {index} liked the boots.",
        "name": f"Visitor {index}",
        "email": f"burst{index}@example.com",
        "credit_line": f"visitor{index}",
        "accept_terms": "on",
        "age_confirmed": "on",
        "people_shown_consented": "on",
    }
    if kind == "review":
        data["rating"] = "4"
    return data


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 120, 80)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def post_submission(site, index, kind):
    photo = jpeg() if kind == "photo" else None
    return requests.post(
        site.url + "/ugc/submit/summer-trails/",
        data=form(index, kind),
        files={"photos": ("p.jpg", photo, "image/jpeg")} if photo else None,
        headers={"Origin": site.url},
        allow_redirects=False,
        timeout=120,
    ).status_code


def submissions(args):
    limits = '"RATE_LIMIT_PER_IP": 100000, "RATE_LIMIT_PER_EMAIL": 100000'
    if args.what == "photos":
        limits = ""
    with Site(limits, args.options) as site:
        for index in range(args.already):
            assert post_submission(site, 1000 + index, "photo") == 302
        kind = "photo" if args.what == "photos" else "review"
        statuses = at_once(args.n, lambda i: post_submission(site, i, kind))
        stored, half_written = map(
            int, site.manage("shell", "-c", COUNT_ROWS, capture=True).split()
        )
        print(f"{args.what}: {args.n} at once, {args.already} sent before")
        print(
            "  status codes:",
            dict(sorted(collections.Counter(map(str, statuses)).items())),
        )
        print(f"  stored: {stored} (half-written: {half_written})")
        print("  database errors behind 500s:", dict(site.errors_logged()))


def login(site):
    session = requests.Session()
    page = session.get(site.url + "/admin/login/", timeout=10)
    session.post(
        site.url + "/admin/login/",
        data={
            "username": "admin",
            "password": "changeme",
            "csrfmiddlewaretoken": page.cookies.get(
                "csrftoken", session.cookies.get("csrftoken")
            ),
        },
        headers={"Referer": site.url + "/admin/login/"},
        timeout=10,
    )
    return session


def decisions(args):
    limits = '"RATE_LIMIT_PER_IP": 100000, "RATE_LIMIT_PER_EMAIL": 100000'
    with Site(limits, args.options) as site:
        for index in range(args.rounds):
            assert post_submission(site, index, "review") == 302
        ids = site.manage("shell", "-c", APPROVABLE, capture=True).split()
        results = collections.Counter()
        sessions = [login(site), login(site)]
        for pk in ids[: args.rounds]:

            def decide(index, pk=pk):
                session = sessions[index]
                action = "approve" if index == 0 else "reject"
                return session.post(
                    f"{site.url}/admin/ugc/queue/{pk}/{action}/",
                    data={"category": "guidelines", "comment": "Off topic."},
                    headers={
                        "X-CSRFToken": session.cookies["csrftoken"],
                        "X-Requested-With": "XMLHttpRequest",
                        "Referer": site.url + "/admin/ugc/queue/",
                    },
                    timeout=60,
                ).status_code

            results[tuple(sorted(map(str, at_once(2, decide))))] += 1
        print(f"decide: approve and reject at once, {sum(results.values())} rounds")
        for pair, count in sorted(results.items()):
            print(f"  {' + '.join(pair)}: {count}")
        print("  database errors behind 500s:", dict(site.errors_logged()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["reviews", "photos", "decide"])
    parser.add_argument("-n", type=int, default=30)
    parser.add_argument("--already", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--options",
        type=json.loads,
        help="DATABASES['default']['OPTIONS'] instead of the site's, as JSON",
    )
    args = parser.parse_args()
    (decisions if args.what == "decide" else submissions)(args)


if __name__ == "__main__":
    main()
