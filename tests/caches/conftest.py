"""Fixtures: a CDN (the purge API double) and the page cache, configured as docs/deployment.md shows."""

import pytest
from django.core.cache import cache

from .purge_api import PurgeAPI

PAGE_CACHE_SECONDS = 600


@pytest.fixture
def purge_api():
    api = PurgeAPI().start()
    yield api
    api.stop()


@pytest.fixture
def cdn(settings, purge_api):
    """``wagtail.contrib.frontend_cache`` sending PURGE requests to the double."""
    settings.WAGTAILFRONTENDCACHE = {
        **settings.WAGTAILFRONTENDCACHE,
        "cdn": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": purge_api.url,
        },
    }
    return purge_api


@pytest.fixture
def page_cache(settings):
    """wagtail_ugc.pagecache on the default cache, purged as a frontend-cache backend."""
    settings.CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS
    settings.MIDDLEWARE = [
        "wagtail_ugc.pagecache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "wagtail_ugc.pagecache.FetchFromCacheMiddleware",
    ]
    settings.WAGTAILFRONTENDCACHE = {
        **settings.WAGTAILFRONTENDCACHE,
        "pages": {"BACKEND": "wagtail_ugc.pagecache.PageCacheBackend"},
    }
    cache.clear()
    yield cache
    cache.clear()
