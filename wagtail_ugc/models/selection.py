"""What a gallery, reviews or featured block selects: one definition, in SQL.

A block turns its value into a ``GalleryQuery`` (its ``ugc_selection``
method); ``selected()`` turns that query into submissions. The display
loader shows what ``selected()`` returns, and "where is it used"
(``models.usage``) asks the same function whether a submission is among
them, so what a page shows and where an item is said to be shown cannot
drift apart.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .choices import Kind
from .submissions import Submission, SubmissionPhoto, TaggedSubmission


class Order:
    NEWEST = "newest"
    FEATURED = "featured"
    RATING = "rating"
    CHOICES = [
        (NEWEST, _("Newest first")),
        (FEATURED, _("Featured first")),
        (RATING, _("Highest rated first")),
    ]


#: Featured items lead in every order, as pinned posts do: marking an item
#: featured puts it first wherever it is shown. The order decides the rest,
#: and among the featured. "Featured first" (what new blocks start with) and
#: "Newest first", stored by older blocks, are therefore the same order.
ORDERINGS = {
    Order.NEWEST: ("-featured", "-submitted_at", "-pk"),
    Order.FEATURED: ("-featured", "-submitted_at", "-pk"),
    Order.RATING: (
        "-featured",
        F("rating").desc(nulls_last=True),
        "-submitted_at",
        "-pk",
    ),
}


class Source:
    """Where a block's submissions come from (not to be confused with
    ``choices.Source``, how a submission reached us)."""

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


def has_something_to_show():
    """A photo item shows once publication has made its public copy (in the
    background, after approval), never as a tile without its photo."""
    return ~Q(kind=Kind.PHOTO) | Exists(
        SubmissionPhoto.objects.filter(submission=OuterRef("pk"), image__isnull=False)
    )


#: Every kind: what a featured block may show.
ALL_KINDS = tuple(Kind.values)


@dataclass(frozen=True)
class GalleryQuery:
    """What an editor asked a block to show.

    Frozen, so equal queries (the same campaign gallery on many pages) can
    be answered once. Blocks fill in only the field their source uses.
    """

    source: str = Source.ALL
    kinds: tuple = (Kind.PHOTO, Kind.VIDEO)
    campaign_id: int | None = None
    tags: tuple = ()
    related_page_id: int | None = None
    picked_ids: tuple = ()
    order: str = Order.NEWEST


def selected(query, *, displayable=True):
    """The submissions ``query`` selects, unordered and unpaged.

    Only displayable ones by default (invariant 1, docs/architecture.md);
    ``displayable=False`` gives those it would show if they were, for
    finding the pages a change of displayability affects.
    """
    if displayable:
        submissions = Submission.objects.displayable().filter(has_something_to_show())
    else:
        submissions = Submission.objects.all()
    submissions = submissions.filter(kind__in=list(query.kinds))
    if query.source == Source.ALL:
        return submissions
    if query.source == Source.CAMPAIGN and query.campaign_id is not None:
        return submissions.filter(campaign_id=query.campaign_id)
    if query.source == Source.TAGS and query.tags:
        tagged = TaggedSubmission.objects.filter(tag__name__in=query.tags)
        return submissions.filter(pk__in=tagged.values("content_object_id"))
    if query.source == Source.THIS_PAGE and query.related_page_id is not None:
        return submissions.filter(related_page_id=query.related_page_id)
    if query.source == Source.PICKED:
        return submissions.filter(pk__in=list(query.picked_ids))
    # A source without what it needs (or one we do not know) selects nothing.
    return submissions.none()
