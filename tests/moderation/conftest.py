"""Moderation tests start from the default set-up (a transactional test's flush removes the migration's rows)."""

import pytest
from django.test import override_settings
from django_tasks import task_backends


@pytest.fixture(autouse=True)
def moderation_defaults(db):
    from wagtail_ugc.moderation.defaults import ensure_moderation_defaults

    ensure_moderation_defaults()


@pytest.fixture
def deferred_tasks():
    """Tasks held, as on a site with a worker; ``helpers.run_worker`` runs them."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        yield task_backends["default"]
