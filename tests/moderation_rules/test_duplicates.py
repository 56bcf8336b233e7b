"""Duplicate detection: the same file, nearly the same photo, nearly the same text."""

import pytest

from wagtail_ugc.models import DuplicateSearchKey, SubmissionPhoto
from wagtail_ugc.moderation.rules import apply_rules

from ..factories import SubmissionFactory
from .helpers import codes, detailed_picture, jpeg, photo_submission

pytestmark = pytest.mark.django_db

REVIEW = (
    "The tent kept us dry through two nights of storm on the coast, "
    "and it packs down smaller than my sleeping bag."
)


def test_the_same_file_sent_again_is_flagged_naming_the_earlier_submission():
    data = jpeg(detailed_picture())
    first = photo_submission(data)
    apply_rules(first)
    (flag,) = apply_rules(photo_submission(data))
    assert flag.code == "duplicate_photo"
    assert f"#{first.pk}" in flag.reason


def test_a_resized_recompressed_copy_is_flagged_as_similar():
    first = photo_submission(jpeg(detailed_picture()))
    apply_rules(first)
    copy = jpeg(detailed_picture().resize((900, 675)), quality=60)
    (flag,) = apply_rules(photo_submission(copy))
    assert flag.code == "similar_photo"
    assert f"#{first.pk}" in flag.reason


def test_the_perceptual_hash_is_stored_on_the_photo():
    submission = photo_submission(jpeg(detailed_picture()))
    apply_rules(submission)
    (photo,) = SubmissionPhoto.objects.filter(submission=submission)
    assert len(photo.perceptual_hash) == 16
    int(photo.perceptual_hash, 16)


def test_a_different_photo_is_not_a_duplicate():
    apply_rules(photo_submission(jpeg(detailed_picture(seed=1))))
    assert apply_rules(photo_submission(jpeg(detailed_picture(seed=2)))) == []


def test_photos_of_one_submission_are_not_duplicates_of_each_other():
    data = jpeg(detailed_picture())
    assert apply_rules(photo_submission(data, data)) == []


def test_duplicates_of_rejected_submissions_are_flagged_too():
    data = jpeg(detailed_picture())
    first = photo_submission(data, moderation_status="rejected")
    apply_rules(first)
    (flag,) = apply_rules(photo_submission(data))
    assert "Rejected" in flag.reason


def test_nearly_the_same_text_is_flagged():
    first = SubmissionFactory(text=REVIEW)
    apply_rules(first)
    edited = REVIEW.replace("two nights", "two whole nights").upper().lower()
    (flag,) = apply_rules(SubmissionFactory(text=edited))
    assert flag.code == "duplicate_text"
    assert f"#{first.pk}" in flag.reason


def test_a_different_text_is_not_flagged():
    apply_rules(SubmissionFactory(text=REVIEW))
    other = (
        "Too heavy for hiking; the poles bent in the first gust. Fine for car camping."
    )
    assert apply_rules(SubmissionFactory(text=other)) == []


def test_short_texts_are_not_compared():
    apply_rules(SubmissionFactory(text="Love it!"))
    assert apply_rules(SubmissionFactory(text="Love it!")) == []


def test_duplicate_search_uses_keys_not_a_scan_of_every_photo():
    submission = photo_submission(jpeg(detailed_picture()), text=REVIEW)
    apply_rules(submission)
    keys = DuplicateSearchKey.objects.filter(submission=submission)
    assert keys.filter(photo__isnull=False).count() == 8
    assert keys.filter(photo__isnull=True).count() == 8


def test_deleting_a_submission_removes_its_search_keys():
    submission = photo_submission(jpeg(detailed_picture()), text=REVIEW)
    apply_rules(submission)
    submission.delete()
    assert not DuplicateSearchKey.objects.exists()


def test_rules_never_delete_the_flagged_submission_or_its_photos():
    data = jpeg(detailed_picture())
    apply_rules(photo_submission(data))
    second = photo_submission(data)
    assert codes(apply_rules(second)) == ["duplicate_photo"]
    second.refresh_from_db()
    assert second.moderation_status == "pending"
    assert second.photos.get().master
