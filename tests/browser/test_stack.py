"""The production stack in a real browser: visitor → moderator → gallery → withdraw.

The app runs as ``make stack`` runs it (docs/deployment.md): two gunicorn
processes, a separate django-tasks-db worker, PostgreSQL, the Redis page
cache, media on an S3 API (moto's server), and a CDN whose purge API is the
local double in ``tests/caches/purge_api.py``. Starting it takes a minute,
so it runs when ``UGC_STACK=1`` (CI's third leg).
"""

import os
import socket
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from stack import Stack, services

from ..caches.purge_api import PurgeAPI
from ..images import jpeg_bytes
from ..ports import free_port, status_of

pytestmark = pytest.mark.skipif(
    os.environ.get("UGC_STACK") != "1",
    reason="starts the production stack; set UGC_STACK=1 (CI's third leg does)",
)

CAPTION = "Night train to the coast, seen from the stack"
ALT_TEXT = "A night train crossing a bridge"
#: How long the worker may take to process an upload or publish a photo.
WORKER_TIMEOUT = 90


def two_free_ports():
    """Two different free ports: ``free_port`` alone answers the same until one is taken."""
    site = free_port()
    with socket.socket() as held:
        held.bind(("127.0.0.1", site))
        return site, free_port()


@pytest.fixture(scope="module")
def purge_api():
    api = PurgeAPI().start()
    yield api
    api.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, purge_api):
    site_port, s3_port = two_free_ports()
    stack = Stack(
        port=site_port,
        s3_port=s3_port,
        database="wagtail_ugc_stack_test",
        redis_db=13,
        web_workers=2,
        task_workers=1,
        data_dir=tmp_path_factory.mktemp("stack"),
        environment={"FRONTEND_CACHE_PURGE_URL": purge_api.url},
        say=None,
    )
    with stack:
        yield stack
        assert stack.dead_process() is None, f"{stack.dead_process()} died"


def reload_until(page, url, locator, timeout=WORKER_TIMEOUT):
    """Reload ``url`` until ``locator`` shows: the worker's share is not instant."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto(url)
        if locator.count():
            return locator.first
        if time.monotonic() > deadline:
            raise AssertionError(f"{locator} never showed on {url}")
        time.sleep(1)


def test_visitor_moderator_gallery_withdraw_on_the_stack(
    browser, stack, purge_api, tmp_path
):
    site = stack.site_url
    visitor = browser.new_context(base_url=site, locale="en-GB").new_page()
    visitor.set_default_timeout(20_000)

    # The gallery is in the page cache before anything changes.
    visitor.goto("/gallery/")
    visitor.goto("/gallery/")
    assert visitor.locator(f".ugc-gallery img[alt='{ALT_TEXT}']").count() == 0

    photo = tmp_path / "IMG_3001.JPG"
    photo.write_bytes(jpeg_bytes(1200, 900))
    visitor.goto("/share/")
    visitor.get_by_label("Photo", exact=True).check()
    visitor.get_by_label("Photos").set_input_files(str(photo))
    visitor.get_by_label("Caption or review").fill(CAPTION)
    visitor.get_by_label("Your name").fill("Sam Rivers")
    visitor.get_by_label("Your e-mail").fill("sam@example.com")
    visitor.get_by_label("Credit me as").fill("Sam R.")
    visitor.get_by_label("I agree to the terms above.").check()
    visitor.get_by_label("I am 16 or older.").check()
    visitor.get_by_label("Everyone shown agreed to share it.").check()
    visitor.get_by_role("button", name="Send").click()
    expect(visitor.get_by_role("heading", name="Thank you!")).to_be_visible()
    withdraw_url = visitor.get_by_role(
        "link", name="Withdraw my submission"
    ).get_attribute("href")

    # The moderator sees it once the worker has processed the upload; its
    # thumbnail is streamed from the private bucket by the admin.
    moderator = browser.new_context(base_url=site, locale="en-GB").new_page()
    moderator.set_default_timeout(20_000)
    moderator.goto("/admin/login/")
    moderator.get_by_label("Username").fill("admin")
    moderator.get_by_label("Password").fill("changeme")
    moderator.get_by_role("button", name="Sign in").click()
    expect(moderator.locator("body")).to_contain_text("awaiting moderation")
    item = reload_until(
        moderator,
        "/admin/ugc/queue/",
        moderator.locator("[data-ugc-item]", has_text=CAPTION).filter(
            has=moderator.locator("img[data-ugc-thumbnail]")
        ),
    )
    item.scroll_into_view_if_needed()
    moderator.wait_for_function(
        "img => img.complete && img.naturalWidth > 0",
        arg=item.locator("img[data-ugc-thumbnail]").element_handle(),
    )
    item.get_by_label("Alt text, photo 1").fill(ALT_TEXT)
    item.get_by_label("Alt text, photo 1").press("Enter")
    expect(moderator.locator("[data-ugc-status]")).to_have_text("Saved.")
    moderator.keyboard.press("Escape")
    moderator.keyboard.press("a")
    expect(moderator.locator("[data-ugc-status]")).to_contain_text("Approved")

    # The worker publishes the photo; the cached gallery is purged and shows it.
    tile = reload_until(
        visitor,
        "/gallery/",
        visitor.locator(f".ugc-gallery img[alt='{ALT_TEXT}']"),
    )
    item = visitor.locator(
        ".ugc-gallery li", has=visitor.locator(f"img[alt='{ALT_TEXT}']")
    ).first
    expect(item).to_contain_text("Sam R.")
    image_url = tile.evaluate("img => img.currentSrc || img.src")
    assert urlsplit(image_url).netloc == urlsplit(stack.s3_endpoint).netloc
    assert status_of(image_url) == 200

    # Nothing in the private bucket answers an unsigned request.
    client = services.s3_client(stack.s3_endpoint)
    private_keys = [
        entry["Key"]
        for entry in client.list_objects_v2(Bucket=stack.private_bucket).get(
            "Contents", ()
        )
    ]
    assert private_keys
    for key in private_keys:
        url = f"{stack.s3_endpoint}/{stack.private_bucket}/{key}"
        assert status_of(url) == 403, key

    # Withdrawal: gone on the next request, from every process and cache.
    purges_before = len(purge_api.requests)
    visitor.goto(withdraw_url)
    visitor.get_by_role("button", name="Withdraw it").click()
    expect(
        visitor.get_by_role("heading", name="Your submission is withdrawn")
    ).to_be_visible()
    for _ in range(4):  # both gunicorn processes, through the page cache
        visitor.goto("/gallery/")
        assert visitor.locator(f".ugc-gallery img[alt='{ALT_TEXT}']").count() == 0
    assert status_of(image_url) == 404
    purged_paths = {path for _m, _h, path in purge_api.requests[purges_before:]}
    assert "/gallery/" in purged_paths
