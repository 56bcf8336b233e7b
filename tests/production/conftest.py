"""Fixtures: a moto S3 server for the session, and the production profile's storages on fresh buckets."""

import pytest
from django.test import override_settings

pytest.importorskip(
    "moto", reason="moto is not installed: pip install -e '.[test]' brings it"
)
pytest.importorskip(
    "storages.backends.s3",
    reason="django-storages with boto3 is not installed: pip install -e '.[test]'",
)

from .s3 import MotoServer  # noqa: E402


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory):
    server = MotoServer(tmp_path_factory.mktemp("moto") / "moto.log")
    yield server
    server.stop()


@pytest.fixture
def buckets(moto_server, settings):
    """STORAGES as the production profile sets them (docs/deployment.md), on buckets of this test's own."""
    public, private = moto_server.new_buckets()
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **moto_server.storage_options(public),
                "querystring_auth": False,
                "custom_domain": f"{moto_server.endpoint.split('//')[1]}/{public}",
                "url_protocol": "http:",
                "file_overwrite": False,
            },
        },
        "ugc_private": {
            "BACKEND": "wagtail_ugc.storage.PrivateS3Storage",
            "OPTIONS": moto_server.storage_options(private),
        },
    }
    ugc = {**settings.WAGTAIL_UGC, "PRIVATE_STORAGE": "ugc_private"}
    with override_settings(STORAGES=storages, WAGTAIL_UGC=ugc):
        yield public, private
