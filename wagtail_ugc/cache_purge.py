"""Caches follow displayability: the pages that show a submission are purged once a change is visible.

Part of the publication stage (docs/architecture.md). Every change reaches
it through ``signals.displayability_changed`` or publication itself:

* A submission stops being displayable (withdrawn, rejected, unpublished,
  expired): once the change commits, in the same request or task, the live
  pages whose UGC blocks select it are purged. Only one that was ever
  published can be on a cached page, so the others cost nothing.
* A displayable submission is deleted (erasure): its pages are found before
  the row goes and purged once the deletion commits.
* Its item page (``wagtail_ugc:item``, docs/item-pages.md) is purged with
  those pages, so it answers 410 or 404 at once.
* A submission's public files are deleted (``publication.delete_images``):
  their URLs are purged from a CDN too, so they answer 404 there as well.
* A submission becomes displayable, or changes while displayable: its pages
  are purged when its public files exist (``publication`` calls
  ``purge_pages_showing`` then), so no page is cached without its image
  meanwhile; a review or video has no files, and its pages are purged by a
  task (in the worker, where one runs) so a bulk approval does not wait.

What is purged (docs/deployment.md, "Caches and CDN purge"):

* the backends of ``wagtail.contrib.frontend_cache``, if it is installed:
  the page cache of ``wagtail_ugc.pagecache.PageCacheBackend`` at once, in
  this process, so the next request to any process misses it; any other (a
  CDN, Varnish) through Wagtail's purge task, as Wagtail purges a published
  page;
* the cache named by ``WAGTAIL_UGC["PAGE_CACHE_ALIAS"]``, cleared whole (for
  Django's own cache middleware, which cannot forget one page).
"""

import functools
import logging
from functools import partial
from urllib.parse import urljoin

from django.apps import apps
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django_tasks import task
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import (
    PurgeBatch,
    get_backends,
    purge_urls_from_cache,
)
from wagtail.models import Site

from .conf import ugc_settings
from .links import item_path
from .models import Submission
from .models.usage import pages_selecting, pages_showing
from .pagecache import PageCacheBackend
from .signals import displayability_changed

logger = logging.getLogger(__name__)


def never_raises(func):
    """A cache that cannot be reached must not undo a change; the cache's own expiry is the fallback."""

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            logger.exception("Could not purge pages from the caches (%s)", args)

    return guarded


@receiver(displayability_changed)
def purge_when_hidden_on_commit(sender, submission_id, **kwargs):
    # Purged before the commit, a page could be cached again with the old
    # state by a request that ran in between.
    transaction.on_commit(partial(purge_if_hidden, submission_id))


@receiver(pre_delete, sender=Submission)
@never_raises
def purge_when_deleted(sender, instance, **kwargs):
    # Once the row is gone nothing can tell which pages showed it.
    if instance.first_published_at is None or not purging():
        return
    with transaction.atomic():  # a failed query here must not undo the deletion
        pages = pages_selecting(instance)
        urls = item_page_urls(instance)
    transaction.on_commit(partial(purge_pages, pages, urls))


@never_raises
def purge_if_hidden(submission_id):
    """Purge the pages that select ``submission_id`` if it is no longer displayable."""
    if not purging():
        return
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None or submission.first_published_at is None:
        return
    if submission.is_displayable():
        return  # publication purges once its public files exist
    purge_pages(pages_selecting(submission), item_page_urls(submission))


@never_raises
def purge_pages_showing(submission):
    """Purge the pages that show ``submission`` now (publication: its files exist)."""
    if purging():
        purge_pages(pages_showing(submission), item_page_urls(submission))


def purge_pages_showing_later(submission):
    """The same in the background: an approval of 100 reviews does not wait for 100 look-ups."""
    if purging():
        purge_pages_showing_task.enqueue(submission.pk)


@task()
def purge_pages_showing_task(submission_id):
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is not None and submission.is_displayable():
        purge_pages_showing(submission)


def purging():
    """Whether any cache is configured to be purged."""
    return bool(ugc_settings.PAGE_CACHE_ALIAS or frontend_cache_backends())


def frontend_cache_backends():
    if not apps.is_installed("wagtail.contrib.frontend_cache"):
        return {}
    return get_backends()


@never_raises
def purge_file_urls(files):
    """Purge deleted public files from a CDN: their URLs answer 404 there too."""
    backends = [
        name
        for name, backend in frontend_cache_backends().items()
        if not isinstance(backend, PageCacheBackend)  # it holds no files
    ]
    if not backends or not files:
        return
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    # Files served by the site have relative URLs (MEDIA_URL).
    urls = sorted({urljoin(site.root_url, file.url) for file in files})
    purge_urls_from_cache(urls, backends=backends)


def item_page_urls(submission):
    """The URL of the submission's item page on the default site; none if it is not routed."""
    path = item_path(submission.uuid)
    if not path:
        return []
    site = Site.objects.filter(is_default_site=True).first()
    return [urljoin(site.root_url, path)] if site else []


@never_raises
def purge_pages(pages, urls=()):
    """Purge ``pages`` and ``urls`` (full URLs) from every configured cache."""
    alias = ugc_settings.PAGE_CACHE_ALIAS
    if alias:
        caches[alias].clear()
    backends = frontend_cache_backends()
    if not backends:
        return
    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.add_urls(urls)
    if not batch.urls:
        return
    urls = sorted(batch.urls)
    here = [n for n, b in backends.items() if isinstance(b, PageCacheBackend)]
    elsewhere = [name for name in backends if name not in here]
    if here:
        # The page cache at once: the next request, to any process, misses.
        purge_urls_from_cache_task.call(urls, None, here)
    if elsewhere:
        purge_urls_from_cache(urls, backends=elsewhere)
