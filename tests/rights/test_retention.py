"""Retention: rejected and abandoned submissions and consents' network data are purged in time."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from wagtail_ugc.models import ConsentRecord, Submission
from wagtail_ugc.models.choices import (
    ConsentMethod,
    Licence,
    ModerationStatus,
    ProcessingState,
)
from wagtail_ugc.models.ledger import record_grant
from wagtail_ugc.rights.retention import purge
from wagtail_ugc.rights.tasks import purge_task

from ..factories import SubmissionFactory
from .helpers import add_photo, files_under

pytestmark = pytest.mark.django_db


def age(submission, days, field="updated_at"):
    Submission.objects.filter(pk=submission.pk).update(
        **{field: timezone.now() - timedelta(days=days)}
    )


def test_rejected_submissions_go_after_the_retention_period_with_their_files(
    isolated_storage, django_capture_on_commit_callbacks
):
    old = SubmissionFactory(moderation_status=ModerationStatus.REJECTED)
    add_photo(old)
    recent = SubmissionFactory(moderation_status=ModerationStatus.REJECTED)
    age(old, 31)
    age(recent, 29)
    with django_capture_on_commit_callbacks(execute=True):
        assert purge()["rejected"] == 1
    assert list(Submission.objects.values_list("pk", flat=True)) == [recent.pk]
    assert files_under(isolated_storage / "ugc_private") == []


def test_abandoned_submissions_go_after_their_period():
    stuck = SubmissionFactory(processing_state=ProcessingState.RECEIVED)
    failed = SubmissionFactory(processing_state=ProcessingState.FAILED)
    fresh = SubmissionFactory(processing_state=ProcessingState.RECEIVED)
    ready = SubmissionFactory()
    for submission in (stuck, failed, ready):
        age(submission, 8, field="submitted_at")
    assert purge()["abandoned"] == 2
    assert set(Submission.objects.values_list("pk", flat=True)) == {fresh.pk, ready.pk}


def test_the_retention_periods_follow_the_settings(settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "REJECTED_RETENTION_DAYS": 60}
    old = SubmissionFactory(moderation_status=ModerationStatus.REJECTED)
    age(old, 31)
    assert purge()["rejected"] == 0


def test_consent_network_data_is_dropped_and_the_rest_kept():
    submission = SubmissionFactory()
    request = RequestFactory().post(
        "/", REMOTE_ADDR="203.0.113.1", HTTP_USER_AGENT="Phone/1"
    )
    record = record_grant(
        submission,
        method=ConsentMethod.FORM,
        licence=Licence.SITE_DISPLAY,
        credit_line="Ana",
        request=request,
    )
    assert purge()["consent_network_data"] == 0
    ConsentRecord._base_manager.filter(pk=record.pk).update(
        created_at=timezone.now() - timedelta(days=91)
    )
    assert purge()["consent_network_data"] == 1
    record = ConsentRecord.objects.get(pk=record.pk)
    assert (record.ip_hash, record.user_agent) == ("", "")
    assert record.credit_line == "Ana" and record.subject_hash


def test_the_command_and_the_task_purge():
    old = SubmissionFactory(moderation_status=ModerationStatus.REJECTED)
    age(old, 31)
    out = StringIO()
    call_command("ugc_purge", stdout=out)
    assert "Purged 1 rejected" in out.getvalue()
    other = SubmissionFactory(moderation_status=ModerationStatus.REJECTED)
    age(other, 31)
    assert purge_task.enqueue().return_value["rejected"] == 1
    assert not Submission.objects.exists()
