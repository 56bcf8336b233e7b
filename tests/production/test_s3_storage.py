"""Media on a real S3 API (moto's server): private objects stay private, public ones exist only while displayable."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from wagtail_ugc.models import Submission, UGCImage, UGCRendition
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.publication import (
    RENDITION_SPECS,
    STRAY_FILE_GRACE,
    publish_public_files,
    remove_stray_files,
)
from wagtail_ugc.rights.revocation import withdraw
from wagtail_ugc.storage import private_storage

from ..factories import displayable_submission
from ..images import jpeg_bytes
from ..moderation.helpers import add_photo, make_moderator, pending_submission
from .s3 import anonymous_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_queue():
    """Tasks held as a queue holds them, until the test runs them as a worker would."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        backend = task_backends["default"]
        backend.clear()
        yield backend


def run_worker(backend, capture):
    while backend.results:
        results = list(backend.results)
        backend.clear()
        for result in results:
            with capture(execute=True):
                result.task.call(*result.args, **result.kwargs)


def read(storage, name):
    with storage.open(name, "rb") as handle:
        return handle.read()


def test_a_private_object_answers_403_to_an_unsigned_request_and_has_no_url(
    moto_server, buckets
):
    _public, private = buckets
    data = jpeg_bytes(320, 240)
    name = private_storage.save("masters/original.jpg", ContentFile(data))

    status, _body = anonymous_get(f"{moto_server.endpoint}/{private}/{name}")
    assert status == 403
    with pytest.raises(ValueError, match="no public URL"):
        private_storage.url(name)
    assert read(private_storage, name) == data  # there, for the site's own credentials


def test_a_public_object_answers_200_at_a_plain_unsigned_url(moto_server, buckets):
    public, _private = buckets
    data = jpeg_bytes(320, 240)
    name = default_storage.save("ugc/shown.jpg", ContentFile(data))

    url = default_storage.url(name)
    assert url == f"{moto_server.endpoint}/{public}/{name}"
    assert anonymous_get(url) == (200, data)


def test_approval_publishes_in_the_worker_and_withdrawal_empties_the_public_bucket(
    moto_server,
    buckets,
    client,
    django_user_model,
    django_capture_on_commit_callbacks,
    worker_queue,
):
    public, private = buckets
    submission = pending_submission()
    photo = submission.photos.get()
    assert moto_server.keys(private) == sorted([photo.master.name, photo.preview.name])
    client.force_login(make_moderator(django_user_model))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_ugc_queue:approve", args=(submission.pk,)),
            headers={"x-requested-with": "XMLHttpRequest"},
        )
    assert response.json()["ok"] is True
    # The moderator's request made no public file and no rendition.
    assert moto_server.keys(public) == []
    assert not UGCImage.objects.exists()

    run_worker(worker_queue, django_capture_on_commit_callbacks)
    image = UGCImage.objects.get(photo__submission=submission)
    renditions = list(image.renditions.all())
    assert {r.filter_spec for r in renditions} == set(RENDITION_SPECS)
    urls = [image.file.url] + [rendition.url for rendition in renditions]
    assert len(moto_server.keys(public)) == len(urls) == 1 + len(RENDITION_SPECS)
    for url in urls:
        assert url.startswith(f"{moto_server.endpoint}/{public}/ugc/")
        assert anonymous_get(url)[0] == 200
    # The originals stay private.
    for name in (photo.master.name, photo.preview.name):
        assert anonymous_get(f"{moto_server.endpoint}/{private}/{name}")[0] == 403

    with django_capture_on_commit_callbacks(execute=True):
        assert withdraw(Submission.objects.get(pk=submission.pk))
    assert moto_server.keys(public) == []
    for url in urls:
        assert anonymous_get(url)[0] == 404
    assert not UGCImage.objects.filter(pk=image.pk).exists()
    assert not UGCRendition.objects.filter(image_id=image.pk).exists()


def test_moderators_get_private_files_streamed_from_the_bucket(
    moto_server, buckets, client, django_user_model
):
    submission = pending_submission()
    photo = submission.photos.get()
    thumb = reverse("wagtail_ugc:moderation_photo", args=(photo.uuid, "thumb"))
    full = reverse("wagtail_ugc:moderation_photo", args=(photo.uuid, "full"))
    inspect = reverse(
        Submission.snippet_viewset.get_url_name("inspect"), args=(submission.pk,)
    )

    # Anonymous: no bytes; the photo view says nothing exists, the admin asks to log in.
    assert client.get(thumb).status_code == 404
    assert client.get(full).status_code == 404
    response = client.get(inspect)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))

    client.force_login(make_moderator(django_user_model))
    for url, name in ((thumb, photo.preview.name), (full, photo.master.name)):
        response = client.get(url)
        assert response.status_code == 200
        assert response.streaming
        assert response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == read(private_storage, name)
    html = client.get(inspect).content.decode()
    assert full in html
    assert moto_server.endpoint not in html  # no bucket URL, signed or not

    # Gone from the bucket: a 404, never a 500.
    private_storage.delete(photo.preview.name)
    assert client.get(thumb).status_code == 404


def test_the_sweep_removes_files_no_row_refers_to_from_both_buckets(
    moto_server, buckets, django_capture_on_commit_callbacks
):
    public, private = buckets
    submission = displayable_submission(kind=Kind.PHOTO)
    add_photo(submission, alt_text="A tent")
    publish_public_files(submission)
    kept = {bucket: moto_server.keys(bucket) for bucket in buckets}
    assert len(kept[public]) == 1 + len(RENDITION_SPECS)
    strays = {
        public: ["ugc/stray.jpg", "ugc/renditions/stray.width-400.avif"],
        private: ["masters/stray.jpg", "previews/stray.jpg", "incoming/stray"],
    }
    for bucket, keys in strays.items():
        for key in keys:
            moto_server.client.put_object(Bucket=bucket, Key=key, Body=b"stray")

    # Files younger than the grace period may belong to work not committed yet.
    assert remove_stray_files()["stray_public_files_removed"] == 0
    assert set(strays[public]) <= set(moto_server.keys(public))

    later = timezone.now() + STRAY_FILE_GRACE + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        summary = remove_stray_files(later)
    assert summary["stray_public_files_removed"] == 2
    assert summary["stray_private_files_removed"] == 3
    assert {bucket: moto_server.keys(bucket) for bucket in buckets} == kept
    image = UGCImage.objects.get(photo__submission=submission)
    assert anonymous_get(image.file.url)[0] == 200
