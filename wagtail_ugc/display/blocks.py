"""StreamField blocks that show credited, displayable UGC: a gallery, one featured item, reviews."""

import copy
import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import StructBlockAdapter, StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from ..conf import ugc_settings
from ..engagement.tokens import block_engagement
from ..models import Campaign, Submission
from ..models.choices import Kind
from ..models.selection import ALL_KINDS, GalleryQuery, Order, Source, selected
from . import jsonld
from .fragments import ITEM_OPTIONS, render_items
from .loading import (
    PreparedWhenRead,
    attach_related_links,
    load_gallery_page,
    load_one,
    load_reviews,
)
from .presentation import decorate, page_links, stars

#: Items whose images load at once; the rest load lazily, as they scroll into view.
EAGER_ITEMS = 4

LAYOUT_CHOICES = [
    ("grid", _("Grid")),
    ("masonry", _("Masonry")),
    ("carousel", _("Carousel")),
]

#: ``sizes`` of the tile images per layout, matching gallery.css.
TILE_SIZES = {
    "grid": "(min-width: 64em) 18rem, (min-width: 36em) 33vw, 50vw",
    "masonry": "(min-width: 64em) 18rem, (min-width: 36em) 33vw, 50vw",
    "carousel": "(min-width: 36em) 18rem, 80vw",
}

REVIEWED_ITEM_TYPES = [
    ("Product", _("A product")),
    ("Organization", _("The organisation")),
    ("LocalBusiness", _("A local business")),
    ("Service", _("A service")),
    ("Event", _("An event")),
]

DEFAULT_REVIEWS_STATEMENT = _(
    "Reviews come from visitors who sent them through our review form. A "
    "moderator reads every review before it is published and removes only "
    "those that break our guidelines; a review is never removed for being "
    "negative."
)


def campaign_choices():
    """The campaign choices of the blocks before they had a chooser.

    Unused; kept because migrations made then name it.
    """
    return list(Campaign.objects.values_list("slug", "title"))


class CampaignChooserBlock(SnippetChooserBlock):
    """A campaign from the campaign chooser, stored by id, so Wagtail's
    reference index knows which pages show a campaign.

    Pages saved before the chooser stored the campaign's slug (a string; ids
    are stored as numbers). Those still load, a page's slugs in one query
    per block type, and are stored by id when an editor next saves the page.
    """

    def __init__(self, **kwargs):
        super().__init__("wagtail_ugc.Campaign", **kwargs)

    def deconstruct(self):
        # Frozen into migrations as the plain chooser it stores like.
        path = "wagtail.snippets.blocks.SnippetChooserBlock"
        return path, ("wagtail_ugc.Campaign",), self._constructor_args[1]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def bulk_to_python(self, values):
        slugs = [value for value in values if isinstance(value, str) and value]
        ids = [value for value in values if isinstance(value, int)]
        by_slug = Campaign.objects.in_bulk(slugs, field_name="slug") if slugs else {}
        by_id = Campaign.objects.in_bulk(ids) if ids else {}
        campaigns, seen = [], set()
        for value in values:
            found = (by_slug if isinstance(value, str) else by_id).get(value)
            if found is not None and found.pk in seen:
                found = copy.copy(found)  # one instance per block, as Wagtail's
            campaigns.append(found)
            if found is not None:
                seen.add(found.pk)
        return campaigns


def block_key(value, parent_context, block):
    """A short key that tells this block's page parameter and anchor apart from others on the page."""
    block_id = (parent_context or {}).get("id")
    if not block_id:
        prep = json.dumps(block.get_prep_value(value), sort_keys=True, default=str)
        block_id = hashlib.sha256(prep.encode()).hexdigest()
    return str(block_id).replace("-", "")[:8]


def include_assets_once(parent_context):
    """True for the first UGC block on a page, which links the CSS and JS."""
    request = (parent_context or {}).get("request")
    if request is None:
        return True
    if getattr(request, "_wagtail_ugc_assets", False):
        return False
    request._wagtail_ugc_assets = True
    return True


def tag_names(text):
    """The tags of a comma-separated list, without blanks."""
    return tuple(tag.strip() for tag in (text or "").split(",") if tag.strip())


def source_fields(source, *, campaign=None, tags="", page=None, items=()):
    """The ``GalleryQuery`` field that ``source`` reads, and no other.

    The rest stay empty, so the same selection on two pages is one query to
    "where is it used".
    """
    if source == Source.CAMPAIGN:
        return {"campaign_id": getattr(campaign, "pk", None)}
    if source == Source.TAGS:
        return {"tags": tag_names(tags)}
    if source == Source.THIS_PAGE:
        return {"related_page_id": getattr(page, "pk", None)}
    if source == Source.PICKED:
        return {"picked_ids": tuple(item.pk for item in items if item is not None)}
    return {}


