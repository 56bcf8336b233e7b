"""The reviews block (stars, aggregate, how reviews are checked) and the featured block."""

import pytest
from django.utils import timezone
from wagtail.blocks.struct_block import StructBlockValidationError

from wagtail_ugc.display.blocks import UGCFeaturedBlock, UGCReviewsBlock
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.publication import RENDITION_SPECS

from ..factories import SubmissionFactory
from .helpers import gallery_value, photo_submission, render_block, review_submission

pytestmark = pytest.mark.django_db


def test_reviews_show_stars_the_average_and_how_reviews_are_checked():
    review_submission(rating=5, credit_line="Mia", text="Dry all night.")
    review_submission(rating=4, credit_line="Leo")
    SubmissionFactory(kind=Kind.REVIEW, rating=1, credit_line="Pending troll")
    block = UGCReviewsBlock()
    value = block.to_python({"statement": "Every review is read by a person."})
    html = render_block(block, value)
    assert 'aria-label="Rated 5 out of 5"' in html and "★★★★★" in html
    assert "<strong>4.5</strong> out of 5, from 2 reviews" in html
    assert "How we check reviews:" in html
    assert "Every review is read by a person." in html
    assert "Dry all night." in html and "Pending troll" not in html


def test_reviews_block_has_a_default_statement():
    block = UGCReviewsBlock()
    value = block.to_python({})
    assert "A moderator reads every review" in render_block(block, value)


def test_featured_shows_a_displayable_submission_large_and_credited():
    submission = photo_submission(credit_line="Featured Fay")
    block = UGCFeaturedBlock()
    value = block.to_python({"submission": submission.pk})
    html = render_block(block, value)
    assert "Featured Fay" in html and "<picture>" in html
    assert "Display on this site, credited" in html


def test_featured_shows_nothing_once_the_submission_is_no_longer_displayable():
    submission = photo_submission(credit_line="Gone Gus")
    block = UGCFeaturedBlock()
    value = block.to_python({"submission": submission.pk})
    submission.__class__.objects.filter(pk=submission.pk).update(
        withdrawn_at=timezone.now()
    )
    assert "Gone Gus" not in render_block(block, value)


def test_a_featured_review_is_a_testimonial():
    review = review_submission(rating=5, credit_line="Tess", text="Best tent.")
    block = UGCFeaturedBlock()
    html = render_block(block, block.to_python({"submission": review.pk}))
    assert "<blockquote" in html and "Best tent." in html and "Tess" in html


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"source": "campaign", "campaign": ""}, "campaign"),
        ({"source": "tags", "tags": ""}, "tags"),
        ({"source": "picked", "items": []}, "items"),
        ({"kinds": []}, "kinds"),
    ],
)
def test_gallery_settings_that_cannot_show_anything_are_refused(options, field):
    block, value = gallery_value(**options)
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert field in error.value.block_errors


def test_publication_makes_exactly_the_renditions_the_templates_use():
    submission = photo_submission()
    image = submission.photos.get().image
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(
        RENDITION_SPECS
    )
