"""A site builder's misconfiguration fails at `manage.py check`, with a clear message."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import reverse

from wagtail_ugc.checks import check_required_apps, check_settings, check_urls
from wagtail_ugc.conf import DEFAULTS, ugc_settings
from wagtail_ugc.models import SubmissionPhoto

from .factories import CampaignFactory
from .images import jpeg_bytes

ROOT = Path(__file__).resolve().parent.parent


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


# Public folders ------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry",
    [
        lambda folder: str(folder),
        lambda folder: folder,
        lambda folder: ("site", str(folder)),
        lambda folder: ("site", folder),
    ],
    ids=["str", "Path", "prefix and str", "prefix and Path"],
)
def test_private_root_inside_a_staticfiles_dirs_folder_is_an_error(
    settings, tmp_path, entry
):
    static = tmp_path / "project" / "static"
    settings.STATICFILES_DIRS = [tmp_path / "other", entry(static)]
    ids = error_ids({"PRIVATE_ROOT": str(static / "ugc_private")}, settings)
    assert ids == ["wagtail_ugc.E012"]


def test_private_root_inside_static_root_is_an_error(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path / "collected")
    ids = error_ids({"PRIVATE_ROOT": tmp_path / "collected" / "private"}, settings)
    assert ids == ["wagtail_ugc.E012"]


def test_a_private_filesystem_storage_inside_a_static_folder_is_an_error(
    settings, tmp_path
):
    settings.STATICFILES_DIRS = [str(tmp_path / "static")]
    settings.STORAGES = {
        **settings.STORAGES,
        "ugc": {
            "BACKEND": "wagtail_ugc.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "static" / "ugc")},
        },
    }
    settings.WAGTAIL_UGC = {"PRIVATE_STORAGE": "ugc"}
    (error,) = check_settings(None)
    assert error.id == "wagtail_ugc.E012"
    assert "STORAGES['ugc']" in error.hint


def test_a_private_root_that_is_not_a_folder_is_an_error(settings):
    assert error_ids({"PRIVATE_ROOT": 42}, settings) == ["wagtail_ugc.E013"]


# PRIVATE_ROOT as a str or a Path -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [str, Path], ids=["str", "Path"])
def test_private_root_works_as_a_str_or_a_path(
    kind, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    root = tmp_path / "outside" / "ugc_private"
    settings.WAGTAIL_UGC = {"PRIVATE_ROOT": kind(root)}
    call_command("check")  # passes

    campaign = CampaignFactory(slug="summer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug}),
            {
                "kind": "photo",
                "photos": [SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")],
                "text": "Sunrise",
                "name": "Ada",
                "email": "ada@example.com",
                "credit_line": "@ada",
                "accept_terms": "on",
                "age_confirmed": "on",
                "people_shown_consented": "on",
                "leave_empty": "",
            },
        )
    assert response.status_code == 302
    master = root / SubmissionPhoto.objects.get().master.name
    assert master.is_file()

    call_command("ugc_rights_sweep")  # lists the private folders, keeps what is used
    assert master.is_file()

    export = tmp_path / "export.zip"
    call_command("ugc_export_creator", "ada@example.com", "-o", str(export))
    with zipfile.ZipFile(export) as archive:
        contents = [archive.read(name) for name in archive.namelist()]
    assert master.read_bytes() in contents

    settings.WAGTAIL_UGC = {"PRIVATE_ROOT": kind(Path(settings.MEDIA_ROOT) / "p")}
    with pytest.raises(SystemCheckError, match="wagtail_ugc.E012"):
        call_command("check")


# Required apps -------------------------------------------------------------------


def test_every_required_app_is_installed_in_the_example_site():
    assert check_required_apps(None) == []


def test_each_missing_required_app_fails_manage_py_check_by_name(tmp_path):
    # INSTALLED_APPS cannot be changed inside a running test (Wagtail's apps
    # start only once), so this runs `manage.py check` on settings without them.
    (tmp_path / "site_settings.py").write_text(
        "from tests.settings import *\n"
        "MISSING = ['wagtail.embeds', 'wagtail.snippets', 'taggit']\n"
        "INSTALLED_APPS = [a for a in INSTALLED_APPS if a not in MISSING]\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_settings",
        "PYTHONPATH": os.pathsep.join(
            [str(tmp_path), str(ROOT), str(ROOT / "example_site")]
        ),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    for app in ("wagtail.embeds", "wagtail.snippets", "taggit"):
        assert f"wagtail_ugc.E070) wagtail-ugc needs '{app}'" in result.stderr
        assert f'HINT: Add "{app}" to INSTALLED_APPS.' in result.stderr
    assert "'wagtail.images'" not in result.stderr


# URLs ----------------------------------------------------------------------------


def test_the_example_sites_urls_pass():
    assert check_urls(None) == []


@override_settings(ROOT_URLCONF="tests.urlconfs.without_ugc")
def test_forgetting_the_urls_include_fails_manage_py_check():
    with pytest.raises(SystemCheckError) as failure:
        call_command("check")
    message = str(failure.value)
    assert "wagtail_ugc.E050" in message
    assert 'path("ugc/", include("wagtail_ugc.urls"))' in message
    assert "catch-all" in message


@override_settings(ROOT_URLCONF="tests.urlconfs.ugc_after_pages")
def test_the_urls_included_after_wagtails_pages_fail_the_check():
    (error,) = check_urls(None)
    assert error.id == "wagtail_ugc.E051"
    assert "wagtail_serve" in error.msg


@override_settings(ROOT_URLCONF="tests.urlconfs.no_such_module")
def test_a_urls_module_that_cannot_be_imported_is_left_to_djangos_own_check():
    assert check_urls(None) == []
