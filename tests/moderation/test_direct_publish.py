"""Publishing outside a moderator's decision is never an approval, whatever is on file."""

import pytest

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import SITE_SCOPE, ModerationStatus, RightsStatus

from ..factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def rights_on_file(**kwargs):
    return SubmissionFactory(
        rights_status=RightsStatus.GRANTED, consent_scopes=[SITE_SCOPE], **kwargs
    )


def test_publishing_without_a_credit_line_is_not_an_approval():
    submission = rights_on_file(credit_line="")
    submission.save_revision().publish()
    submission.refresh_from_db()
    assert submission.live
    assert submission.moderation_status == ModerationStatus.PENDING
    assert not Submission.objects.displayable().exists()


def test_publishing_without_rights_is_not_an_approval():
    submission = SubmissionFactory(rights_status=RightsStatus.REQUESTED)
    submission.save_revision().publish()
    submission.refresh_from_db()
    assert submission.moderation_status == ModerationStatus.PENDING
    assert not Submission.objects.displayable().exists()


def test_publishing_with_everything_on_file_is_still_not_an_approval():
    submission = rights_on_file()
    submission.save_revision().publish()
    submission.refresh_from_db()
    assert submission.live
    assert submission.moderation_status == ModerationStatus.PENDING
    assert not Submission.objects.displayable().exists()
