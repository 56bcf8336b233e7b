"""The intake tests' form post (``submit``) with an open campaign, for uploads that go all the way to public files."""

import pytest

from ..factories import CampaignFactory
from ..intake.conftest import submit  # noqa: F401 - a fixture

__all__ = ["submit"]


@pytest.fixture
def campaign(db):
    return CampaignFactory(slug="summer", title="Summer trails", max_photos=5)
