"""Every StreamField block wagtail-ugc offers, in one place for site builders.

``SubmissionFormBlock`` puts the public form on a page (intake);
``UGCGalleryBlock``, ``UGCFeaturedBlock`` and ``UGCReviewsBlock`` show
displayable UGC (display).
"""

from .display.blocks import UGCFeaturedBlock, UGCGalleryBlock, UGCReviewsBlock
from .intake.blocks import SubmissionFormBlock

__all__ = [
    "SubmissionFormBlock",
    "UGCFeaturedBlock",
    "UGCGalleryBlock",
    "UGCReviewsBlock",
]
