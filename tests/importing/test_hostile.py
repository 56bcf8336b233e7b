"""Bad and hostile feeds and servers: each says what went wrong on the source, imports nothing, raises nothing."""

import time

import pytest

from wagtail_ugc.intake.importing.fetching import ImportFailed, checked_address
from wagtail_ugc.models import Submission

from .feeds import feed_source, poll, rss
from .server import Reply, endless, trickle

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("import_settings", "moderation_defaults"),
]

GOOD_ITEM = {
    "title": "Fine",
    "link": "https://trails.example/posts/1",
    "description": "ok",
}


def polled_error(far_end, route, capture, path="/feed.xml"):
    far_end.routes[path] = route
    source = feed_source(far_end, path)
    started = time.monotonic()
    poll(source, capture)
    assert time.monotonic() - started < 8
    assert not Submission.objects.exists()
    assert source.last_polled_at is not None
    return source.last_error


def test_malformed_xml(far_end, django_capture_on_commit_callbacks):
    broken = rss([GOOD_ITEM]).replace(b"</channel>", b"<item><title>half")
    error = polled_error(far_end, Reply(broken), django_capture_on_commit_callbacks)
    assert error == "This is not an RSS or Atom feed, or it is broken."


def test_not_a_feed_at_all(far_end, django_capture_on_commit_callbacks):
    error = polled_error(
        far_end,
        Reply(b"<html><body>Hello</body></html>", content_type="text/html"),
        django_capture_on_commit_callbacks,
    )
    assert error == "This is not an RSS or Atom feed, or it is broken."


def test_non_utf8_garbage(far_end, django_capture_on_commit_callbacks):
    garbage = bytes(range(256)) * 40
    error = polled_error(far_end, Reply(garbage), django_capture_on_commit_callbacks)
    assert error == "This is not an RSS or Atom feed, or it is broken."


def test_billion_laughs_is_not_expanded(far_end, django_capture_on_commit_callbacks):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 if n > 1 else "")) * 10}">'
        for n in range(1, 10)
    )
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]>'
        '<rss version="2.0"><channel><title>x</title><item><title>&lol9;</title>'
        "<link>https://trails.example/posts/lol</link><description>&lol9;</description></item></channel></rss>"
    ).encode()
    far_end.routes["/feed.xml"] = Reply(feed)
    source = feed_source(far_end)
    started = time.monotonic()
    poll(source, django_capture_on_commit_callbacks)
    assert time.monotonic() - started < 5
    # Whatever was read of it, nothing was expanded into the queue.
    assert all(len(s.text) < 200 for s in Submission.objects.all())
    assert "lollol" not in "".join(s.text for s in Submission.objects.all())


def test_external_entities_read_no_local_file(
    far_end, django_capture_on_commit_callbacks, tmp_path
):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">'
        f'<!ENTITY web SYSTEM "{far_end.url("/leak")}">]>'
        '<rss version="2.0"><channel><title>x</title><item><title>A &xxe; B &web;</title>'
        "<link>https://trails.example/posts/xxe</link><description>&xxe;</description></item></channel></rss>"
    ).encode()
    far_end.routes["/feed.xml"] = Reply(feed)
    far_end.routes["/leak"] = Reply(b"LEAKED-OVER-HTTP", content_type="text/plain")
    source = feed_source(far_end)
    poll(source, django_capture_on_commit_callbacks)
    stored = "".join(f"{s.text} {s.credit_line}" for s in Submission.objects.all())
    assert "TOP-SECRET-VALUE" not in stored
    assert "LEAKED-OVER-HTTP" not in stored
    assert "/leak" not in far_end.paths_requested()


def test_an_enormous_body_is_stopped_at_the_byte_limit(
    far_end, django_capture_on_commit_callbacks
):
    error = polled_error(far_end, endless, django_capture_on_commit_callbacks)
    assert error == "The answer is larger than 256 kB."


