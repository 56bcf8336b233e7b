"""A page cache that can forget one page: Django's cache middleware with a version per path.

Django's cache middleware keys a page on its full URL, the values of the
headers the response varies on (``Cookie``, ``Accept-Language``) and the
language. Nothing can list those variants, so Django alone can only forget a
page by clearing the whole cache. Here every key also carries a version of
the request's path, kept in the same cache: purging a path gives it a new
version, and every variant cached under the old one (on any host, with any
query string) is never read again and expires. This costs one cache read per
GET. A response rendered before a purge is stored under the old version, so
it cannot bring the old page back.

Browsers' caches cannot be purged, so a page this cache holds tells browsers
to ask again every time (``max-age=0``) and shared caches (a CDN, which
``wagtail.contrib.frontend_cache`` purges) to keep it as long as this cache
does (``s-maxage``).

``PageCacheBackend`` is a ``wagtail.contrib.frontend_cache`` backend: pages
that Wagtail purges (a page published) or wagtail-ugc purges (a submission
appearing or disappearing) leave this cache too. See docs/deployment.md,
"Caches and CDN purge".
"""

import copy
import hashlib
import uuid
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.middleware import cache as django_cache
from django.utils.cache import get_max_age, patch_cache_control
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

VERSION_KEY = "wagtail_ugc.pagecache.version.{}"


def version_key(path):
    digest = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    return VERSION_KEY.format(digest)


def path_version(cache, path):
    """The current version of ``path``: a new random one when there is none.

    A version expires after ``CACHE_MIDDLEWARE_SECONDS``, as the pages cached
    under it do, so paths nobody asks for again leave nothing behind. One
    that expired or was evicted is never replaced by an earlier one: the
    pages cached under it are only missed once more.
    """
    key = version_key(path)
    version = cache.get(key)
    if version is None:
        # add(): two processes starting a path at once agree on one version.
        cache.add(key, uuid.uuid4().hex, settings.CACHE_MIDDLEWARE_SECONDS)
        version = cache.get(key)
    # A cache that keeps nothing: a version of this request alone.
    return version or uuid.uuid4().hex


def purge_paths(paths, cache_alias=None):
    """Forget every cached variant of each of ``paths`` (URL paths, e.g. ``/gallery/``)."""
    cache = caches[cache_alias or settings.CACHE_MIDDLEWARE_ALIAS]
    cache.set_many(
        {version_key(path): uuid.uuid4().hex for path in paths},
        settings.CACHE_MIDDLEWARE_SECONDS,
    )


def revalidate_in_browsers(response):
    """Browsers ask again every time; shared caches keep the page as long as this cache."""
    max_age = get_max_age(response)
    if max_age:
        patch_cache_control(response, max_age=0, s_maxage=max_age)
    return response


def _with_prefix(middleware, prefix):
    # A copy for this request: the middleware itself is shared by every thread.
    view = copy.copy(middleware)
    view.key_prefix = prefix
    return view


class FetchFromCacheMiddleware(django_cache.FetchFromCacheMiddleware):
    """Last in ``MIDDLEWARE``: serves a page from the cache, under its path's current version."""

    def process_request(self, request):
        if request.method not in ("GET", "HEAD"):
            return super().process_request(request)
        version = path_version(self.cache, request.path)
        request._page_cache_prefix = f"{self.key_prefix}.{version}"
        view = _with_prefix(self, request._page_cache_prefix)
        response = super(FetchFromCacheMiddleware, view).process_request(request)
        if response is not None:
            request._page_cache_hit = True
        return response


class UpdateCacheMiddleware(django_cache.UpdateCacheMiddleware):
    """First in ``MIDDLEWARE``: stores a page under its path's version, as Django would."""

    def process_response(self, request, response):
        if getattr(request, "_page_cache_hit", False):
            return revalidate_in_browsers(response)
        prefix = getattr(request, "_page_cache_prefix", None)
        if prefix is None:
            return super().process_response(request, response)
        had_expiry = response.has_header("Expires")
        view = _with_prefix(self, prefix)
        response = super(UpdateCacheMiddleware, view).process_response(
            request, response
        )
        # Django gives a response an expiry when it caches it (or answers 304).
        if not had_expiry and response.has_header("Expires"):
            revalidate_in_browsers(response)
        return response


class PageCacheBackend(BaseBackend):
    """A ``WAGTAILFRONTENDCACHE`` backend that purges the page cache above (any host)."""

    def __init__(self, params):
        super().__init__(params)
        self.cache_alias = params.get("CACHE_ALIAS")

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        purge_paths({unquote(urlsplit(url).path) for url in urls}, self.cache_alias)
