"""What survives a crash: real server processes killed with SIGKILL mid-upload and mid-processing.

Nothing here is faked: a ``runserver`` of the test site (its own SQLite file,
file-based e-mail, its own system temporary folder) receives a real post
and is killed while it works; a later command finishes what it left.
"""

import http.client
import io
import time
import uuid
from pathlib import Path

import pytest

from .killable_site import (
    files_containing,
    migrated_template,
    open_files,
    site_from,
)

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="reads /proc to see a process's files"
)

CAMPAIGN = """
import json
from wagtail_ugc.models import Campaign
Campaign.objects.create(title="Summer", slug="summer", terms_text="Terms.", terms_version="1")
print(json.dumps("ok"))
"""

FIELDS = {
    "kind": "photo",
    "text": "Sunrise at the lake",
    "name": "Ada Walker",
    "email": "ada@example.com",
    "credit_line": "@ada_walks",
    "accept_terms": "on",
    "age_confirmed": "on",
    "people_shown_consented": "on",
    "leave_empty": "",
}


@pytest.fixture(scope="session")
def site_template(tmp_path_factory):
    return migrated_template(tmp_path_factory.mktemp("killable-template"))


@pytest.fixture
def site(site_template, tmp_path):
    site = site_from(site_template, tmp_path / "site")
    site.python(CAMPAIGN)
    yield site
    site.stop()


def multipart(fields, files, boundary):
    """A multipart/form-data body: ``files`` is ``[(field, filename, bytes)]``."""
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, filename, data in files:
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{filename}"\r\n'
            "Content-Type: image/jpeg\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def start_post(site, body, boundary, send):
    """Open a post of ``body`` to the form and send its first ``send`` bytes."""
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=120)
    connection.putrequest("POST", "/ugc/submit/summer/")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(len(body)))
    connection.putheader("Origin", f"http://127.0.0.1:{site.port}")
    connection.endheaders()
    connection.send(body[:send])
    return connection


def wait_for(condition, what, site, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}:\n{site.log()}")


def test_a_killed_upload_leaves_no_byte_of_the_original_anywhere(site):
    marker = b"GPS-59.3288N-18.0649E-" + uuid.uuid4().hex.encode()
    photo = b"\xff\xd8\xff\xe0" + marker * (6 * 1024 * 1024 // len(marker))
    boundary = uuid.uuid4().hex
    body = multipart(FIELDS, [("photos", "beach.jpg", photo)], boundary)
    server = site.start_server()

    connection = start_post(site, body, boundary, send=len(body) - 1024 * 1024)
    # The server has written part of the photo to a file it holds open...
    held = wait_for(
        lambda: {
            target: data
            for target, data in open_files(server.pid).items()
            if marker in data
        },
        "the server to write the upload to a file",
        site,
    )
    # ...in the package's own folder on the private storage, under no name at all.
    assert all(
        target.startswith(str(site.private_root / "tmp")) and "(deleted)" in target
        for target in held
    ), held
    assert files_containing(marker, site.system_tmp) == []

    site.kill(server)
    connection.close()
    site.manage("ugc_rights_sweep")

    assert files_containing(marker, site.system_tmp, site.data) == []


def big_png(seed):
    """39 megapixels (under MAX_PIXELS) that compress to about half a megabyte."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (6000, 6500), (40, 120, seed))
    ImageDraw.Draw(image).ellipse((1000, 1000, 5000, 5000), fill=(240, 200, 60))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


STATE = """
import json
from wagtail_ugc.models import Submission
submission = Submission.objects.get()
print(json.dumps({
    "state": submission.processing_state,
    "attempts": submission.processing_attempts,
    "confirmed": submission.confirmation_sent_at is not None,
    "masters": sum(1 for photo in submission.photos.all() if photo.master),
    "incoming": sum(1 for photo in submission.photos.all() if photo.incoming),
}))
"""


def test_a_server_killed_while_processing_has_confirmed_and_a_later_run_finishes(site):
    site.python(
        "import json\nfrom wagtail_ugc.models import Campaign\n"
        "Campaign.objects.filter(slug='summer').update(max_photos=5)\n"
        "print(json.dumps('ok'))"
    )
    # Five large photos: seconds of processing after the confirmation is sent.
    photos = [("photos", f"p{n}.png", big_png(n)) for n in range(5)]
    boundary = uuid.uuid4().hex
    body = multipart(FIELDS, photos, boundary)
    server = site.start_server()

    connection = start_post(site, body, boundary, send=len(body))
    # Killed once the first photo is sanitised, while the others are worked on.
    wait_for(
        lambda: list((site.private_root / "masters").glob("*")),
        "the first master",
        site,
    )
    site.kill(server)
    connection.close()

    state = site.python(STATE)
    assert state["state"] == "received"
    assert state["confirmed"]
    assert state["attempts"] == 1
    assert state["masters"] < 5
    assert state["incoming"] > 0
    [confirmation] = site.sent_messages()
    assert confirmation["To"] == "ada@example.com"
    assert f"http://127.0.0.1:{site.port}/ugc/withdraw/" in (
        confirmation.get_body(preferencelist=("plain",)).get_content()
    )

    # Within five minutes the command leaves it to the processing under way...
    waiting = site.manage("ugc_process_received").stdout
    assert "Queued 0 submission(s)" in waiting
    assert "Left 1 received less than 5 minute(s) ago" in waiting
    # ...and takes it when asked to.
    assert "Queued 1 submission(s) for processing and 0 confirmation(s)." in (
        site.manage("ugc_process_received", "--older-than", "0").stdout
    )

    state = site.python(STATE)
    assert state == {
        "state": "ready",
        "attempts": 2,
        "confirmed": True,
        "masters": 5,
        "incoming": 0,
    }
    assert len(site.sent_messages()) == 1
    assert "Queued 0 submission(s) for processing and 0 confirmation(s)." in (
        site.manage("ugc_process_received", "--older-than", "0").stdout
    )
