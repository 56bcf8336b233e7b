"""A revision carries what editors change; everything else is pipeline state, kept from the row.

Publishing or restoring a revision, however old, never rolls back what intake,
moderation or rights decided since. Only the fields a model names in
``editable_fields`` come from a revision, so a field added later is safe by
default; the first tests make whoever adds one decide which kind it is.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from taggit.models import Tag
from wagtail.models import Page, Revision

from wagtail_ugc.models import Submission, SubmissionPhoto
from wagtail_ugc.models.choices import (
    SITE_SCOPE,
    ConsentMethod,
    Kind,
    Licence,
    ModerationStatus,
    ProcessingState,
    RejectionCategory,
    RightsStatus,
    Source,
)
from wagtail_ugc.models.ledger import record_grant
from wagtail_ugc.moderation import actions

from .factories import CampaignFactory, CreatorFactory, SubmissionFactory
from .images import jpeg_bytes
from .moderation.helpers import add_photo, make_moderator, pending_submission

pytestmark = pytest.mark.django_db

#: What the admin edit form offers (moderation/viewsets.py), and nothing else.
EDITABLE_SUBMISSION_FIELDS = {
    "text",
    "rating",
    "credit_line",
    "credit_url",
    "locale",
    "related_page",
    "featured",
}
PIPELINE_SUBMISSION_FIELDS = {
    # Wagtail's own: identity, revisions, publishing, scheduling, locking.
    "id",
    "latest_revision",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
    # Intake: what was sent, by whom, from where, and its processing.
    "uuid",
    "kind",
    "campaign",
    "creator",
    "video_url",
    "video_provider",
    "source",
    "source_url",
    "import_source",
    "source_key",
    "processing_state",
    "processing_error",
    "processing_attempts",
    "confirmation_sent_at",
    "submitted_at",
    "updated_at",
    "text_fingerprint",
    # Moderation.
    "moderation_status",
    "rejection_category",
    "rejection_reason",
    "creator_notified_of",
    "decided_at",
    # Rights.
    "rights_status",
    "consent_scopes",
    "licence",
    "rights_expires_at",
    "withdrawn_at",
}
EDITABLE_PHOTO_FIELDS = {"alt_text", "decorative", "sort_order"}
PIPELINE_PHOTO_FIELDS = {
    "id",
    "submission",
    "uuid",
    "incoming",
    "master",
    "preview",
    "received_sha256",
    "received_bytes",
    "received_format",
    "width",
    "height",
    "perceptual_hash",
    "image",
}


@pytest.mark.parametrize(
    "model, editable, pipeline",
    [
        (Submission, EDITABLE_SUBMISSION_FIELDS, PIPELINE_SUBMISSION_FIELDS),
        (SubmissionPhoto, EDITABLE_PHOTO_FIELDS, PIPELINE_PHOTO_FIELDS),
    ],
    ids=["Submission", "SubmissionPhoto"],
)
def test_every_field_is_either_editable_or_pipeline_state(model, editable, pipeline):
    fields = {field.name for field in model._meta.concrete_fields}
    undecided = fields - editable - pipeline
    assert not undecided, (
        f"{model.__name__}.{', '.join(sorted(undecided))}: revisions keep it from "
        f"the row (pipeline state) until someone decides. If editors change it, "
        f"add it to {model.__name__}.editable_fields and to the edit panels; "
        f"either way, classify it in tests/test_revisions.py."
    )
    assert not pipeline - fields, f"No longer fields: {sorted(pipeline - fields)}"
    children = {
        relation.get_accessor_name() for relation in get_all_child_relations(model)
    }
    assert set(model.editable_fields) == editable | children


def test_a_new_child_relation_is_classified_too():
    children = {
        relation.get_accessor_name() for relation in get_all_child_relations(Submission)
    }
    assert children == {"photos", "tagged_items"}, (
        "Revisions keep a new child relation from the row until someone "
        "decides; if editors change it, add it to Submission.editable_fields."
    )


def test_the_edit_form_offers_exactly_the_editable_fields():
    """A field in the form but not editable would be dropped on publish, silently."""
    form_class = Submission.snippet_viewset.get_form_class()
    assert set(form_class.base_fields) == EDITABLE_SUBMISSION_FIELDS | {"tags"}
    photos = form_class.formsets["photos"]
    assert set(photos.form.base_fields) == EDITABLE_PHOTO_FIELDS - {"sort_order"}
    assert photos.can_order  # The order is edited by moving photos up and down.


def restored(revision):
    """The revision as Wagtail reads it back: from the database, against the current row."""
    return Revision.objects.get(pk=revision.pk)


def publish_again(revision):
    restored(revision).publish()


#: What the pipeline sets after a revision was saved, and must survive its publication.
PIPELINE_CHANGES = {
    "moderation_status": ModerationStatus.REJECTED,
    "rejection_category": RejectionCategory.GUIDELINES,
    "rejection_reason": "Not about our gear.",
    "rights_status": RightsStatus.REVOKED,
    "consent_scopes": [SITE_SCOPE, "newsletter"],
    "licence": Licence.CC_BY_4,
    "rights_expires_at": timezone.now() + timedelta(days=30),
    "withdrawn_at": timezone.now(),
    "processing_state": ProcessingState.FAILED,
    "source": Source.RIGHTS_REQUEST,
    "source_url": "https://social.example/ana/post/2",
    "video_url": "https://video.example/watch?v=checked",
    "video_provider": "vimeo",
    "text_fingerprint": "0123456789abcdef",
}


@pytest.mark.parametrize("name", sorted(PIPELINE_CHANGES))
def test_publishing_an_old_revision_does_not_roll_back(name):
    submission = SubmissionFactory(kind=Kind.REVIEW)
    old = submission.save_revision()
    Submission.objects.filter(pk=submission.pk).update(**{name: PIPELINE_CHANGES[name]})

    publish_again(old)

    published = Submission.objects.get(pk=submission.pk)
    assert getattr(published, name) == PIPELINE_CHANGES[name]


def test_publishing_an_old_revision_keeps_the_campaign_and_creator():
    submission = SubmissionFactory()
    old = submission.save_revision()
    campaign, creator = CampaignFactory(), CreatorFactory()
    Submission.objects.filter(pk=submission.pk).update(
        campaign=campaign, creator=creator
    )

    publish_again(old)

    submission.refresh_from_db()
    assert (submission.campaign, submission.creator) == (campaign, creator)


def test_publishing_an_old_revision_keeps_each_photos_files():
    submission = SubmissionFactory(kind=Kind.PHOTO, rating=None)
    photo = add_photo(submission, alt_text="A tent")
    old = submission.save_revision()
    # Processing again (say, a better orientation) replaces the files.
    photo.master.save("master.jpg", ContentFile(jpeg_bytes(700, 900)), save=False)
    photo.preview.save("preview.jpg", ContentFile(jpeg_bytes(240, 320)), save=False)
    photo.width, photo.height = 700, 900
    photo.save()
    photo.refresh_from_db()

    publish_again(old)

    kept = SubmissionPhoto.objects.get(pk=photo.pk)
    assert (kept.master.name, kept.preview.name, kept.width, kept.height) == (
        photo.master.name,
        photo.preview.name,
        700,
        900,
    )


def test_publishing_a_revision_applies_what_the_editor_changed():
    page = Page.objects.get(depth=2).add_child(
        instance=Page(title="Tents", slug="tents-editor-change")
    )
    submission = SubmissionFactory(
        text="Warm.", rating=4, credit_line="Ana", locale="en", featured=False
    )
    submission.text = "Warm and light."
    submission.rating = 5
    submission.credit_line = "Ana B."
    submission.credit_url = "https://ana.example/"
    submission.locale = "sv"
    submission.related_page = page
    submission.featured = True
    revision = submission.save_revision()

    publish_again(revision)

    submission = Submission.objects.get(pk=submission.pk)
    assert (
        submission.text,
        submission.rating,
        submission.credit_line,
        submission.credit_url,
        submission.locale,
        submission.related_page,
        submission.featured,
    ) == ("Warm and light.", 5, "Ana B.", "https://ana.example/", "sv", page, True)


def test_publishing_an_old_revision_brings_back_its_caption_and_credit():
    submission = SubmissionFactory(text="First caption", credit_line="Ana")
    old = submission.save_revision()
    submission.text, submission.credit_line = "Second caption", "A. B."
    submission.save_revision().publish()

    publish_again(old)

    submission = Submission.objects.get(pk=submission.pk)
    assert (submission.text, submission.credit_line) == ("First caption", "Ana")


def test_the_tags_come_from_the_revision():
    submission = SubmissionFactory()
    submission.tags.add("tent")
    submission.save()
    submission.tags.set(["lake", "snow"])
    revision = submission.save_revision()

    publish_again(revision)

    published = Submission.objects.get(pk=submission.pk)
    assert sorted(published.tags.names()) == ["lake", "snow"]


def test_a_tag_deleted_since_the_revision_is_left_out_when_it_is_published():
    submission = SubmissionFactory()
    submission.tags.set(["lake", "snow"])
    revision = submission.save_revision()
    Tag.objects.filter(name="snow").delete()

    publish_again(revision)

    published = Submission.objects.get(pk=submission.pk)
    assert list(published.tags.names()) == ["lake"]


def test_the_photos_alt_text_and_order_come_from_the_revision():
    submission = SubmissionFactory(kind=Kind.PHOTO, rating=None)
    first = add_photo(submission, alt_text="", sort_order=0)
    second = add_photo(submission, alt_text="A lake", sort_order=1)
    content = Submission.objects.get(pk=submission.pk)
    content_first, content_second = content.photos.all()
    content_first.alt_text, content_first.sort_order = "A red tent", 1
    content_second.decorative, content_second.sort_order = True, 0
    content.photos = [content_second, content_first]
    revision = content.save_revision()

    publish_again(revision)

    photos = {photo.pk: photo for photo in SubmissionPhoto.objects.all()}
    assert (photos[first.pk].alt_text, photos[first.pk].sort_order) == (
        "A red tent",
        1,
    )
    assert (photos[second.pk].decorative, photos[second.pk].sort_order) == (True, 0)


def test_a_photo_deleted_in_a_draft_is_deleted_when_it_is_published():
    submission = SubmissionFactory(kind=Kind.PHOTO, rating=None)
    kept = add_photo(submission, alt_text="A tent", sort_order=0)
    add_photo(submission, alt_text="A lake", sort_order=1)
    draft = Submission.objects.get(pk=submission.pk)
    draft.photos = [photo for photo in draft.photos.all() if photo.pk == kept.pk]
    revision = draft.save_revision()

    publish_again(revision)

    assert list(SubmissionPhoto.objects.values_list("pk", flat=True)) == [kept.pk]


def test_an_old_revision_brings_back_no_deleted_photo():
    submission = SubmissionFactory(kind=Kind.PHOTO, rating=None)
    kept = add_photo(submission, alt_text="A tent", sort_order=0)
    gone = add_photo(submission, alt_text="A lake", sort_order=1)
    old = submission.save_revision()
    gone.delete()

    publish_again(old)

    assert list(SubmissionPhoto.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_photo_row_without_a_file_is_never_created_by_publishing():
    submission = SubmissionFactory(kind=Kind.PHOTO, rating=None)
    photo = add_photo(submission, alt_text="A tent")
    content = Submission.objects.get(pk=submission.pk)
    content.photos.add(SubmissionPhoto(alt_text="Something I made up", sort_order=1))
    revision = content.save_revision()

    publish_again(revision)

    assert list(SubmissionPhoto.objects.values_list("pk", flat=True)) == [photo.pk]


def test_a_photo_changed_in_the_revision_keeps_the_rows_files_and_image_link():
    submission = SubmissionFactory(kind=Kind.PHOTO, rating=None)
    photo = add_photo(submission, alt_text="A tent")
    content = Submission.objects.get(pk=submission.pk)
    [copy] = content.photos.all()
    copy.alt_text = "A red tent"
    copy.master = "masters/someone-elses.jpg"
    copy.received_sha256 = "f" * 64
    content.photos = [copy]
    revision = content.save_revision()

    as_published = restored(revision).as_object()

    [photo_to_publish] = as_published.photos.all()
    assert photo_to_publish.alt_text == "A red tent"
    assert photo_to_publish.master.name == photo.master.name
    assert photo_to_publish.received_sha256 == "0" * 64


def grant_with_credit(submission, credit_line, credit_url=""):
    return record_grant(
        submission,
        method=ConsentMethod.RIGHTS_REQUEST,
        licence=Licence.SITE_DISPLAY,
        credit_line=credit_line,
        credit_url=credit_url,
    )


def test_the_credit_a_creator_chose_when_granting_rights_survives_approval(
    django_user_model,
):
    moderator = make_moderator(django_user_model)
    submission = pending_submission(rights=False, credit_line="Ana")
    grant_with_credit(submission, "@ana_outdoors", "https://ana.example/")

    actions.approve(Submission.objects.get(pk=submission.pk), moderator)

    submission = Submission.objects.get(pk=submission.pk)
    assert submission.live
    assert (submission.credit_line, submission.credit_url) == (
        "@ana_outdoors",
        "https://ana.example/",
    )


def test_a_granted_credit_joins_the_editors_unpublished_changes():
    submission = SubmissionFactory(text="Warm.", credit_line="Ana")
    submission.save_revision().publish()
    draft = Submission.objects.get(pk=submission.pk)
    draft.text = "Warm and light."
    draft.save_revision()

    grant_with_credit(submission, "@ana_outdoors")

    submission = Submission.objects.get(pk=submission.pk)
    assert submission.credit_line == "@ana_outdoors"
    assert submission.text == "Warm."
    latest = submission.get_latest_revision_as_object()
    assert (latest.text, latest.credit_line) == ("Warm and light.", "@ana_outdoors")


def test_only_editable_fields_are_changed_as_content():
    submission = SubmissionFactory()
    with pytest.raises(ValueError, match="moderation_status"):
        submission.change_content(moderation_status=ModerationStatus.APPROVED)


def edit_url(submission):
    return reverse("wagtailsnippets_wagtail_ugc_submission:edit", args=(submission.pk,))


def edit_form_data(submission, **changes):
    """What the edit form posts for ``submission`` as it is (a draft save)."""
    photos = list(submission.photos.all())
    data = {
        "text": submission.text,
        "rating": submission.rating or "",
        "credit_line": submission.credit_line,
        "credit_url": submission.credit_url,
        "locale": submission.locale,
        "related_page": "",
        "tags": "",
        "photos-TOTAL_FORMS": str(len(photos)),
        "photos-INITIAL_FORMS": str(len(photos)),
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    for index, photo in enumerate(photos):
        data.update(
            {
                f"photos-{index}-id": str(photo.pk),
                f"photos-{index}-alt_text": photo.alt_text,
                f"photos-{index}-ORDER": str(index + 1),
                f"photos-{index}-DELETE": "",
            }
        )
    data.update(changes)
    return data


def test_the_editor_has_no_button_to_add_a_photo(admin_client):
    submission = SubmissionFactory(kind=Kind.PHOTO, rating=None)
    add_photo(submission, alt_text="A tent")

    html = admin_client.get(edit_url(submission)).content.decode()

    assert 'name="photos-0-alt_text"' in html
    assert 'id="id_photos-ADD"' not in html


def test_a_photo_row_added_in_the_editor_is_refused_with_a_reason(admin_client):
    submission = SubmissionFactory(kind=Kind.PHOTO, rating=None)
    photo = add_photo(submission, alt_text="A tent")
    data = edit_form_data(
        submission,
        **{
            "photos-TOTAL_FORMS": "2",
            "photos-1-id": "",
            "photos-1-alt_text": "A photo with no file",
            "photos-1-ORDER": "2",
            "photos-1-DELETE": "",
        },
    )

    response = admin_client.post(edit_url(submission), data)

    assert response.status_code == 200
    assert "a photo cannot be added here" in response.content.decode()
    assert list(SubmissionPhoto.objects.values_list("pk", flat=True)) == [photo.pk]
    assert not Revision.objects.for_instance(submission).exists()


def test_the_editor_saves_alt_text_as_a_draft(admin_client):
    submission = SubmissionFactory(kind=Kind.PHOTO, rating=None)
    add_photo(submission, alt_text="")

    response = admin_client.post(
        edit_url(submission),
        edit_form_data(submission, **{"photos-0-alt_text": "A red tent"}),
    )

    assert response.status_code == 302
    draft = Submission.objects.get(pk=submission.pk).get_latest_revision_as_object()
    assert [photo.alt_text for photo in draft.photos.all()] == ["A red tent"]


def test_the_editor_does_not_offer_the_video_link(admin_client):
    """Intake checked the link against the allowed providers; the creator agreed to it."""
    submission = SubmissionFactory(
        kind=Kind.VIDEO,
        video_url="https://video.example/watch?v=1",
        video_provider="vimeo",
    )

    response = admin_client.post(
        edit_url(submission),
        edit_form_data(submission, video_url="https://elsewhere.example/"),
    )
    assert response.status_code == 302
    Submission.objects.get(pk=submission.pk).get_latest_revision().publish()

    submission.refresh_from_db()
    assert submission.video_url == "https://video.example/watch?v=1"
    html = admin_client.get(edit_url(submission)).content.decode()
    assert 'name="video_url"' not in html


def test_a_withdrawal_committed_while_a_revision_is_published_is_not_overwritten():
    submission = SubmissionFactory(displayable=True, text="First words")
    submission.text = "Second words"
    revision = submission.save_revision()
    being_published = revision.as_object()
    # The creator withdraws between the publisher's read and its save.
    withdrawn_at = timezone.now()
    Submission.objects.filter(pk=submission.pk).update(
        withdrawn_at=withdrawn_at, rights_status=RightsStatus.REVOKED
    )
    being_published.save()
    submission.refresh_from_db()
    assert submission.withdrawn_at == withdrawn_at
    assert submission.rights_status == RightsStatus.REVOKED
    assert submission.text == "Second words"
    assert not Submission.objects.displayable().filter(pk=submission.pk).exists()
