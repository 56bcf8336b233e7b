"""The example site is safe to copy: DEBUG off, no public key, a strict CSP, media but never private files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parents[1]
STRICT_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
]


def load_settings(tmp_path, **env):
    """Import example_site.settings in a fresh Python with only the given variables."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE")
    }
    clean.update(
        env, PYTHONPATH=str(ROOT / "example_site"), EXAMPLE_SITE_DATA_DIR=str(tmp_path)
    )
    code = (
        "import json, example_site.settings as s; "
        "print(json.dumps({'DEBUG': s.DEBUG, 'SECRET_KEY': s.SECRET_KEY, "
        "'ALLOWED_HOSTS': s.ALLOWED_HOSTS}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_is_off_unless_asked(tmp_path):
    result = load_settings(tmp_path, SECRET_KEY="a-real-key")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["DEBUG"] is False
    assert loaded["SECRET_KEY"] == "a-real-key"
    assert loaded["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]


def test_without_debug_a_missing_secret_key_is_an_error(tmp_path):
    for env in ({}, {"SECRET_KEY": ""}, {"DEBUG": "0"}):
        result = load_settings(tmp_path, **env)
        assert result.returncode != 0, env
        assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr, env
        assert "example-site-only-not-secret" not in result.stderr + result.stdout


def test_debug_1_runs_with_a_dev_only_key_and_extra_hosts_come_from_the_environment(
    tmp_path,
):
    result = load_settings(tmp_path, DEBUG="1", ALLOWED_HOSTS="demo.example,.lan")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["DEBUG"] is True
    assert "insecure" in loaded["SECRET_KEY"]
    assert loaded["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "demo.example", ".lan"]


@pytest.mark.django_db
def test_public_pages_send_the_strict_policy(client, demo_content):
    for url in ("/", "/share/", "/gallery/", "/no-such-page/"):
        policy = client.get(url).headers.get("Content-Security-Policy")
        assert policy, url
        assert sorted(policy.split("; ")) == sorted(STRICT_DIRECTIVES), url


@pytest.mark.django_db
def test_the_wagtail_admin_gets_no_policy(client, moderator):
    assert "Content-Security-Policy" not in client.get("/admin/login/").headers
    client.force_login(moderator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers


@pytest.mark.django_db
def test_error_pages_render_without_debug(client, settings, demo_content):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Traceback" not in response.content

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, something went wrong." in response.content


@pytest.mark.django_db
def test_static_files_and_public_media_are_served_but_never_private_files(
    client, settings
):
    assert client.get("/static/css/site.css").status_code == 200
    assert client.get("/static/wagtail_ugc/gallery.js").status_code == 200

    public = Path(settings.MEDIA_ROOT) / "ugc" / "renditions" / "tile.jpg"
    public.parent.mkdir(parents=True)
    public.write_bytes(b"public rendition")
    response = client.get("/media/ugc/renditions/tile.jpg")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"public rendition"

    private_root = Path(settings.WAGTAIL_UGC["PRIVATE_ROOT"])
    secret = private_root / "originals" / "gps.jpg"
    secret.parent.mkdir(parents=True)
    secret.write_bytes(b"original with GPS")
    for url in (
        "/media/../ugc_private/originals/gps.jpg",
        "/media/%2e%2e/ugc_private/originals/gps.jpg",
        "/ugc_private/originals/gps.jpg",
    ):
        response = client.get(url)
        assert 400 <= response.status_code < 500, url
        assert b"original with GPS" not in b"".join(
            getattr(response, "streaming_content", [response.content])
        )
