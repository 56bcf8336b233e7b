"""Reward tests start from moderation's default set-up: the workflow and the moderators' group."""

import pytest


@pytest.fixture(autouse=True)
def moderation_defaults(moderation_defaults):
    return moderation_defaults