def test_a_declared_length_over_the_limit_is_refused_before_reading(
    far_end, django_capture_on_commit_callbacks
):
    error = polled_error(
        far_end, Reply(b" " * 300_000), django_capture_on_commit_callbacks
    )
    assert error == "The answer is larger than 256 kB."


def test_a_slow_server_times_out(far_end, django_capture_on_commit_callbacks):
    # A byte every half second: each read is quick, the whole is too slow.
    error = polled_error(
        far_end, trickle([b"<"] * 20, 0.5), django_capture_on_commit_callbacks
    )
    assert error == "The server did not answer within 2 seconds."


@pytest.mark.parametrize("status", [500, 404, 403])
def test_error_statuses(far_end, django_capture_on_commit_callbacks, status):
    error = polled_error(
        far_end,
        Reply(b"oops", status=status, content_type="text/plain"),
        django_capture_on_commit_callbacks,
    )
    assert error == f"The server answered with HTTP status {status}."


def test_a_redirect_to_a_file_is_not_followed(
    far_end, django_capture_on_commit_callbacks
):
    error = polled_error(
        far_end,
        Reply(status=302, headers={"Location": "file:///etc/passwd"}),
        django_capture_on_commit_callbacks,
    )
    assert error == "Only http and https addresses can be read."


def test_redirects_are_followed_a_few_times_only(
    far_end, django_capture_on_commit_callbacks
):
    far_end.routes["/feed.xml"] = Reply(status=301, headers={"Location": "/moved.xml"})
    far_end.routes["/moved.xml"] = Reply(rss([GOOD_ITEM]))
    source = feed_source(far_end)
    poll(source, django_capture_on_commit_callbacks)
    assert source.last_found == 1
    far_end.routes["/loop.xml"] = Reply(status=302, headers={"Location": "/loop.xml"})
    looping = feed_source(far_end, "/loop.xml")
    poll(looping, django_capture_on_commit_callbacks)
    assert looping.last_error == "The server redirected too many times."
    assert far_end.paths_requested().count("/loop.xml") == 4


def test_local_addresses_are_refused_unless_allowed(
    far_end, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "IMPORT_ALLOW_PRIVATE_ADDRESSES": False,
    }
    error = polled_error(
        far_end, Reply(rss([GOOD_ITEM])), django_capture_on_commit_callbacks
    )
    assert (
        error
        == "The address is private or local; import sources read public addresses only."
    )
    assert far_end.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost/feed",
        "http://10.1.2.3/feed",
        "http://192.168.0.1/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://0.0.0.0/feed",
    ],
)
def test_private_and_local_addresses_are_refused_by_default(url, settings):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "IMPORT_ALLOW_PRIVATE_ADDRESSES": False,
    }
    with pytest.raises(ImportFailed) as refused:
        checked_address(url)
    assert refused.value.code == "private_address"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/feed",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://x/",
    ],
)
def test_only_http_and_https_are_read(url):
    with pytest.raises(ImportFailed) as refused:
        checked_address(url)
    assert refused.value.code == "scheme"


def test_one_broken_source_does_not_stop_the_others(
    far_end, django_capture_on_commit_callbacks
):
    from wagtail_ugc.intake.importing import polling

    far_end.routes["/broken.xml"] = Reply(
        b"oops", status=500, content_type="text/plain"
    )
    far_end.routes["/feed.xml"] = Reply(rss([GOOD_ITEM]))
    broken = feed_source(far_end, "/broken.xml")
    unknown = feed_source(far_end, "/feed.xml", kind="no-such-kind")
    good = feed_source(far_end, "/feed.xml")
    with django_capture_on_commit_callbacks(execute=True):
        results = polling.poll_due()
    assert set(results) == {broken, unknown, good}
    for source in (broken, unknown, good):
        source.refresh_from_db()
    assert broken.last_error == "The server answered with HTTP status 500."
    assert (
        unknown.last_error
        == "“no-such-kind” is not a kind of import source this site has."
    )
    assert (good.last_found, good.last_error) == (1, "")
