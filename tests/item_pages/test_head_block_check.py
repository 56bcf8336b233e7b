"""BASE_TEMPLATE_HEAD_BLOCK must be a block name of its own, or nothing (system check E080)."""

import pytest
from django.core.checks import run_checks


def e080(settings, head_block):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "BASE_TEMPLATE_HEAD_BLOCK": head_block,
    }
    return "wagtail_ugc.E080" in [error.id for error in run_checks()]


@pytest.mark.parametrize(
    "head_block", ["extra head", "title", "ugc_head", "content", 3]
)
def test_a_head_block_that_cannot_work_fails_the_system_check(settings, head_block):
    assert e080(settings, head_block)


@pytest.mark.parametrize("head_block", ["extra_css", "extra_head", "", None])
def test_a_head_block_or_none_passes(settings, head_block):
    assert not e080(settings, head_block)
