"""``manage.py check`` refuses a malformed WEBHOOK_ENDPOINTS entry or retry delays."""

import pytest

from wagtail_ugc.checks import check_settings

GOOD = {"name": "ops", "url": "https://ops.example.com/hook", "secret": "s3cret"}


def ids(settings, **values):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, **values}
    return [error.id for error in check_settings(None)]


def test_good_settings_pass(settings):
    assert (
        ids(
            settings,
            WEBHOOK_ENDPOINTS=[
                GOOD,
                {**GOOD, "name": "two", "events": ["submission.erased"]},
            ],
        )
        == []
    )


@pytest.mark.parametrize(
    "endpoints",
    [
        {"name": "ops"},
        [{**GOOD, "url": "ftp://ops.example.com/"}],
        [{**GOOD, "url": "ops.example.com"}],
        [{**GOOD, "secret": ""}],
        [{key: value for key, value in GOOD.items() if key != "secret"}],
        [{**GOOD, "events": ["submission.deleted"]}],
        [{**GOOD, "events": "submission.erased"}],
        [{**GOOD, "name": ""}],
        [{**GOOD, "colour": "red"}],
        [GOOD, GOOD],
        ["https://ops.example.com/hook"],
    ],
)
def test_a_malformed_endpoint_is_refused(settings, endpoints):
    assert ids(settings, WEBHOOK_ENDPOINTS=endpoints) == ["wagtail_ugc.E120"]


@pytest.mark.parametrize("delays", [60, [60, 0], [60, "300"], [True]])
def test_bad_retry_delays_are_refused(settings, delays):
    assert ids(settings, WEBHOOK_RETRY_DELAYS=delays) == ["wagtail_ugc.E121"]


def test_no_retries_is_allowed(settings):
    assert ids(settings, WEBHOOK_RETRY_DELAYS=[]) == []


@pytest.mark.parametrize("key", ["WEBHOOK_TIMEOUT_SECONDS", "WEBHOOK_LOG_DAYS"])
def test_timeout_and_log_days_are_positive(settings, key):
    assert ids(settings, **{key: 0}) == ["wagtail_ugc.E003"]
