"""What a page shows and "where is it used" agree, for every way a block selects.

Each case builds a live page with one UGC block, an item the block selects
and one it does not. The page, fetched as a visitor would, shows exactly the
items ``pages_showing`` says it shows.
"""

import re

import pytest

from wagtail_ugc.display.blocks import (
    UGCFeaturedBlock,
    UGCGalleryBlock,
    UGCReviewsBlock,
)
from wagtail_ugc.models.usage import pages_selecting, pages_showing
from wagtail_ugc.rights.revocation import withdraw

from ..factories import CampaignFactory
from .helpers import gallery_page, photo_submission, review_submission, video_submission

pytestmark = pytest.mark.django_db


def gallery(**options):
    raw = {"source": "all", "kinds": ["photo", "video"], **options}
    raw["items"] = [submission.pk for submission in raw.get("items", [])]
    if raw.get("campaign"):
        raw["campaign"] = raw["campaign"].pk
    return ("ugc_gallery", UGCGalleryBlock().to_python(raw))


def reviews(**options):
    if options.get("campaign"):
        options["campaign"] = options["campaign"].pk
    return ("ugc_reviews", UGCReviewsBlock().to_python(options))


def featured(submission):
    return ("ugc_featured", UGCFeaturedBlock().to_python({"submission": submission.pk}))


def all_photos():
    wanted = photo_submission(credit_line="Wanted")
    unwanted = video_submission(credit_line="Unwanted")
    return gallery_page(gallery(kinds=["photo"])), wanted, unwanted


def a_campaign():
    summer = CampaignFactory()
    wanted = photo_submission(credit_line="Wanted", campaign=summer)
    unwanted = photo_submission(credit_line="Unwanted", campaign=CampaignFactory())
    return gallery_page(gallery(source="campaign", campaign=summer)), wanted, unwanted


def tags():
    wanted = photo_submission(credit_line="Wanted")
    wanted.tags.add("tents")
    wanted.save()
    unwanted = photo_submission(credit_line="Unwanted")
    unwanted.tags.add("stoves")
    unwanted.save()
    return gallery_page(gallery(source="tags", tags="tents, rope")), wanted, unwanted


def this_page():
    page = gallery_page(gallery(source="page"))
    other = gallery_page(slug="another-page")
    wanted = photo_submission(credit_line="Wanted", related_page=page)
    unwanted = photo_submission(credit_line="Unwanted", related_page=other)
    return page, wanted, unwanted


def hand_picked():
    wanted = photo_submission(credit_line="Wanted")
    unwanted = photo_submission(credit_line="Unwanted")
    return gallery_page(gallery(source="picked", items=[wanted])), wanted, unwanted


def a_picked_item_of_another_kind():
    wanted = photo_submission(credit_line="Wanted")
    unwanted = video_submission(credit_line="Unwanted")
    block = gallery(source="picked", items=[wanted, unwanted], kinds=["photo"])
    return gallery_page(block), wanted, unwanted


def reviews_of_a_campaign():
    summer = CampaignFactory()
    wanted = review_submission(credit_line="Wanted", campaign=summer)
    unwanted = review_submission(credit_line="Unwanted", campaign=CampaignFactory())
    photo_submission(credit_line="A photo", campaign=summer)
    return gallery_page(reviews(source="campaign", campaign=summer)), wanted, unwanted


def reviews_not_photos():
    wanted = review_submission(credit_line="Wanted")
    unwanted = photo_submission(credit_line="Unwanted")
    return gallery_page(reviews(source="all")), wanted, unwanted


def reviews_of_this_page():
    page = gallery_page(reviews(source="page"))
    wanted = review_submission(credit_line="Wanted", related_page=page)
    unwanted = review_submission(credit_line="Unwanted")
    return page, wanted, unwanted


def a_featured_item():
    wanted = review_submission(credit_line="Wanted")
    unwanted = review_submission(credit_line="Unwanted")
    return gallery_page(featured(wanted)), wanted, unwanted


CASES = [
    all_photos,
    a_campaign,
    tags,
    this_page,
    hand_picked,
    a_picked_item_of_another_kind,
    reviews_of_a_campaign,
    reviews_not_photos,
    reviews_of_this_page,
    a_featured_item,
]


def credits_on(page, client):
    html = client.get(page.url).content.decode()
    return set(re.findall(r'class="ugc-credit__name"[^>]*>([^<]+)<', html))


def listed(page, submission):
    return page.pk in {shown.pk for shown in pages_showing(submission)}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__)
def test_the_page_shows_what_where_is_it_used_lists(case, client):
    page, wanted, unwanted = case()
    shown = credits_on(page, client)
    assert ("Wanted" in shown, listed(page, wanted)) == (True, True)
    assert ("Unwanted" in shown, listed(page, unwanted)) == (False, False)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__)
def test_a_withdrawn_item_is_shown_nowhere_yet_its_pages_are_known(case, client):
    page, wanted, unwanted = case()
    withdraw(wanted)
    wanted.refresh_from_db()
    assert "Wanted" not in credits_on(page, client)
    assert not listed(page, wanted)
    assert page.pk in {selecting.pk for selecting in pages_selecting(wanted)}
    assert page.pk not in {selecting.pk for selecting in pages_selecting(unwanted)}
