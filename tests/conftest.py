"""Fixtures every test gets: throwaway public and private storage, an empty cache."""

import pytest
from django.core.cache import caches
from wagtail.models import Collection


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
