"""Too-small, blurry and unreadable photos are flagged from the private master."""

import pytest
from django.core.files.base import ContentFile

from wagtail_ugc.moderation.rules import apply_rules

from .helpers import blurred, codes, detailed_picture, jpeg, photo_submission

pytestmark = pytest.mark.django_db


def test_a_sharp_large_photo_gets_no_flag():
    assert apply_rules(photo_submission(jpeg(detailed_picture()))) == []


def test_a_small_photo_is_flagged_with_its_size():
    (flag,) = apply_rules(photo_submission(jpeg(detailed_picture(360, 300))))
    assert flag.code == "small_photo"
    assert "360×300" in flag.reason


def test_the_minimum_size_is_a_setting(settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "MIN_PHOTO_EDGE": 1000}
    assert codes(apply_rules(photo_submission(jpeg(detailed_picture())))) == [
        "small_photo"
    ]


def test_a_blurry_photo_is_flagged():
    (flag,) = apply_rules(photo_submission(jpeg(blurred(detailed_picture()))))
    assert flag.code == "blurry_photo"
    assert flag.reason.startswith("Photo 1 looks blurry")


def test_flags_say_which_photo_of_several():
    submission = photo_submission(
        jpeg(detailed_picture(seed=1)), jpeg(blurred(detailed_picture(seed=2)))
    )
    (flag,) = apply_rules(submission)
    assert flag.reason.startswith("Photo 2")


def test_an_unreadable_master_is_flagged_and_the_submission_kept():
    submission = photo_submission(jpeg(detailed_picture()))
    photo = submission.photos.get()
    photo.master.save("broken.jpg", ContentFile(b"not an image"), save=True)
    assert codes(apply_rules(submission)) == ["photo_unreadable"]
    submission.refresh_from_db()
    assert submission.photos.count() == 1
