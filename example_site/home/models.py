"""Page types of the example site: a home page and a general content page."""

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_ugc.blocks import (
    SubmissionFormBlock,
    UGCFeaturedBlock,
    UGCGalleryBlock,
    UGCReviewsBlock,
)

BODY_BLOCKS = [
    ("heading", blocks.CharBlock(form_classname="title")),
    ("paragraph", blocks.RichTextBlock()),
    ("ugc_gallery", UGCGalleryBlock()),
    ("ugc_featured", UGCFeaturedBlock()),
    ("ugc_reviews", UGCReviewsBlock()),
    ("submission_form", SubmissionFormBlock()),
]


class HomePage(Page):
    body = StreamField(BODY_BLOCKS, blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]


class ContentPage(Page):
    body = StreamField(BODY_BLOCKS, blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
