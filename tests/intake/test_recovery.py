"""Confirm first, then process; pick up what was left; fail for good, once, what cannot be finished."""

import logging
import os
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from wagtail_ugc.intake.tasks import MAX_PROCESSING_ATTEMPTS
from wagtail_ugc.intake.uploads import upload_temp_dir
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import ProcessingState

from ..ports import free_port
from .conftest import form_data, private_files

pytestmark = pytest.mark.django_db


def process_received(*args):
    out = StringIO()
    call_command("ugc_process_received", *args, stdout=out)
    return out.getvalue()


def post_form(client, campaign):
    return client.post(
        reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug}),
        form_data(),
        REMOTE_ADDR="203.0.113.7",
    )


@pytest.fixture
def received(client, campaign, django_capture_on_commit_callbacks):
    """A photo submission saved by the form whose confirmation and processing never ran."""
    with django_capture_on_commit_callbacks(execute=False):
        assert post_form(client, campaign).status_code == 302
    return Submission.objects.get()


def test_the_confirmation_goes_out_before_processing_starts(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        post_form(client, campaign)
    submission = Submission.objects.get()
    assert mail.outbox == []

    state_when_mailed = None
    for run_after_commit in after_commit:
        run_after_commit()
        if mail.outbox and state_when_mailed is None:
            submission.refresh_from_db()
            state_when_mailed = submission.processing_state

    assert state_when_mailed == ProcessingState.RECEIVED
    submission.refresh_from_db()
    assert submission.processing_state == ProcessingState.READY
    assert submission.confirmation_sent_at is not None
    [confirmation] = mail.outbox
    assert confirmation.to == ["ada@example.com"]
    assert "http://testserver/ugc/withdraw/" in confirmation.body


def test_a_confirmation_the_mail_server_refused_goes_out_with_the_next_run(
    client, campaign, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_form(client, campaign).status_code == 302

    submission = Submission.objects.get()
    # Processing went ahead; the confirmation waits for the mail server.
    assert submission.processing_state == ProcessingState.READY
    assert submission.confirmation_sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "0 submission(s) for processing and 1 confirmation(s)" in (
        process_received("--older-than=0")
    )
    assert "and 0 confirmation(s)" in process_received("--older-than=0")

    [confirmation] = mail.outbox
    assert confirmation.to == ["ada@example.com"]
    # Made without a request: from the site's base URL.
    assert "http://testserver/ugc/withdraw/" in confirmation.body


def test_the_confirmation_is_in_the_creators_language(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug}),
            form_data(),
            REMOTE_ADDR="203.0.113.7",
            HTTP_ACCEPT_LANGUAGE="sv",
        )

    process_received("--older-than=0")

    [confirmation] = mail.outbox
    assert "Du kan när som helst dra tillbaka det" in confirmation.body


def test_a_missing_file_fails_once_with_a_reason_moderators_see(
    received, private_root, caplog, admin_client
):
    photo = received.photos.get()
    (private_root / photo.incoming.name).unlink()
    caplog.set_level(logging.INFO)

    assert "Queued 1 submission(s)" in process_received("--older-than=0")

    received.refresh_from_db()
    assert received.processing_state == ProcessingState.FAILED
    assert received.processing_error == "The uploaded file is missing."
    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "could not be processed: The uploaded file is missing." in (
        warning.getMessage()
    )
    assert not any(record.exc_info for record in caplog.records)

    caplog.clear()
    assert "Queued 0 submission(s)" in process_received("--older-than=0")
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []

    listing = admin_client.get(reverse("wagtailsnippets_wagtail_ugc_submission:list"))
    assert "Could not be processed: The uploaded file is missing." in (
        listing.content.decode()
    )
    inspect = admin_client.get(
        reverse("wagtailsnippets_wagtail_ugc_submission:inspect", args=[received.pk])
    )
    assert "Could not be processed: The uploaded file is missing." in (
        inspect.content.decode()
    )
    failed = admin_client.get(
        reverse("wagtailsnippets_wagtail_ugc_submission:list"),
        {"processing_state": "failed"},
    )
    assert f"#{received.pk} " in failed.content.decode()


def test_an_unreadable_file_fails_with_its_reason(received, private_root):
    photo = received.photos.get()
    path = private_root / photo.incoming.name
    path.unlink()
    path.mkdir()  # Something is there, but no file can be read from it.

    process_received("--older-than=0")

    received.refresh_from_db()
    assert received.processing_state == ProcessingState.FAILED
    assert received.processing_error == "The uploaded file could not be read."
    assert private_files(private_root) == []


def test_processing_that_never_finishes_fails_instead_of_running_for_ever(
    received, private_root
):
    # As if each run so far had been killed (a photo that takes its process down).
    Submission.objects.filter(pk=received.pk).update(
        processing_attempts=MAX_PROCESSING_ATTEMPTS
    )

    process_received("--older-than=0")

    received.refresh_from_db()
    assert received.processing_state == ProcessingState.FAILED
    assert received.processing_error == (
        f"Processing did not finish in {MAX_PROCESSING_ATTEMPTS} attempts."
    )
    assert private_files(private_root) == []


def test_young_submissions_are_left_to_their_processing_and_said_so(received):
    out = process_received()

    assert "Queued 0 submission(s) for processing and 0 confirmation(s)." in out
    assert "Left 1 received less than 5 minute(s) ago" in out
    received.refresh_from_db()
    assert received.processing_state == ProcessingState.RECEIVED
    assert mail.outbox == []


def test_the_sweep_removes_uploads_a_dead_process_left_and_keeps_current_ones():
    folder = upload_temp_dir()
    folder.mkdir(parents=True)
    left, current = folder / "tmp-left-by-a-killed-process", folder / "tmp-current"
    left.write_bytes(b"\xff\xd8\xff GPS 59.3N 18.0E")
    current.write_bytes(b"\xff\xd8\xff still streaming in")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(left, (two_hours_ago, two_hours_ago))
    out = StringIO()

    call_command("ugc_rights_sweep", stdout=out)

    assert "stale upload files removed: 1" in out.getvalue()
    assert sorted(folder.iterdir()) == [current]
