"""The gallery block, as a visitor sees it: only displayable UGC, credited, with plain paging links."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import ConsentMethod, Kind, ModerationStatus
from wagtail_ugc.models.ledger import record_revocation
from wagtail_ugc.publication import publish_public_files, remove_public_files

from ..factories import CampaignFactory, SubmissionFactory
from .helpers import (
    gallery_page,
    gallery_value,
    photo_submission,
    render_block,
    review_submission,
    video_submission,
)

pytestmark = pytest.mark.django_db


def credits_in(html):
    return re.findall(r'class="ugc-credit__name"[^>]*>([^<]+)<', html)


def test_shows_only_displayable_submissions():
    photo_submission(credit_line="Shown")
    SubmissionFactory(kind=Kind.PHOTO, credit_line="Pending")
    SubmissionFactory(
        kind=Kind.PHOTO,
        credit_line="Rejected",
        moderation_status=ModerationStatus.REJECTED,
    )
    photo_submission(
        credit_line="Expired", rights_expires_at=timezone.now() - timedelta(days=1)
    )
    block, value = gallery_value()
    assert credits_in(render_block(block, value)) == ["Shown"]


def test_an_approved_photo_shows_once_its_public_copy_exists_never_as_an_empty_tile():
    # Approved, but the worker has not made its public copy yet.
    waiting = photo_submission(credit_line="Waiting for the worker")
    remove_public_files(waiting)
    video_submission(credit_line="A video has nothing to wait for")
    block, value = gallery_value()
    assert credits_in(render_block(block, value)) == ["A video has nothing to wait for"]

    publish_public_files(waiting)
    assert "Waiting for the worker" in credits_in(render_block(block, value))


def test_a_withdrawn_submission_disappears_at_once_even_when_hand_picked():
    kept = photo_submission(credit_line="Kept")
    withdrawn = photo_submission(credit_line="Withdrawn")
    block, value = gallery_value(source="picked", items=[withdrawn, kept])
    assert credits_in(render_block(block, value)) == ["Withdrawn", "Kept"]

    record_revocation(withdrawn, method=ConsentMethod.FORM)
    remove_public_files(withdrawn)

    html = render_block(block, value)
    assert credits_in(html) == ["Kept"]
    assert "Withdrawn" not in html


def test_hand_picked_items_keep_the_editors_order_and_skip_undisplayable_ones():
    first = photo_submission(credit_line="First")
    second = photo_submission(credit_line="Second")
    pending = SubmissionFactory(kind=Kind.PHOTO, credit_line="Pending")
    block, value = gallery_value(source="picked", items=[second, pending, first])
    assert credits_in(render_block(block, value)) == ["Second", "First"]


def test_campaign_source_shows_that_campaign_only():
    summer = CampaignFactory(slug="summer")
    photo_submission(credit_line="Summer", campaign=summer)
    photo_submission(credit_line="Winter", campaign=CampaignFactory(slug="winter"))
    block, value = gallery_value(source="campaign", campaign=summer)
    assert credits_in(render_block(block, value)) == ["Summer"]


def test_tag_source_shows_tagged_submissions():
    tagged = photo_submission(credit_line="Tagged")
    tagged.tags.add("tents")
    tagged.save()
    photo_submission(credit_line="Untagged")
    block, value = gallery_value(source="tags", tags="tents, stoves")
    assert credits_in(render_block(block, value)) == ["Tagged"]


def test_ugc_for_this_page_shows_submissions_about_the_page_being_viewed():
    page = gallery_page()
    photo_submission(credit_line="About this page", related_page=page)
    photo_submission(credit_line="About nothing")
    block, value = gallery_value(source="page")
    assert credits_in(render_block(block, value, page=page)) == ["About this page"]


def test_kinds_filter_what_is_shown():
    photo_submission(credit_line="Photo")
    video_submission(credit_line="Video")
    review_submission(credit_line="Review")
    block, value = gallery_value(kinds=["review"])
    assert credits_in(render_block(block, value)) == ["Review"]


def test_featured_items_lead_in_every_order_which_decides_the_rest():
    now = timezone.now()
    review_submission(
        credit_line="Old featured",
        rating=3,
        featured=True,
        submitted_at=now - timedelta(days=3),
    )
    review_submission(credit_line="New", rating=4, submitted_at=now)
    review_submission(
        credit_line="Best", rating=5, submitted_at=now - timedelta(days=5)
    )
    block, value = gallery_value(kinds=["review"], order="featured")
    assert credits_in(render_block(block, value))[0] == "Old featured"
    block, value = gallery_value(kinds=["review"], order="rating")
    assert credits_in(render_block(block, value)) == ["Old featured", "Best", "New"]
    block, value = gallery_value(kinds=["review"], order="newest")
    assert credits_in(render_block(block, value)) == ["Old featured", "New", "Best"]


def test_load_more_is_a_plain_link_to_the_next_page():
    now = timezone.now()
    for n in range(5):
        review_submission(credit_line=f"R{n}", submitted_at=now - timedelta(hours=n))
    block, value = gallery_value(kinds=["review"], max_items=2)
    first = render_block(block, value, path="/gallery/", sort="x")
    assert credits_in(first) == ["R0", "R1"]
    link = re.search(r'<a class="ugc-gallery__more" href="([^"]+)"', first).group(1)
    assert link == "/gallery/?sort=x&amp;ugc-b1=2#ugc-b1"

    second = render_block(block, value, path="/gallery/", **{"ugc-b1": "2"})
    assert credits_in(second) == ["R2", "R3"]
    assert "ugc-b1=3" in second and "Previous items" in second

    last = render_block(block, value, path="/gallery/", **{"ugc-b1": "3"})
    assert credits_in(last) == ["R4"]
    assert "ugc-gallery__more" not in last


@pytest.mark.parametrize("bad", ["abc", "-4", "99999999999999999999", ""])
def test_a_nonsense_page_number_shows_a_page_not_an_error(client, bad):
    review_submission(credit_line="Still here")
    block, value = gallery_value(kinds=["review"])
    page = gallery_page(("ugc_gallery", block.get_prep_value(value)))
    response = client.get(page.url, {"ugc-b1": bad})
    assert response.status_code == 200


def test_load_more_off_shows_no_paging_link():
    for n in range(3):
        review_submission(credit_line=f"R{n}")
    block, value = gallery_value(kinds=["review"], max_items=2, load_more=False)
    html = render_block(block, value, **{"ugc-b1": "2"})
    assert len(credits_in(html)) == 2 and "ugc-gallery__more" not in html


def test_every_item_is_credited_with_link_and_licence():
    photo_submission(credit_line="Ana Trail", credit_url="https://ana.example/")
    video_submission(credit_line="Vid Maker")
    review_submission(credit_line="Rev Writer")
    block, value = gallery_value(kinds=["photo", "video", "review"])
    html = render_block(block, value)
    assert html.count('class="ugc-credit"') == 3
    assert html.count("Display on this site, credited") == 3
    assert (
        '<a class="ugc-credit__name" dir="auto" href="https://ana.example/" rel="nofollow ugc">Ana Trail</a>'
        in html
    )


def test_compact_credits_keep_the_name_and_the_licence_for_screen_readers():
    photo_submission(credit_line="Ana Trail", credit_url="https://ana.example/")
    block, value = gallery_value(show_credits=False)
    html = render_block(block, value)
    assert "Ana Trail" in html
    assert 'ugc-credit__licence ugc-visually-hidden"> · Display on this site' in html


def test_a_credit_link_that_is_not_http_is_not_a_link():
    submission = photo_submission(credit_line="Sneaky")
    Submission.objects.filter(pk=submission.pk).update(credit_url="javascript:alert(1)")
    block, value = gallery_value()
    html = render_block(block, value)
    assert "javascript:" not in html and "Sneaky" in html


def test_user_text_is_escaped():
    photo_submission(
        credit_line="<b>Bold</b>", text='<script>alert("x")</script> & more'
    )
    block, value = gallery_value()
    html = render_block(block, value)
    assert "<script>alert" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in html


def test_captions_can_be_hidden():
    photo_submission(text="A caption to hide")
    block, value = gallery_value(show_captions=False)
    assert (
        "A caption to hide"
        not in render_block(block, value).split("application/ld+json")[0]
    )


def test_photos_are_responsive_avif_and_webp_with_a_sized_jpeg_fallback():
    photo_submission()
    block, value = gallery_value()
    html = render_block(block, value)
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'type="image/avif"' in picture and 'type="image/webp"' in picture
    img = re.search(r"<img [^>]+>", picture).group(0)
    assert re.search(r'src="[^"]+\.jpg"', img)
    assert 'width="160"' in img and 'height="120"' in img
    assert "sizes=" in img and "srcset=" in img


def test_images_below_the_first_row_load_lazily():
    for n in range(6):
        photo_submission(credit_line=f"P{n}")
    block, value = gallery_value()
    html = render_block(block, value)
    loading = re.findall(r'loading="(\w+)"', html)
    assert loading == ["eager"] * 4 + ["lazy"] * 2


def test_alt_text_comes_from_moderation_or_is_empty_for_decorative_photos():
    photo_submission(alt_text="Two hikers on a ridge at dawn")
    decorative = photo_submission(alt_text="")
    decorative.photos.update(decorative=True)
    block, value = gallery_value()
    html = render_block(block, value)
    assert 'alt="Two hikers on a ridge at dawn"' in html
    assert 'alt=""' in html
    # The lightbox link around a decorative photo still has a name.
    assert "Enlarge photo" in html


def test_without_the_lightbox_photos_are_not_links():
    photo_submission()
    block, value = gallery_value(lightbox=False)
    html = render_block(block, value)
    assert "data-ugc-full" not in html and "data-ugc-lightbox" not in html


def test_video_links_make_no_request_to_the_video_host_on_page_load():
    video_submission(credit_line="Vid")
    block, value = gallery_value()
    html = render_block(block, value)
    assert "<iframe" not in html
    assert (
        'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="nofollow ugc noopener"'
        in html
    )
    assert "Watch the video on YouTube" in html
    assert not re.search(r'(src|srcset)="https?://', html)


def test_empty_gallery_says_so():
    block, value = gallery_value()
    assert "Nothing to show here yet." in render_block(block, value)


def test_the_page_shows_the_gallery_and_links_the_assets_once(client):
    photo_submission(credit_line="On the page")
    block, value = gallery_value()
    prep = block.get_prep_value(value)
    page = gallery_page(("ugc_gallery", prep), ("ugc_gallery", prep))
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("On the page") >= 2
    assert html.count("wagtail_ugc/gallery.js") == 1
    assert html.count("wagtail_ugc/gallery.css") == 1
