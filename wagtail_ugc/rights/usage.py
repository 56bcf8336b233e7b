"""Where is it used? The pages whose UGC blocks show a submission.

Hand-picked galleries and featured blocks are found through Wagtail's
``ReferenceIndex``; galleries and review blocks that select by source (all,
a campaign, tags, the page itself) are matched against the submission. Only
live pages count, and each candidate page's blocks are read to confirm.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page, ReferenceIndex, get_page_models

from ..models.choices import Kind


def _display_blocks():
    from ..display.blocks import UGCFeaturedBlock, UGCGalleryBlock, UGCReviewsBlock

    return UGCGalleryBlock, UGCFeaturedBlock, UGCReviewsBlock


def iter_blocks(block, value):
    """Every (block, value) pair inside a block's value, depth first."""
    yield block, value
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from iter_blocks(child.block, child.value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from iter_blocks(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from iter_blocks(block.child_block, item)


def _contains_display_block(block, display_blocks, seen=None):
    seen = seen if seen is not None else set()
    if id(block) in seen:
        return False
    seen.add(id(block))
    if isinstance(block, display_blocks):
        return True
    children = []
    if isinstance(block, blocks.StreamBlock | blocks.StructBlock):
        children = block.child_blocks.values()
    elif isinstance(block, blocks.ListBlock):
        children = [block.child_block]
    return any(_contains_display_block(c, display_blocks, seen) for c in children)


def _stream_fields(model):
    return [f for f in model._meta.get_fields() if isinstance(f, StreamField)]


def page_models_with_source_galleries():
    """Page types with a gallery or reviews block: any of their pages may select by source."""
    gallery, _featured, reviews = _display_blocks()
    return [
        model
        for model in get_page_models()
        if any(
            _contains_display_block(field.stream_block, (gallery, reviews))
            for field in _stream_fields(model)
        )
    ]


def _tag_names(submission):
    if not hasattr(submission, "_ugc_tag_names"):
        submission._ugc_tag_names = {tag.name for tag in submission.tags.all()}
    return submission._ugc_tag_names


def block_selects(block, value, page, submission):
    """Whether this UGC block on ``page`` selects ``submission`` (displayability aside)."""
    from ..display.loading import Source

    gallery, featured, reviews = _display_blocks()
    if isinstance(block, featured):
        chosen = value.get("submission")
        return chosen is not None and chosen.pk == submission.pk
    if isinstance(block, gallery):
        kinds = set(value.get("kinds") or ())
    elif isinstance(block, reviews):
        kinds = {Kind.REVIEW.value}
    else:
        return False
    if submission.kind not in kinds:
        return False
    source = value.get("source")
    if source == Source.ALL:
        return True
    if source == Source.CAMPAIGN:
        return bool(submission.campaign_id) and (
            submission.campaign.slug == value.get("campaign")
        )
    if source == Source.TAGS:
        wanted = {t.strip() for t in (value.get("tags") or "").split(",") if t.strip()}
        return bool(wanted & _tag_names(submission))
    if source == Source.THIS_PAGE:
        return submission.related_page_id == page.pk
    if source == Source.PICKED:
        return any(
            item is not None and item.pk == submission.pk
            for item in value.get("items") or ()
        )
    return False


def page_selects(page, submission):
    display_blocks = _display_blocks()
    for field in _stream_fields(type(page)):
        stream = getattr(page, field.name)
        for block, value in iter_blocks(field.stream_block, stream):
            if isinstance(block, display_blocks) and block_selects(
                block, value, page, submission
            ):
                return True
    return False


def referencing_page_ids(submission):
    page_type = ContentType.objects.get_for_model(Page)
    return set(
        ReferenceIndex.get_references_to(submission)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )


def pages_selecting(submission):
    """Live pages whose UGC blocks pick or match ``submission``, whether or not it is displayable now.

    Used to purge front-end caches when an item stops being displayable.
    """
    candidates = {}
    referenced = [int(pk) for pk in referencing_page_ids(submission)]
    if referenced:
        for page in Page.objects.live().filter(pk__in=referenced).specific():
            candidates[page.pk] = page
    for model in page_models_with_source_galleries():
        for page in model.objects.live():
            candidates.setdefault(page.pk, page)
    return sorted(
        (page for page in candidates.values() if page_selects(page, submission)),
        key=lambda page: page.path,
    )


def pages_showing(submission) -> list[Page]:
    """The live pages that show ``submission`` now (none unless it is displayable)."""
    if not submission.is_displayable():
        return []
    return pages_selecting(submission)
