"""Fixtures every test gets: throwaway public and private storage, an empty cache."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from django_tasks import task_backends
from wagtail.models import Collection

from wagtail_ugc.moderation.defaults import ensure_moderation_defaults


@pytest.fixture(autouse=True)
def isolated_storage(settings, tmp_path):
    """Each test gets its own MEDIA_ROOT and private root, so files can be checked."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "PRIVATE_ROOT": tmp_path / "ugc_private",
    }
    yield tmp_path


@pytest.fixture(autouse=True)
def empty_caches():
    """An emptied cache: a warm rendition or rate-limit cache would hide real costs."""
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture
def demo_content(db):
    from demo.content import load_all

    class Quiet:
        def write(self, *args, **kwargs):
            pass

    load_all(Quiet())


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser(
        username="moderator", email="moderator@example.com", password="pw"
    )


@pytest.fixture
def root_collection(transactional_db):
    """What Wagtail's migrations create, which another transactional test's flush removed."""
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


@pytest.fixture
def moderation_defaults(db):
    """Moderation's default workflow and groups, which a transactional test's flush removes."""
    ensure_moderation_defaults()


@pytest.fixture
def deferred_tasks():
    """Tasks held, as on a site with a worker; ``tests.moderation.helpers.run_worker`` runs them."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        yield task_backends["default"]


@pytest.fixture
def page_cache(settings):
    """Django's per-site cache middleware on an alias of its own, as docs/rights.md shows."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ugc-test-pages",
        },
    }
    settings.CACHE_MIDDLEWARE_ALIAS = "pages"
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    settings.MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "PAGE_CACHE_ALIAS": "pages"}
    caches["pages"].clear()
    yield
    caches["pages"].clear()
