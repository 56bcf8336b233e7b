"""Two app processes sharing one database and Redis: a withdrawal posted to one is gone on the next request to the other.

Each process is the example site's production profile (REDIS_URL: the page
cache in Redis; FRONTEND_CACHE_PURGE_URL: the purge API double as the CDN)
served by gunicorn with one worker on a port of its own, or by ``manage.py
runserver --noreload`` where gunicorn is not installed. The test database
is theirs too; its rows are committed (a transactional test).
"""

import http.client
import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

from wagtail_ugc.links import withdraw_url
from wagtail_ugc.models import Submission

from ..ports import free_port
from ..rights.helpers import gallery, page_with_blocks
from ..rights.helpers import published_photo_submission as published_photo

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="set REDIS_URL to test the shared page cache across processes",
    ),
]


def database_url():
    """The test database, as the app processes' DATABASE_URL."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


class AppProcess:
    def __init__(self, name, env, folder):
        self.port = free_port()
        self.log = folder / f"{name}.log"
        if importlib.util.find_spec("gunicorn"):
            command = ["-m", "gunicorn", "example_site.wsgi:application"]
            command += ["--bind", f"127.0.0.1:{self.port}", "--workers", "1"]
        else:
            command = ["-m", "django", "runserver", "--noreload"]
            command += [f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(
            [sys.executable, *command],
            env=env,
            cwd=REPO / "example_site",
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def wait_until_serving(self):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("not serving:\n" + self.log.read_text())

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def request(self, path, *, method="GET", body=None, headers=None):
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            # One site name for both, as behind a load balancer: Django's
            # cache keys hold the host, so the port must not show in it.
            headers = {"Host": "localhost", **(headers or {})}
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            return (
                response.status,
                response.headers,
                response.read().decode(errors="replace"),
            )
        finally:
            client.close()

    def page(self, path):
        status, _headers, html = self.request(path)
        assert status == 200, html
        return html

    def withdraw(self, path):
        """What a creator does: open the withdraw link, confirm."""
        status, headers, html = self.request(path)
        assert status == 200, html
        cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        status, _headers, html = self.request(
            path,
            method="POST",
            body=urlencode({"csrfmiddlewaretoken": token.group(1)}),
            headers={
                "Cookie": f"csrftoken={cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        assert status == 200, html


@pytest.fixture
def app_processes(root_collection, isolated_storage, cdn):
    """Processes A and B: the test's database and files, Redis, the CDN double."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "DJANGO_SETTINGS_MODULE" and not key.startswith("UGC_S3_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="example_site.settings",
        DATABASE_URL=database_url(),
        # MEDIA_ROOT and PRIVATE_ROOT are this test's (conftest.isolated_storage).
        EXAMPLE_SITE_DATA_DIR=str(isolated_storage),
        FRONTEND_CACHE_PURGE_URL=cdn.url,
        TASKS_BACKEND="immediate",
        PYTHONPATH=os.pathsep.join([str(REPO), str(REPO / "example_site")]),
    )
    apps = [AppProcess(name, env, isolated_storage) for name in ("a", "b")]
    try:
        for app in apps:
            app.wait_until_serving()
        yield apps
    finally:
        for app in apps:
            app.stop()


def test_a_withdrawal_on_one_process_is_gone_on_the_next_request_to_the_other(
    app_processes, cdn
):
    a, b = app_processes
    # A path of its own: other runs may share this Redis database.
    slug = f"gallery-{uuid.uuid4().hex[:12]}"
    submission = published_photo(credit_line="Credit-across-processes")
    page = page_with_blocks(gallery(source="all"), slug=slug)
    image = submission.photos.get().image
    public_urls = [image.file.url, *(r.url for r in image.renditions.all())]

    assert "Credit-across-processes" in b.page(page.url)
    # A change nobody announces: A answers with the page B put in Redis.
    Submission.objects.filter(pk=submission.pk).update(credit_line="Unannounced")
    assert "Credit-across-processes" in a.page(page.url)
    assert all(b.request(url)[0] == 200 for url in public_urls)
    cdn.forget()

    a.withdraw(withdraw_url(submission))

    html = b.page(page.url)
    assert "Credit-across-processes" not in html and "Unannounced" not in html
    assert [b.request(url)[0] for url in public_urls] == [404] * len(public_urls)
    # The CDN is told to forget the page and the deleted files.
    assert {("localhost", path) for path in (page.url, *public_urls)} <= set(
        cdn.purged()
    )
