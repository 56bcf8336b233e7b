"""Licence expiry: hidden the instant the licence ends; the sweep then removes the public files.

With a worker, the licence's end is a task at that instant: see
tests/publication/test_reconcile.py.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import RightsStatus
from wagtail_ugc.publication import sweep_task
from wagtail_ugc.rights.expiry import expire_licences

from .helpers import public_files, published_photo_submission

pytestmark = pytest.mark.django_db


def test_an_expired_licence_is_not_displayed_even_if_no_task_ran(settings):
    submission = published_photo_submission(
        rights_expires_at=timezone.now() + timedelta(hours=1)
    )
    assert Submission.objects.displayable().filter(pk=submission.pk).exists()
    Submission.objects.filter(pk=submission.pk).update(
        rights_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert not Submission.objects.displayable().filter(pk=submission.pk).exists()
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.GRANTED  # no sweep has run


def test_the_sweep_marks_it_expired_and_removes_its_public_files(
    settings, django_capture_on_commit_callbacks
):
    submission = published_photo_submission(
        rights_expires_at=timezone.now() + timedelta(days=1)
    )
    assert public_files(settings)
    assert expire_licences() == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_licences(timezone.now() + timedelta(days=1, seconds=1)) == 1
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.EXPIRED
    assert public_files(settings) == []


def test_the_scheduled_task_and_command_run_the_sweep(
    settings, django_capture_on_commit_callbacks
):
    submission = published_photo_submission(
        rights_expires_at=timezone.now() + timedelta(days=1)
    )
    Submission.objects.filter(pk=submission.pk).update(
        rights_expires_at=timezone.now() - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep_task.enqueue()  # the immediate backend runs it here
    assert result.return_value["licences_expired"] == 1
    assert public_files(settings) == []
    call_command("ugc_rights_sweep", stdout=open("/dev/null", "w"))


def test_the_sweep_removes_public_files_left_on_an_undisplayable_item(
    settings, django_capture_on_commit_callbacks
):
    submission = published_photo_submission()
    Submission.objects.filter(pk=submission.pk).update(live=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_task.enqueue().return_value["stray_public_images_removed"] == 1
    assert public_files(settings) == []
