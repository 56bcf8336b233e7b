"""Loading what a gallery shows: displayable submissions only, in a constant number of queries.

Which submissions a block shows is ``models.selection.selected()``, the
definition "where is it used" shares; it reads through
``Submission.objects.displayable()`` (invariant 1, docs/architecture.md),
hand-picked lists included, so an item that stops being displayable vanishes
from every page at once. This module only loads: photos, their public images
and exactly the renditions the templates use are prefetched, so a gallery of
3 items and one of 60 cost the same number of queries and never touch
Wagtail's rendition cache (``{% picture %}`` on prefetched renditions makes
no cache calls; docs/galleries.md, "Performance").
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch
from wagtail.images.models import Filter

from ..models import Submission, SubmissionPhoto, UGCImage
from ..models.selection import ORDERINGS, Source, selected
from ..publication import FULL_SPEC, RENDITION_SPECS

#: Largest page number a visitor can ask for (a guard against silly offsets).
MAX_PAGE_NUMBER = 1000


@dataclass
class GalleryPage:
    items: list = field(default_factory=list)
    number: int = 1
    has_next: bool = False


def with_public_media(queryset):
    """Attach ``public_photos`` (with their image and prefetched renditions) to each submission."""
    images = UGCImage.objects.prefetch_renditions(*RENDITION_SPECS)
    photos = (
        SubmissionPhoto.objects.filter(image__isnull=False)
        .order_by("sort_order", "pk")
        .prefetch_related(Prefetch("image", queryset=images))
    )
    return queryset.prefetch_related(
        Prefetch("photos", queryset=photos, to_attr="public_photos")
    )


def load_gallery_page(query, *, page_number=1, page_size=12):
    """One page of a gallery, in a constant number of queries whatever its size."""
    page_number = max(1, min(page_number, MAX_PAGE_NUMBER))
    offset = (page_number - 1) * page_size
    submissions = selected(query)
    if query.source == Source.PICKED:
        # The editor's order; the displayable rule decides which of them remain.
        remaining = set(submissions.values_list("pk", flat=True))
        ids = [pk for pk in dict.fromkeys(query.picked_ids) if pk in remaining]
        window = ids[offset : offset + page_size + 1]
        loaded = with_public_media(Submission.objects.filter(pk__in=window))
        by_pk = {submission.pk: submission for submission in loaded}
        items = [by_pk[pk] for pk in window if pk in by_pk]
    else:
        ordered = with_public_media(submissions.order_by(*ORDERINGS[query.order]))
        items = list(ordered[offset : offset + page_size + 1])
    has_next = len(items) > page_size
    items = items[:page_size]
    prepare_for_display(items)
    return GalleryPage(items=items, number=page_number, has_next=has_next)


def load_one(query):
    """The first submission ``query`` selects, with its media (a featured block's one item)."""
    if query is None:
        return None
    item = with_public_media(selected(query)).first()
    if item is not None:
        prepare_for_display([item])
    return item


def load_reviews(query, *, limit=10):
    """Displayable reviews ``query`` selects and their aggregate rating (count, average)."""
    reviews = selected(query)
    summary = reviews.filter(rating__isnull=False).aggregate(
        count=Count("pk"), average=Avg("rating")
    )
    items = list(reviews.order_by(*ORDERINGS[query.order])[:limit])
    prepare_for_display(items)
    return items, summary


def prepare_for_display(submissions):
    """Resolve the large view of each photo from the prefetched renditions (no queries)."""
    full = Filter(FULL_SPEC)
    for submission in submissions:
        for photo in getattr(submission, "public_photos", ()):
            photo.full_rendition = full_rendition(photo.image, full)


def full_rendition(image, full):
    # The enlarged view does not depend on a focal point (its key is ""), so
    # the prefetched row can be taken as is; Wagtail's lookup is the fallback.
    for rendition in getattr(image, "prefetched_renditions", ()):
        if rendition.filter_spec == FULL_SPEC and rendition.focal_point_key == "":
            return rendition
    return image.get_renditions(full)[FULL_SPEC]
