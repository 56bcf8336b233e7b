"""Moderation tests start from the default set-up (a transactional test's flush removes the migration's rows)."""

import pytest


@pytest.fixture(autouse=True)
def moderation_defaults(db):
    from wagtail_ugc.moderation.defaults import ensure_moderation_defaults

    ensure_moderation_defaults()
