"""Invariant 1 (docs/architecture.md): one rule decides what any public surface may show."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import ModerationStatus, ProcessingState, RightsStatus

from .factories import SubmissionFactory, displayable_submission

pytestmark = pytest.mark.django_db


def shown():
    return set(Submission.objects.displayable().values_list("pk", flat=True))


def test_approved_published_rights_cleared_submission_is_shown():
    submission = displayable_submission()
    assert shown() == {submission.pk}
    assert submission.is_displayable()


@pytest.mark.parametrize(
    "change",
    [
        {"live": False},
        {"moderation_status": ModerationStatus.PENDING},
        {"moderation_status": ModerationStatus.REJECTED},
        {"processing_state": ProcessingState.RECEIVED},
        {"processing_state": ProcessingState.FAILED},
        {"rights_status": RightsStatus.NONE},
        {"rights_status": RightsStatus.REQUESTED},
        {"rights_status": RightsStatus.DECLINED},
        {"rights_status": RightsStatus.REVOKED},
        {"rights_status": RightsStatus.EXPIRED},
    ],
    ids=lambda change: "-".join(f"{k}={v}" for k, v in change.items()),
)
def test_any_missing_condition_hides_it(change):
    submission = displayable_submission(**change)
    assert shown() == set()
    assert not submission.is_displayable()


def test_withdrawn_submission_is_hidden_at_once():
    submission = displayable_submission()
    Submission.objects.filter(pk=submission.pk).update(withdrawn_at=timezone.now())
    assert shown() == set()


def test_expiry_hides_it_at_that_instant_without_any_task():
    expires = timezone.now() + timedelta(hours=1)
    submission = displayable_submission(rights_expires_at=expires)
    assert (
        Submission.objects.displayable(now=expires - timedelta(seconds=1)).get()
        == submission
    )
    assert not Submission.objects.displayable(now=expires).exists()


def test_past_expiry_is_hidden_even_if_status_still_says_granted():
    displayable_submission(rights_expires_at=timezone.now() - timedelta(seconds=1))
    assert shown() == set()


def test_erased_submission_is_gone():
    submission = displayable_submission()
    submission.delete()
    assert shown() == set()


def test_pending_submissions_are_in_the_queue_not_on_the_site():
    pending = SubmissionFactory()
    displayable_submission()
    assert list(Submission.objects.awaiting_moderation()) == [pending]
    assert pending.pk not in shown()
