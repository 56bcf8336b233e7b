"""Moderation tests start from the default set-up (a transactional test's flush removes the migration's rows)."""

import pytest


@pytest.fixture(autouse=True)
def moderation_defaults(moderation_defaults):
    return moderation_defaults
