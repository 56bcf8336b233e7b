"""Featured items: first in every gallery and reviews block, labelled, and marked from the admin.

The label is visible text in the visitor's language; the order puts featured
items first whatever the block's order; the bulk actions change the live row
and any draft alike, log, and show on the next request through the page
cache and the gallery fragment cache.
"""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from tests.caches.conftest import page_cache  # noqa: F401 - a fixture
from wagtail_ugc.display.blocks import (
    UGCFeaturedBlock,
    UGCGalleryBlock,
    UGCReviewsBlock,
)
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.models.selection import Order
from wagtail_ugc.moderation.featuring import set_featured

from ..display.helpers import (
    gallery_page,
    gallery_value,
    photo_submission,
    render_block,
    review_submission,
)
from ..display.test_queries import cold_render
from ..moderation.helpers import make_moderator, pending_submission

pytestmark = pytest.mark.django_db

LABEL = '<p class="ugc-item__featured">'


def credits_in(html):
    return re.findall(r'class="ugc-credit__name"[^>]*>([^<]+)<', html)


def labelled_credits(html):
    """The credits of the items that carry the label, in page order."""
    items = re.findall(r'<li class="ugc-item[^"]*".*?</li>', html, flags=re.S)
    return [credits_in(item)[0] for item in items if LABEL in item]


def reviews_value(**options):
    block = UGCReviewsBlock()
    return block, block.to_python({"source": "all", **options})


def test_featured_items_carry_a_visible_label_in_the_gallery():
    photo_submission(credit_line="Plain")
    photo_submission(credit_line="Starred", featured=True)
    block, value = gallery_value()
    html = render_block(block, value)
    assert labelled_credits(html) == ["Starred"]
    assert f"{LABEL}Featured</p>" in html


def test_the_label_is_in_the_visitors_language():
    photo_submission(credit_line="Starred", featured=True)
    block, value = gallery_value()
    with translation.override("sv"):
        html = render_block(block, value)
    assert f"{LABEL}Utvalt</p>" in html


def test_featured_reviews_are_labelled_and_first_in_the_reviews_block():
    now = timezone.now()
    review_submission(credit_line="Newest", submitted_at=now)
    review_submission(
        credit_line="Pinned", featured=True, submitted_at=now - timedelta(days=9)
    )
    block, value = reviews_value(order=Order.NEWEST)
    html = render_block(block, value)
    assert credits_in(html) == ["Pinned", "Newest"]
    assert labelled_credits(html) == ["Pinned"]


def test_the_featured_block_labels_a_featured_item_and_only_that():
    starred = review_submission(credit_line="Starred", featured=True)
    plain = review_submission(credit_line="Plain")
    block = UGCFeaturedBlock()
    for submission, labelled in ((starred, True), (plain, False)):
        value = block.to_python({"submission": submission.pk})
        assert (LABEL in render_block(block, value)) is labelled


def test_featured_items_lead_every_order_and_the_first_page():
    now = timezone.now()
    for n in range(5):
        review_submission(
            credit_line=f"R{n}", rating=1 + n, submitted_at=now - timedelta(hours=n)
        )
    review_submission(
        credit_line="Old pinned",
        rating=1,
        featured=True,
        submitted_at=now - timedelta(days=30),
    )
    expected = {
        Order.FEATURED: ["Old pinned", "R0", "R1"],
        Order.NEWEST: ["Old pinned", "R0", "R1"],
        Order.RATING: ["Old pinned", "R4", "R3"],
    }
    for order, first_page in expected.items():
        block, value = gallery_value(kinds=["review"], order=order, max_items=3)
        assert credits_in(render_block(block, value)) == first_page, order


def test_hand_picked_galleries_keep_the_editors_order():
    first = photo_submission(credit_line="First")
    second = photo_submission(credit_line="Second", featured=True)
    block, value = gallery_value(source="picked", items=[first, second])
    html = render_block(block, value)
    assert credits_in(html) == ["First", "Second"]
    assert labelled_credits(html) == ["Second"]


def test_new_blocks_start_with_featured_first_and_stored_orders_still_load():
    assert UGCGalleryBlock().get_default()["order"] == Order.FEATURED
    assert UGCReviewsBlock().get_default()["order"] == Order.FEATURED
    block = UGCGalleryBlock()
    for stored in (Order.NEWEST, Order.FEATURED, Order.RATING):
        value = block.to_python({"source": "all", "kinds": ["photo"], "order": stored})
        assert block.clean(value)["order"] == stored


