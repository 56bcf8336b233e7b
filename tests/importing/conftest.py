import pytest

from .server import FakeServer


@pytest.fixture
def far_end():
    """The feed host, Mastodon server and image host, on a free local port."""
    server = FakeServer().start()
    yield server
    server.stop()


@pytest.fixture
def import_settings(settings):
    """Local addresses allowed (the fake server is on 127.0.0.1), and short limits."""
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "IMPORT_ALLOW_PRIVATE_ADDRESSES": True,
        "IMPORT_TIMEOUT_SECONDS": 2,
        "IMPORT_MAX_FEED_BYTES": 256 * 1024,
    }
    return settings
