"""The optional trusted-creator rule: off by default, clean submissions only, through the workflow."""

import pytest
from django.core import mail

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import (
    SITE_SCOPE,
    Kind,
    Licence,
    ModerationStatus,
    RightsStatus,
)
from wagtail_ugc.signals import submission_ready

from ..factories import CreatorFactory, SubmissionFactory
from .helpers import add_photo, detailed_picture, jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def auto_approve(settings):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "AUTO_APPROVE_TRUSTED_CREATORS": True,
        "MODERATOR_NOTIFICATIONS": "off",
    }


def ready_photo(*, trusted=True, text="Sunrise over the fjord.", alt_text="A fjord"):
    """A photo submission with consent and credit on file, as intake leaves it."""
    submission = SubmissionFactory(
        kind=Kind.PHOTO,
        rating=None,
        text=text,
        creator=CreatorFactory(trusted=trusted),
        rights_status=RightsStatus.GRANTED,
        consent_scopes=[SITE_SCOPE],
        licence=Licence.SITE_DISPLAY,
    )
    add_photo(submission, jpeg(detailed_picture()), alt_text=alt_text)
    return submission


def arrive(submission, capture):
    with capture(execute=True):
        submission_ready.send(sender=Submission, submission=submission)
    submission.refresh_from_db()
    return submission


def test_off_by_default_even_for_a_trusted_creator(
    django_capture_on_commit_callbacks, settings
):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "MODERATOR_NOTIFICATIONS": "off"}
    submission = arrive(ready_photo(), django_capture_on_commit_callbacks)
    assert submission.moderation_status == ModerationStatus.PENDING
    assert not submission.live


def test_a_clean_submission_from_a_trusted_creator_is_approved_and_published(
    auto_approve, django_capture_on_commit_callbacks
):
    submission = arrive(ready_photo(), django_capture_on_commit_callbacks)
    assert submission.moderation_status == ModerationStatus.APPROVED
    assert submission.live
    assert Submission.objects.displayable().filter(pk=submission.pk).exists()
    # The creator hears about it like after a moderator's approval.
    assert [m.to for m in mail.outbox] == [[submission.creator.email]]


def test_a_flagged_submission_from_a_trusted_creator_waits_for_a_moderator(
    auto_approve, django_capture_on_commit_callbacks
):
    submission = arrive(
        ready_photo(text="More deals at www.cheap-gear.shop"),
        django_capture_on_commit_callbacks,
    )
    assert submission.flags.filter(code="links").exists()
    assert submission.moderation_status == ModerationStatus.PENDING
    assert not submission.live


def test_an_untrusted_creator_waits_for_a_moderator(
    auto_approve, django_capture_on_commit_callbacks
):
    submission = arrive(ready_photo(trusted=False), django_capture_on_commit_callbacks)
    assert submission.moderation_status == ModerationStatus.PENDING


def test_missing_alt_text_keeps_it_in_the_queue(
    auto_approve, django_capture_on_commit_callbacks
):
    submission = arrive(ready_photo(alt_text=""), django_capture_on_commit_callbacks)
    assert submission.moderation_status == ModerationStatus.PENDING
    assert not submission.live
