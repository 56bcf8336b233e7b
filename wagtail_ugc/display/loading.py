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

Renditions are read as plain rows (``image.rendition_rows``), which is all
an item found in the fragment cache needs (``fragments.py``);
``prepare_for_display()`` turns them into the rendition objects the
templates use, for the items that are rendered.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch
from wagtail.images.models import Filter

from ..models import Submission, SubmissionPhoto, UGCRendition
from ..models.selection import ORDERINGS, Source, selected
from ..publication import FULL_SPEC, RENDITION_SPECS

#: Largest page number a visitor can ask for (a guard against silly offsets).
MAX_PAGE_NUMBER = 1000


@dataclass
class GalleryPage:
    items: list = field(default_factory=list)
    number: int = 1
    has_next: bool = False


#: The columns of a rendition row, in order.
RENDITION_FIELDS = tuple(field.attname for field in UGCRendition._meta.concrete_fields)


def with_public_media(queryset):
    """Attach ``public_photos`` (with their image) and the related page to each submission; then ``attach_renditions()``."""
    photos = (
        SubmissionPhoto.objects.filter(image__isnull=False)
        .order_by("sort_order", "pk")
        .select_related("image")
    )
    return queryset.select_related("related_page").prefetch_related(
        Prefetch("photos", queryset=photos, to_attr="public_photos")
    )


def attach_renditions(submissions):
    """Give each public image its ``rendition_rows`` (the specs the templates use), in one query."""
    images = [
        photo.image
        for submission in submissions
        for photo in getattr(submission, "public_photos", ())
    ]
    if not images:
        return
    image_id = RENDITION_FIELDS.index("image_id")
    rows = defaultdict(list)
    renditions = UGCRendition.objects.filter(
        image__in=[image.pk for image in images], filter_spec__in=RENDITION_SPECS
    ).order_by("pk")
    for row in renditions.values_list(*RENDITION_FIELDS):
        rows[row[image_id]].append(row)
    for image in images:
        image.rendition_rows = rows[image.pk]


def load_gallery_page(query, *, page_number=1, page_size=12):
    """One page of a gallery, in a constant number of queries whatever its size.

    Its items' renditions are rows; ``prepare_for_display()`` readies the
    items that are rendered.
    """
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
    attach_renditions(items)
    return GalleryPage(items=items, number=page_number, has_next=has_next)


def load_one(query):
    """The first submission ``query`` selects, with its media (a featured block's one item)."""
    if query is None:
        return None
    item = with_public_media(selected(query)).first()
    if item is not None:
        attach_renditions([item])
        prepare_for_display([item])
    return item


def load_reviews(query, *, limit=10):
    """Displayable reviews ``query`` selects and their aggregate rating (count, average)."""
    reviews = selected(query)
    summary = reviews.filter(rating__isnull=False).aggregate(
        count=Count("pk"), average=Avg("rating")
    )
    ordered = reviews.select_related("related_page").order_by(*ORDERINGS[query.order])
    items = list(ordered[:limit])
    prepare_for_display(items)
    return items, summary


def prepare_for_display(submissions):
    """Make each photo's rendition rows Wagtail's prefetched renditions and resolve its large view (no queries)."""
    full = Filter(FULL_SPEC)
    for submission in submissions:
        for photo in getattr(submission, "public_photos", ()):
            image = photo.image
            rows = getattr(image, "rendition_rows", None)
            if rows is not None and not hasattr(image, "prefetched_renditions"):
                image.prefetched_renditions = [rendition_of(image, row) for row in rows]
            photo.full_rendition = full_rendition(image, full)


@dataclass(frozen=True)
class RelatedLink:
    """The link from an item to the page it is about (``Submission.related_page``)."""

    page_id: int
    title: str
    url: str


def attach_related_links(submissions, *, page=None, request=None, show=True):
    """Give each submission its ``related_link``, or ``None`` (no queries).

    A link is shown only to a live, routable page other than ``page``, the
    one being viewed: a gallery on a product's own page does not link to
    itself. The related page comes with the selection (``select_related``)
    and its URL from Wagtail's site root paths, which ``request`` caches.
    """
    current = getattr(page, "pk", None)
    for submission in submissions:
        link = None
        if show and submission.related_page_id not in (None, current):
            link = related_link(submission.related_page, request)
        submission.related_link = link


def related_link(related_page, request):
    if related_page is None or not related_page.live:
        return None
    url = related_page.get_url(request)
    return RelatedLink(related_page.pk, related_page.title, url) if url else None


class PreparedWhenRead(Sequence):
    """Items that ``prepare_for_display()`` readies when a template first reads one.

    A gallery's own template shows each item's cached ``fragment`` and never
    reads the items, so a gallery whose items all come from the cache makes
    no rendition objects; a template that does read them gets them ready.
    """

    def __init__(self, items):
        self._items = items
        self._prepared = False

    def __getitem__(self, index):
        if not self._prepared:
            prepare_for_display(self._items)
            self._prepared = True
        return self._items[index]

    def __len__(self):
        return len(self._items)


def rendition_of(image, row):
    rendition = UGCRendition.from_db(image._state.db, RENDITION_FIELDS, row)
    rendition.image = image  # as a prefetch would: no query to reach it
    return rendition


def full_rendition(image, full):
    # The enlarged view does not depend on a focal point (its key is ""), so
    # the prefetched row can be taken as is; Wagtail's lookup is the fallback.
    for rendition in getattr(image, "prefetched_renditions", ()):
        if rendition.filter_spec == FULL_SPEC and rendition.focal_point_key == "":
            return rendition
    return image.get_renditions(full)[FULL_SPEC]
