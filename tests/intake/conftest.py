"""Shared pieces of the intake tests: an open campaign, a form post helper, the private files on disk."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import CampaignFactory
from tests.images import jpeg_bytes

from .samples import gps_jpeg


@pytest.fixture
def campaign(db):
    return CampaignFactory(slug="summer", title="Summer trails", max_photos=3)


@pytest.fixture
def private_root(settings):
    return Path(settings.WAGTAIL_UGC["PRIVATE_ROOT"])


def private_files(root):
    """Every file on the private storage, relative to its root."""
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def upload(data=None, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(
        name, data if data is not None else gps_jpeg(), content_type=content_type
    )


def form_data(kind="photo", **overrides):
    data = {
        "kind": kind,
        "text": "Sunrise at the lake",
        "name": "Ada Walker",
        "email": "ada@example.com",
        "credit_line": "@ada_walks",
        "credit_url": "",
        "accept_terms": "on",
        "age_confirmed": "on",
        "people_shown_consented": "on",
        "leave_empty": "",
    }
    if kind == "photo":
        data["photos"] = [upload()]
    if kind == "review":
        data["rating"] = "4"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def submit(client, campaign, django_capture_on_commit_callbacks):
    """POST the form as a visitor would, running what is queued after the commit."""

    def post(slug=None, **data):
        url = reverse(
            "wagtail_ugc:submit", kwargs={"campaign_slug": slug or campaign.slug}
        )
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, REMOTE_ADDR=data.pop("ip", "203.0.113.7"))

    return post


__all__ = ["form_data", "jpeg_bytes", "private_files", "upload"]
