"""A site builder's misconfiguration fails at `manage.py check`, with a clear message."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from wagtail_ugc.checks import check_settings
from wagtail_ugc.conf import DEFAULTS, ugc_settings


def error_ids(settings_dict, settings):
    settings.WAGTAIL_UGC = settings_dict
    return [error.id for error in check_settings(None)]


def test_defaults_pass_the_checks(settings, tmp_path):
    assert error_ids({"PRIVATE_ROOT": tmp_path / "private"}, settings) == []


def test_every_default_is_readable():
    for key, value in DEFAULTS.items():
        if key != "PRIVATE_ROOT":
            assert getattr(ugc_settings, key) == value


def test_an_unknown_key_is_an_error(settings, tmp_path):
    ids = error_ids({"PRIVATE_ROOT": tmp_path, "MAX_UPLAOD_BYTES": 1}, settings)
    assert ids == ["wagtail_ugc.E002"]


@pytest.mark.parametrize(
    "key,value",
    [
        ("MAX_UPLOAD_BYTES", 0),
        ("MAX_PIXELS", -5),
        ("RATE_LIMIT_PER_IP", "10"),
        ("GALLERY_PAGE_SIZE", True),
    ],
)
def test_limits_that_make_no_sense_are_errors(settings, tmp_path, key, value):
    ids = error_ids({"PRIVATE_ROOT": tmp_path, key: value}, settings)
    assert "wagtail_ugc.E003" in ids


def test_reminder_after_the_request_lapses_is_an_error(settings, tmp_path):
    ids = error_ids(
        {"PRIVATE_ROOT": tmp_path, "RIGHTS_REQUEST_DAYS": 5, "RIGHTS_REMINDER_DAYS": 7},
        settings,
    )
    assert ids == ["wagtail_ugc.E007"]


def test_unknown_notification_mode_is_an_error(settings, tmp_path):
    ids = error_ids(
        {"PRIVATE_ROOT": tmp_path, "MODERATOR_NOTIFICATIONS": "sometimes"}, settings
    )
    assert ids == ["wagtail_ugc.E005"]


def test_private_root_inside_media_root_is_an_error(settings):
    ids = error_ids({"PRIVATE_ROOT": Path(settings.MEDIA_ROOT) / "private"}, settings)
    assert ids == ["wagtail_ugc.E012"]


def test_default_storage_as_private_storage_is_an_error(settings):
    assert error_ids({"PRIVATE_STORAGE": "default"}, settings) == ["wagtail_ugc.E011"]


def test_missing_storage_alias_is_an_error(settings):
    assert error_ids({"PRIVATE_STORAGE": "nope"}, settings) == ["wagtail_ugc.E010"]


def test_manage_py_check_fails_loudly(settings):
    settings.WAGTAIL_UGC = {"MAX_PIXELS": 0}
    with pytest.raises(SystemCheckError, match="MAX_PIXELS"):
        call_command("check")


def test_settings_are_reread_when_they_change(settings):
    settings.WAGTAIL_UGC = {"MAX_PIXELS": 123}
    assert ugc_settings.MAX_PIXELS == 123
    settings.WAGTAIL_UGC = {}
    assert ugc_settings.MAX_PIXELS == DEFAULTS["MAX_PIXELS"]