def source_needs_error(block, value):
    """The error for the field ``value``'s source needs, if it is empty; fields other sources need are ignored."""
    field, message = block.source_needs.get(value["source"], (None, None))
    if field and not value[field]:
        return StructBlockValidationError(
            block_errors={field: ValidationError(message)}
        )
    return None


#: The template of every UGC block's preview in the block chooser.
PREVIEW_TEMPLATE = "wagtail_ugc/previews/block.html"


def preview_context(context, *, empty, placeholder):
    """A block preview's context: ``placeholder`` stands in when there is nothing to show yet."""
    if empty:
        context["ugc_preview_placeholder"] = placeholder
    return context


def show_related_link_block():
    """The option every UGC block has: a link from each item to the page it is about."""
    return blocks.BooleanBlock(
        label=_("Link to the page each item is about"),
        required=False,
        default=True,
        help_text=_(
            'Such as a product page, shown as "See: its title". Never a link '
            "to the page being viewed."
        ),
    )


def page_number_from(request, parameter):
    try:
        return max(1, int(request.GET.get(parameter, 1)))
    except (AttributeError, TypeError, ValueError):
        return 1


class UGCGalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    source = blocks.ChoiceBlock(
        label=_("Show"), choices=Source.CHOICES, default=Source.ALL
    )
    campaign = CampaignChooserBlock(
        label=_("Campaign"),
        required=False,
        help_text=_('Used when "Show" is "A campaign".'),
    )
    tags = blocks.CharBlock(
        label=_("Tags"),
        required=False,
        help_text=_('Comma-separated. Used when "Show" is "Tags".'),
    )
    items = blocks.ListBlock(
        SnippetChooserBlock("wagtail_ugc.Submission"),
        label=_("Hand-picked submissions"),
        default=[],
        help_text=_(
            'Used when "Show" is "Hand-picked". Anything withdrawn or '
            "unpublished later disappears from the page by itself."
        ),
    )
    kinds = blocks.MultipleChoiceBlock(
        label=_("Kinds"),
        choices=Kind.choices,
        default=[Kind.PHOTO.value, Kind.VIDEO.value],
        widget=forms.CheckboxSelectMultiple,
    )
    max_items = blocks.IntegerBlock(
        label=_("Items per page"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Empty: the site's default (GALLERY_PAGE_SIZE)."),
    )
    order = blocks.ChoiceBlock(
        label=_("Order"), choices=Order.CHOICES, default=Order.FEATURED
    )
    layout = blocks.ChoiceBlock(
        label=_("Layout"), choices=LAYOUT_CHOICES, default="grid"
    )
    show_captions = blocks.BooleanBlock(
        label=_("Show captions"), required=False, default=True
    )
    show_credits = blocks.BooleanBlock(
        label=_("Show full credits"),
        required=False,
        default=True,
        help_text=_(
            "Off: each item keeps a short credit; the licence and link are in "
            "the enlarged view. Credit is never removed."
        ),
    )
    lightbox = blocks.BooleanBlock(
        label=_("Enlarge photos in a lightbox"), required=False, default=True
    )
    load_more = blocks.BooleanBlock(
        label=_('"Load more" link'), required=False, default=True
    )
    show_related_link = show_related_link_block()

    #: The field each source needs, and the error when it is empty. The
    #: editor shows a field only for its source (admin/source-block.js).
    source_needs = {
        Source.CAMPAIGN: ("campaign", _("Choose a campaign.")),
        Source.TAGS: ("tags", _("Give one or more tags.")),
        Source.PICKED: ("items", _("Choose one or more submissions.")),
    }

    class Meta:
        icon = "image"
        label = _("UGC gallery")
        template = "wagtail_ugc/display/gallery_block.html"
        description = _(
            "Approved photos and videos from visitors, in a grid, masonry or "
            "carousel, each credited to its creator."
        )
        preview_template = PREVIEW_TEMPLATE

    def get_preview_value(self):
        value = self.get_default()
        value["heading"] = _("From our visitors")
        return value

    def get_preview_context(self, value, parent_context=None):
        return preview_context(
            super().get_preview_context(value, parent_context),
            empty=not selected(self.ugc_selection(value, None)).exists(),
            placeholder=_(
                "Approved photos and videos will appear here, each with its "
                "creator's credit."
            ),
        )

    def clean(self, value):
        value = super().clean(value)
        if error := source_needs_error(self, value):
            raise error
        if not value["kinds"]:
            raise StructBlockValidationError(
                block_errors={"kinds": ValidationError(_("Choose one or more kinds."))}
            )
        return value

    def ugc_selection(self, value, page):
        """What this gallery on ``page`` selects: its rendering and "where is it used" both ask."""
        return GalleryQuery(
            source=value["source"],
            kinds=tuple(value["kinds"] or ()),
            order=value["order"],
            **source_fields(
                value["source"],
                campaign=value["campaign"],
                tags=value["tags"],
                page=page,
                items=value["items"],
            ),
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        request = parent_context.get("request")
        key = block_key(value, parent_context, self)
        parameter = f"ugc-{key}"
        number = page_number_from(request, parameter) if value["load_more"] else 1
        gallery_page = load_gallery_page(
            self.ugc_selection(value, parent_context.get("page")),
            page_number=number,
            page_size=value["max_items"] or ugc_settings.GALLERY_PAGE_SIZE,
        )
        decorate(gallery_page.items)
        attach_related_links(
            gallery_page.items,
            page=parent_context.get("page"),
            request=request,
            show=value["show_related_link"],
        )
        eager = EAGER_ITEMS if gallery_page.number == 1 else 0
        for index, item in enumerate(gallery_page.items):
            item.image_loading = "eager" if index < eager else "lazy"
        previous_url, next_url = page_links(
            request, parameter, gallery_page, anchor=f"ugc-{key}"
        )
        sizes = TILE_SIZES.get(value["layout"], TILE_SIZES["grid"])
        item_objects = render_items(
            gallery_page.items,
            options={name: value[name] for name in ITEM_OPTIONS},
            sizes=sizes,
            request=request,
        )
        fragments = [item.fragment for item in gallery_page.items]
        engagement = block_engagement(
            parent_context.get("page"), gallery_page.items, request
        )
        gallery_page.items = PreparedWhenRead(gallery_page.items)
        context.update(
            {
                "dom_id": f"ugc-{key}",
                "items": gallery_page.items,
                "fragments": fragments,
                "gallery_page": gallery_page,
                "sizes": sizes,
                "next_url": next_url if value["load_more"] else None,
                "previous_url": previous_url if value["load_more"] else None,
                "json_ld": jsonld.json_ld_script(jsonld.graph_of(item_objects)),
                "include_assets": include_assets_once(parent_context),
                "engagement": engagement,
            }
        )
        return context


class UGCFeaturedBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    submission = SnippetChooserBlock(
        "wagtail_ugc.Submission",
        label=_("Submission"),
        help_text=_(
            "Shown only while it is displayable: approved, published, with rights."
        ),
    )
    show_related_link = show_related_link_block()

    #: It selects only the submission it names, which Wagtail's reference
    #: index records: "where is it used" need not read every page that has one.
    ugc_picks_only = True

    class Meta:
        icon = "openquote"
        label = _("Featured UGC")
        template = "wagtail_ugc/display/featured_block.html"
        description = _(
            "One approved photo, video or review, shown large with its credit."
        )
        preview_template = PREVIEW_TEMPLATE

    def get_preview_value(self):
        # The submission a featured block would most likely show: the newest
        # featured one that is displayable, else the newest displayable one.
        value = self.get_default()
        value["submission"] = (
            Submission.objects.displayable()
            .order_by("-featured", "-submitted_at", "-pk")
            .first()
        )
        return value

    def get_preview_context(self, value, parent_context=None):
        return preview_context(
            super().get_preview_context(value, parent_context),
            empty=value["submission"] is None,
            placeholder=_(
                "An approved photo, video or review you choose will appear "
                "here, with its creator's credit."
            ),
        )

    def ugc_selection(self, value, page):
        """The chosen submission, of whatever kind; ``None`` if none is chosen."""
        chosen = value["submission"]
        if chosen is None:
            return None
        return GalleryQuery(
            source=Source.PICKED, kinds=ALL_KINDS, picked_ids=(chosen.pk,)
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        item = load_one(self.ugc_selection(value, parent_context.get("page")))
        items = [item] if item is not None else []
        decorate(items)
        for featured in items:
            featured.image_loading = "lazy"
        request = parent_context.get("request")
        attach_related_links(
            items,
            page=parent_context.get("page"),
            request=request,
            show=value["show_related_link"],
        )
        if item is not None and item.kind == Kind.REVIEW:
            graph = None
        else:
            graph = jsonld.gallery_graph(items, request)
        context.update(
            {
                "dom_id": f"ugc-{block_key(value, parent_context, self)}",
                "item": item,
                "featured_options": {"lightbox": True, "show_captions": True},
                "sizes": "(min-width: 48em) 40rem, 100vw",
                "json_ld": jsonld.json_ld_script(graph),
                "include_assets": include_assets_once(parent_context),
                "engagement": block_engagement(
                    parent_context.get("page"), items, request
                ),
            }
        )
        return context


class UGCReviewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"), required=False, max_length=120, default=_("Reviews")
    )
    source = blocks.ChoiceBlock(
        label=_("Show"),
        choices=[
            choice
            for choice in Source.CHOICES
            if choice[0] in (Source.ALL, Source.CAMPAIGN, Source.THIS_PAGE)
        ],
        default=Source.ALL,
    )
    campaign = CampaignChooserBlock(
        label=_("Campaign"),
        required=False,
        help_text=_('Used when "Show" is "A campaign".'),
    )
    max_items = blocks.IntegerBlock(
        label=_("Reviews shown"), default=6, min_value=1, max_value=50
    )
    order = blocks.ChoiceBlock(
        label=_("Order"), choices=Order.CHOICES, default=Order.FEATURED
    )
    statement = blocks.TextBlock(
        label=_("How reviews are checked"),
        default=DEFAULT_REVIEWS_STATEMENT,
        help_text=_(
            "Shown with the reviews. Consumer law in the EU asks sites to say "
            "whether and how they check that reviews come from real customers."
        ),
    )
    reviewed_item_type = blocks.ChoiceBlock(
        label=_("What is reviewed"),
        choices=REVIEWED_ITEM_TYPES,
        default="Product",
        help_text=_("For search engines."),
    )
    reviewed_item_name = blocks.CharBlock(
        label=_("Name of what is reviewed"),
        required=False,
        help_text=_("Empty: the page title."),
    )
    show_related_link = show_related_link_block()

    #: As the gallery's ``source_needs``.
    source_needs = {Source.CAMPAIGN: ("campaign", _("Choose a campaign."))}

    class Meta:
        icon = "pick"
        label = _("UGC reviews")
        template = "wagtail_ugc/display/reviews_block.html"
        description = _(
            "Approved reviews with their star ratings and average, and how "
            "reviews are checked."
        )
        preview_template = PREVIEW_TEMPLATE

    def get_preview_context(self, value, parent_context=None):
        return preview_context(
            super().get_preview_context(value, parent_context),
            empty=not selected(self.ugc_selection(value, None)).exists(),
            placeholder=_(
                "Approved reviews will appear here, with their average rating."
            ),
        )

    def clean(self, value):
        value = super().clean(value)
        if error := source_needs_error(self, value):
            raise error
        return value

    def ugc_selection(self, value, page):
        """The reviews this block on ``page`` selects: its rendering and "where is it used" both ask."""
        return GalleryQuery(
            source=value["source"],
            kinds=(Kind.REVIEW,),
            order=value["order"],
            **source_fields(value["source"], campaign=value["campaign"], page=page),
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        page = parent_context.get("page")
        reviews, summary = load_reviews(
            self.ugc_selection(value, page), limit=value["max_items"] or 6
        )
        decorate(reviews)
        attach_related_links(
            reviews,
            page=page,
            request=parent_context.get("request"),
            show=value["show_related_link"],
        )
        item_name = value["reviewed_item_name"] or getattr(page, "title", "")
        average = summary["average"]
        context.update(
            {
                "dom_id": f"ugc-{block_key(value, parent_context, self)}",
                "reviews": reviews,
                "review_count": summary["count"],
                "average": round(average, 1) if average is not None else None,
                "average_star_text": stars(round(average or 0)),
                "json_ld": jsonld.json_ld_script(
                    jsonld.reviews_graph(
                        reviews,
                        summary,
                        item_type=value["reviewed_item_type"],
                        item_name=item_name,
                    )
                ),
                "include_assets": include_assets_once(parent_context),
                "engagement": block_engagement(
                    page, reviews, parent_context.get("request")
                ),
            }
        )
        return context


class SourceBlockAdapter(StructBlockAdapter):
    """The editor of a block with a "Show" source shows only the fields that source needs."""

    js_constructor = "wagtail_ugc.blocks.SourceBlock"

    def js_args(self, block):
        name, children, meta = super().js_args(block)
        meta["ugcSourceFields"] = {
            source: [field] for source, (field, _message) in block.source_needs.items()
        }
        return [name, children, meta]

    @cached_property
    def media(self):
        return super().media + forms.Media(
            js=[versioned_static("wagtail_ugc/admin/source-block.js")]
        )


register(SourceBlockAdapter(), UGCGalleryBlock)
register(SourceBlockAdapter(), UGCReviewsBlock)
