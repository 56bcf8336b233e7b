"""The production profile of the example site, chosen by environment variables (docs/deployment.md).

Each case loads the example site's settings in a fresh process with the
variables docs/deployment.md lists, as gunicorn and the worker would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from wagtail_ugc.checks import check_private_storage

REPO = Path(__file__).resolve().parents[2]

REPORT = """
import json, django
django.setup()
from django.conf import settings
from django.core.checks import run_checks
from django.core.files.storage import default_storage
from wagtail_ugc.conf import ugc_settings
from wagtail_ugc.storage import private_storage
try:
    private_storage.url("masters/a.jpg")
    private_url = "made"
except ValueError:
    private_url = "refused"
print(json.dumps({
    "public_url": default_storage.url("ugc/a.jpg"),
    "private_class": private_storage.__class__.__name__,
    "private_bucket": getattr(private_storage, "bucket_name", None),
    "private_url": private_url,
    "img_src": settings.CSP_DIRECTIVES["img-src"],
    "tasks": settings.TASKS["default"]["BACKEND"],
    "rate_limit_cache": settings.CACHES[ugc_settings.RATE_LIMIT_CACHE]["BACKEND"],
    "serve_media": settings.SERVE_MEDIA,
    "errors": [e.id for e in run_checks(include_deployment_checks=False) if e.is_serious()],
}))
"""


def load_settings(tmp_path, **env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("UGC_S3_")
        and key not in ("TASKS_BACKEND", "DJANGO_SETTINGS_MODULE")
    }
    return subprocess.run(
        [sys.executable, "-c", REPORT],
        cwd=REPO / "example_site",
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "example_site.settings",
            "SECRET_KEY": "profile-test-key",
            "EXAMPLE_SITE_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_profile_puts_media_on_two_buckets_and_work_on_the_database_queue(
    tmp_path,
):
    result = load_settings(
        tmp_path,
        UGC_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        UGC_S3_PUBLIC_BUCKET="shop-ugc-public",
        UGC_S3_PRIVATE_BUCKET="shop-ugc-private",
        TASKS_BACKEND="database",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["public_url"] == "http://127.0.0.1:9000/shop-ugc-public/ugc/a.jpg"
    assert report["private_class"] == "PrivateS3Storage"
    assert report["private_bucket"] == "shop-ugc-private"
    assert report["private_url"] == "refused"
    assert "http://127.0.0.1:9000" in report["img_src"]
    assert report["tasks"] == "django_tasks_db.DatabaseBackend"
    assert report["rate_limit_cache"] == "django.core.cache.backends.redis.RedisCache"
    assert report["serve_media"] is False
    assert report["errors"] == []


def test_a_cdn_in_front_of_the_public_bucket_gives_the_image_urls(tmp_path):
    result = load_settings(
        tmp_path,
        UGC_S3_PUBLIC_BUCKET="shop-ugc-public",
        UGC_S3_PRIVATE_BUCKET="shop-ugc-private",
        UGC_S3_PUBLIC_URL="https://media.shop.example/ugc-files/",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["public_url"] == "https://media.shop.example/ugc-files/ugc/a.jpg"
    assert "https://media.shop.example" in report["img_src"]
    assert report["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_one_bucket_alone_is_refused(tmp_path):
    result = load_settings(tmp_path, UGC_S3_PUBLIC_BUCKET="shop-ugc-public")
    assert result.returncode != 0
    assert "UGC_S3_PRIVATE_BUCKET" in result.stderr


def s3(bucket, backend="storages.backends.s3.S3Storage", **options):
    return {"BACKEND": backend, "OPTIONS": {"bucket_name": bucket, **options}}


PRIVATE = "wagtail_ugc.storage.PrivateS3Storage"


@pytest.mark.parametrize(
    ("private", "expected"),
    [
        (s3("private", PRIVATE), []),
        # Signed URLs only: allowed, though the package never asks for one.
        (s3("private"), []),
        (s3("private", querystring_auth=False), ["wagtail_ugc.E011"]),
        (s3("private", custom_domain="cdn.example"), ["wagtail_ugc.E011"]),
        (s3("private", PRIVATE, custom_domain="cdn.example"), []),
        (s3("public", PRIVATE), ["wagtail_ugc.E012"]),
        (s3("public", PRIVATE, location="private"), ["wagtail_ugc.E012"]),
    ],
)
def test_the_checks_refuse_a_private_bucket_with_public_urls(private, expected):
    with override_settings(
        STORAGES={
            "default": s3("public", querystring_auth=False),
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
            "ugc_private": private,
        },
        WAGTAIL_UGC={"PRIVATE_STORAGE": "ugc_private"},
    ):
        assert [error.id for error in check_private_storage()] == expected


def test_separate_prefixes_of_one_bucket_pass_the_checks():
    with override_settings(
        STORAGES={
            "default": s3("shared", querystring_auth=False, location="public"),
            "ugc_private": s3("shared", PRIVATE, location="private"),
        },
        WAGTAIL_UGC={"PRIVATE_STORAGE": "ugc_private"},
    ):
        assert check_private_storage() == []
