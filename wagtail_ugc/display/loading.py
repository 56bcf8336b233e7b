"""Loading what a gallery shows: displayable submissions only, in a constant number of queries.

Every public read goes through ``Submission.objects.displayable()`` (invariant
1), hand-picked lists included, so an item that stops being displayable
vanishes from every page at once. Photos, their public images and exactly the
renditions the templates use are prefetched, so a gallery of 3 items and one
of 60 cost the same number of queries and never touch Wagtail's rendition
cache (see ../shared/PERFORMANCE.md: ``{% picture %}`` on prefetched
renditions makes no cache calls).
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import Filter

from ..models import Submission, SubmissionPhoto, TaggedSubmission, UGCImage
from ..models.choices import Kind

#: The tile renditions, in the order ``{% picture %}`` expands
#: ``width-{400,800} format-{avif,webp,jpeg}`` in the item templates.
TILE_WIDTHS = (400, 800)
TILE_FORMATS = ("avif", "webp", "jpeg")
TILE_SPECS = tuple(
    f"width-{width}|format-{fmt}" for width in TILE_WIDTHS for fmt in TILE_FORMATS
)
#: The large view behind each tile: the lightbox, or the link with JS off.
FULL_SPEC = "max-1600x1600|format-webp"
#: Every rendition the display templates use; publication makes them up front.
DISPLAY_RENDITION_SPECS = (*TILE_SPECS, FULL_SPEC)

#: Largest page number a visitor can ask for (a guard against silly offsets).
MAX_PAGE_NUMBER = 1000


class Order:
    NEWEST = "newest"
    FEATURED = "featured"
    RATING = "rating"
    CHOICES = [
        (NEWEST, _("Newest first")),
        (FEATURED, _("Featured first")),
        (RATING, _("Highest rated first")),
    ]


ORDERINGS = {
    Order.NEWEST: ("-submitted_at", "-pk"),
    Order.FEATURED: ("-featured", "-submitted_at", "-pk"),
    Order.RATING: (F("rating").desc(nulls_last=True), "-submitted_at", "-pk"),
}


class Source:
    ALL = "all"
    CAMPAIGN = "campaign"
    TAGS = "tags"
    THIS_PAGE = "page"
    PICKED = "picked"
    CHOICES = [
        (ALL, _("All approved content")),
        (CAMPAIGN, _("A campaign")),
        (TAGS, _("Tags")),
        (THIS_PAGE, _("Content about the page being viewed")),
        (PICKED, _("Hand-picked")),
    ]


@dataclass
class GalleryQuery:
    """What an editor asked a block to show."""

    source: str = Source.ALL
    kinds: tuple = (Kind.PHOTO, Kind.VIDEO)
    campaign_slug: str = ""
    tags: tuple = ()
    related_page_id: int | None = None
    picked_ids: tuple = ()
    order: str = Order.NEWEST


@dataclass
class GalleryPage:
    items: list = field(default_factory=list)
    number: int = 1
    has_next: bool = False


def with_public_media(queryset):
    """Attach ``public_photos`` (with their image and prefetched renditions) to each submission."""
    images = UGCImage.objects.prefetch_renditions(*DISPLAY_RENDITION_SPECS)
    photos = (
        SubmissionPhoto.objects.filter(image__isnull=False)
        .order_by("sort_order", "pk")
        .prefetch_related(Prefetch("image", queryset=images))
    )
    return queryset.prefetch_related(
        Prefetch("photos", queryset=photos, to_attr="public_photos")
    )


def filtered(query):
    """The displayable submissions a query selects, unordered and unpaged."""
    submissions = Submission.objects.displayable().filter(kind__in=list(query.kinds))
    if query.source == Source.CAMPAIGN:
        if not query.campaign_slug:
            return submissions.none()
        submissions = submissions.filter(campaign__slug=query.campaign_slug)
    elif query.source == Source.TAGS:
        if not query.tags:
            return submissions.none()
        tagged = TaggedSubmission.objects.filter(tag__name__in=query.tags)
        submissions = submissions.filter(pk__in=tagged.values("content_object_id"))
    elif query.source == Source.THIS_PAGE:
        if query.related_page_id is None:
            return submissions.none()
        submissions = submissions.filter(related_page_id=query.related_page_id)
    elif query.source == Source.PICKED:
        submissions = submissions.filter(pk__in=list(query.picked_ids))
    return submissions


def load_gallery_page(query, *, page_number=1, page_size=12):
    """One page of a gallery, in a constant number of queries whatever its size."""
    page_number = max(1, min(page_number, MAX_PAGE_NUMBER))
    offset = (page_number - 1) * page_size
    submissions = filtered(query)
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


def load_displayable(pk):
    """One submission with its media if, and only if, it is displayable."""
    if pk is None:
        return None
    submission = with_public_media(Submission.objects.displayable().filter(pk=pk))
    item = submission.first()
    if item is not None:
        prepare_for_display([item])
    return item


def load_reviews(query, *, limit=10):
    """Displayable reviews and their aggregate rating (count, average)."""
    reviews = filtered(query).filter(kind=Kind.REVIEW)
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
