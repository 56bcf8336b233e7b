"""Caches follow displayability: when a submission may have stopped (or started) showing, cached pages go.

Two kinds of page cache are handled, both opt-in:

* Django's cache middleware, with ``WAGTAIL_UGC["PAGE_CACHE_ALIAS"]`` naming the
  cache alias it uses (``CACHE_MIDDLEWARE_ALIAS``). Django cannot drop one URL
  from that cache, so the whole alias is cleared: give it an alias of its own.
* ``wagtail.contrib.frontend_cache`` (a CDN or Varnish), if installed: the
  URLs of the pages that select the submission are purged.
"""

import logging
from functools import partial

from django.apps import apps
from django.core.cache import caches
from django.db import transaction
from django.dispatch import receiver
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from ..conf import ugc_settings
from ..models import Submission
from ..models.usage import pages_selecting
from ..signals import displayability_changed

logger = logging.getLogger(__name__)


@receiver(displayability_changed)
def invalidate_page_caches_on_commit(sender, submission_id, **kwargs):
    # Cleared before the commit, a page could be cached again with the old
    # state by a request that ran in between.
    transaction.on_commit(partial(invalidate_page_caches, submission_id))


def invalidate_page_caches(submission_id):
    alias = ugc_settings.PAGE_CACHE_ALIAS
    if alias:
        caches[alias].clear()
    if apps.is_installed("wagtail.contrib.frontend_cache"):
        purge_frontend_cache(submission_id)


def purge_frontend_cache(submission_id):
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None:
        return
    try:
        batch = PurgeBatch()
        batch.add_pages(pages_selecting(submission))
        batch.purge()
    except Exception:
        # A CDN that cannot be reached must not undo a withdrawal; the page
        # cache's own expiry is the fallback.
        logger.exception("Could not purge the front-end cache for %s", submission_id)
