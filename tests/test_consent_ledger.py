"""Invariant 5 (docs/architecture.md): consent is evidence, kept append-only, and drives the rights state."""

import pytest
from django.test import RequestFactory

from wagtail_ugc.hashing import subject_hash
from wagtail_ugc.models import ConsentRecord, Submission
from wagtail_ugc.models.choices import (
    SITE_SCOPE,
    ConsentAction,
    ConsentMethod,
    Licence,
    RightsStatus,
)
from wagtail_ugc.models.ledger import record_grant, record_revocation

from .factories import CampaignFactory, SubmissionFactory, displayable_submission

pytestmark = pytest.mark.django_db


def test_a_grant_records_the_exact_terms_and_sets_the_rights_state():
    campaign = CampaignFactory()
    submission = SubmissionFactory(campaign=campaign)
    request = RequestFactory().post(
        "/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="PhoneBrowser/1.0"
    )
    record = record_grant(
        submission,
        method=ConsentMethod.FORM,
        scopes=["ads"],
        licence=Licence.SITE_DISPLAY,
        credit_line="@ana.outdoors",
        terms=campaign.current_terms,
        file_sha256s=["ab" * 32],
        age_confirmed=True,
        request=request,
    )
    assert record.terms_sha256 == campaign.current_terms.sha256
    assert record.scopes == [SITE_SCOPE, "ads"]
    assert record.subject_hash == subject_hash(submission.creator.email)
    assert "203.0.113.9" not in record.ip_hash and len(record.ip_hash) == 64
    assert record.user_agent == "PhoneBrowser/1.0"
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.GRANTED
    assert submission.credit_line == "@ana.outdoors"


def test_revocation_appends_and_hides_at_once():
    submission = displayable_submission()
    record_revocation(submission, method=ConsentMethod.FORM)
    assert not Submission.objects.displayable().exists()
    actions = list(
        ConsentRecord.objects.filter(submission=submission).values_list(
            "action", flat=True
        )
    )
    assert actions == [ConsentAction.REVOKE]
    submission.refresh_from_db()
    assert submission.withdrawn_at is not None


def test_the_same_email_hashes_the_same_whatever_its_case():
    assert subject_hash("Ana@Example.com") == subject_hash(" ana@example.com")