def test_a_gallery_with_featured_items_costs_the_same_queries_for_3_and_30():
    small = [photo_submission(credit_line=f"P{n}", featured=n == 1) for n in range(3)]
    block, value = gallery_value(max_items=100)
    html_small, queries_small = cold_render(block, value)
    for n in range(27):
        photo_submission(credit_line=f"Q{n}", featured=n % 4 == 0)
    html_large, queries_large = cold_render(block, value)
    assert html_small.count(LABEL) == 1
    assert html_large.count(LABEL) == 8
    assert queries_large == queries_small
    assert len(small) == 3


# The admin ---------------------------------------------------------------------


def bulk_url(action, submissions):
    ids = "&".join(f"id={submission.pk}" for submission in submissions)
    return (
        reverse("wagtail_bulk_action", args=("wagtail_ugc", "submission", action))
        + f"?{ids}&next=/admin/"
    )


def test_a_moderator_features_and_unfeatures_in_bulk_with_the_audit_log(
    client, django_user_model
):
    moderator = make_moderator(django_user_model)
    client.force_login(moderator)
    live = photo_submission(credit_line="Live")
    waiting = pending_submission(kind=Kind.REVIEW)
    listing = client.get(
        reverse("wagtailsnippets_wagtail_ugc_submission:list")
    ).content.decode()
    assert "Feature" in listing and "Stop featuring" in listing

    response = client.post(bulk_url("ugc_feature", [live, waiting]))
    assert response.status_code == 302
    assert set(Submission.objects.filter(featured=True)) == {live, waiting}
    # The draft awaiting moderation says so too: approving it keeps it featured.
    assert (
        Submission.objects.get(pk=waiting.pk).get_latest_revision_as_object().featured
    )
    logged = ModelLogEntry.objects.filter(action="wagtail_ugc.feature")
    assert {entry.user for entry in logged} == {moderator}
    assert logged.count() == 2

    client.post(bulk_url("ugc_stop_featuring", [live]))
    assert list(Submission.objects.filter(featured=True)) == [waiting]
    assert ModelLogEntry.objects.filter(action="wagtail_ugc.unfeature").count() == 1
    # Filtering the list by "Featured".
    featured_only = client.get(
        reverse("wagtailsnippets_wagtail_ugc_submission:list"), {"featured": "true"}
    ).content.decode()
    assert str(waiting) in featured_only and str(live) not in featured_only


def test_featuring_needs_the_moderate_permission(client, django_user_model):
    from django.contrib.auth.models import Group, Permission

    editor = django_user_model.objects.create_user(username="ed", password="pw")
    group = Group.objects.create(name="Writers")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_submission", "change_submission"]
        )
    )
    editor.groups.add(group)
    client.force_login(editor)
    submission = photo_submission(credit_line="Live")
    client.post(bulk_url("ugc_feature", [submission]))
    assert not Submission.objects.get(pk=submission.pk).featured
    with pytest.raises(PermissionDenied):
        set_featured([submission], True, editor)


def test_a_featured_change_shows_on_the_next_request_through_the_page_cache(
    page_cache,  # noqa: F811 - the fixture
    django_user_model,
    django_capture_on_commit_callbacks,
):
    now = timezone.now()
    photo_submission(credit_line="Newer", submitted_at=now)
    older = photo_submission(credit_line="Older", submitted_at=now - timedelta(days=2))
    block, value = gallery_value(order=Order.NEWEST)
    page = gallery_page(("ugc_gallery", block.get_prep_value(value)))
    visitor = Client()
    assert credits_in(visitor.get(page.url).content.decode()) == ["Newer", "Older"]
    # Cached: a change nobody announces stays invisible.
    Submission.objects.filter(pk=older.pk).update(credit_line="Quietly changed")
    assert "Quietly changed" not in visitor.get(page.url).content.decode()
    Submission.objects.filter(pk=older.pk).update(credit_line="Older")

    moderator = make_moderator(django_user_model)
    with django_capture_on_commit_callbacks(execute=True):
        set_featured([older], True, moderator)
    html = visitor.get(page.url).content.decode()
    assert credits_in(html) == ["Older", "Newer"]
    assert labelled_credits(html) == ["Older"]

    with django_capture_on_commit_callbacks(execute=True):
        set_featured([older], False, moderator)
    html = visitor.get(page.url).content.decode()
    assert credits_in(html) == ["Newer", "Older"]
    assert labelled_credits(html) == []
