"""The shared data model keeps its promises: versioned terms, an append-only ledger,
pipeline state that revisions cannot roll back."""

import pytest
from django.core.exceptions import ValidationError

from wagtail_ugc.models import ConsentRecord, Creator, Submission
from wagtail_ugc.models.choices import (
    ConsentAction,
    ConsentMethod,
    ModerationStatus,
    RightsStatus,
)
from wagtail_ugc.models.rights import AppendOnlyError

from .factories import CampaignFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def test_changing_the_terms_makes_a_new_version_and_keeps_the_old():
    campaign = CampaignFactory(terms_text="Old terms.", terms_version="1")
    first = campaign.current_terms
    campaign.terms_text = "New terms."
    campaign.terms_version = "2"
    campaign.full_clean()
    campaign.save()
    assert campaign.current_terms.version == "2"
    assert campaign.current_terms.text == "New terms."
    first.refresh_from_db()
    assert first.text == "Old terms."
    assert first.sha256 != campaign.current_terms.sha256


def test_changing_the_terms_without_a_new_label_is_refused():
    campaign = CampaignFactory(terms_text="Old terms.", terms_version="1")
    campaign.terms_text = "Sneakily different terms."
    with pytest.raises(ValidationError, match="new version label"):
        campaign.full_clean()


def test_saving_a_campaign_with_the_same_terms_makes_no_new_version():
    campaign = CampaignFactory()
    campaign.title = "Renamed"
    campaign.save()
    assert campaign.terms_versions.count() == 1


def test_campaign_accepts_only_known_kinds():
    campaign = CampaignFactory.build(accepted_kinds=["photo", "hologram"])
    with pytest.raises(ValidationError):
        campaign.full_clean()


def make_consent(submission):
    return ConsentRecord.objects.create(
        submission=submission,
        creator=submission.creator,
        subject_hash="0" * 64,
        action=ConsentAction.GRANT,
        method=ConsentMethod.FORM,
        credit_line="Ana",
    )


def test_consent_records_cannot_be_edited_or_deleted():
    record = make_consent(SubmissionFactory())
    record.credit_line = "Someone else"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        ConsentRecord.objects.filter(pk=record.pk).update(credit_line="x")
    with pytest.raises(AppendOnlyError):
        ConsentRecord.objects.all().delete()
    record.refresh_from_db()
    assert record.credit_line == "Ana"


def test_consent_survives_deleting_the_submission_as_proof():
    submission = SubmissionFactory()
    record = make_consent(submission)
    submission.delete()
    record.refresh_from_db()
    assert record.submission is None
    assert record.subject_hash == "0" * 64


def test_publishing_an_old_revision_keeps_the_pipeline_state():
    submission = SubmissionFactory(text="First caption")
    old = submission.save_revision()
    submission.text = "Second caption"
    submission.save_revision()
    submission.moderation_status = ModerationStatus.APPROVED
    submission.rights_status = RightsStatus.GRANTED
    submission.save()
    old.publish()
    submission.refresh_from_db()
    assert submission.text == "First caption"
    assert submission.moderation_status == ModerationStatus.APPROVED
    assert submission.rights_status == RightsStatus.GRANTED


def test_creators_are_found_by_normalised_email():
    creator = Creator.objects.for_email("Ana@Example.com ", name="Ana")
    assert Creator.objects.for_email("ana@example.com") == creator


def test_an_old_revision_brings_back_no_deleted_photo_and_no_deleted_page():
    from wagtail.models import Page

    from .moderation.helpers import add_photo

    home = Page.objects.get(depth=2)
    page = home.add_child(instance=Page(title="Tents", slug="tents-old-revision"))
    submission = SubmissionFactory(related_page=page)
    kept = add_photo(submission, alt_text="A tent")
    gone = add_photo(submission, alt_text="A lake", sort_order=1)
    revision = submission.save_revision()
    gone.delete()
    page.delete()

    restored = Submission.objects.get(pk=submission.pk).with_content_json(
        revision.content
    )
    assert [photo.pk for photo in restored.photos.all()] == [kept.pk]
    assert restored.related_page_id is None


def test_submissions_keep_their_bookkeeping_out_of_the_reference_index():
    from wagtail.models import ReferenceIndex

    submission = SubmissionFactory()
    submission.save_revision().publish()
    assert not ReferenceIndex.objects.filter(
        object_id=str(submission.pk), content_type__model="submission"
    ).exists()


def test_a_submission_names_itself_in_the_readers_language():
    from django.utils import translation

    submission = SubmissionFactory(kind="photo", credit_line="Ada", rating=None)
    assert str(submission) == f"Photo #{submission.pk} by Ada"
    with translation.override("sv"):
        assert str(submission) == f"Foto #{submission.pk} av Ada"
