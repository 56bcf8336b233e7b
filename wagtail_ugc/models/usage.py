"""Where is it used? The live pages whose UGC blocks select a submission.

A UGC block is any StreamField block with a ``ugc_selection(value, page)``
method returning a ``selection.GalleryQuery`` (the gallery, reviews and
featured blocks have one). Whether it selects a submission is answered by
``selection.selected()``, the same SQL the gallery loader shows, so "where is
it used" cannot disagree with what a page shows. This module knows the blocks
only by that method: the models layer imports no stage.

Candidates are the live pages that Wagtail's reference index lists as
referencing the submission (hand-picked galleries, featured blocks) and every
live page of a type whose UGC blocks may select by source (all, a campaign,
tags, the page itself); each candidate's blocks are read to confirm.
"""

import functools

from django.contrib.contenttypes.models import ContentType
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page, ReferenceIndex, get_page_models

from .selection import selected


def is_ugc_block(block):
    return callable(getattr(block, "ugc_selection", None))


def selects_by_source(block):
    """Whether pages with this block must be read to know what it selects.

    A block marked ``ugc_picks_only`` names its submission, so the reference
    index finds its pages; any other UGC block may select by source.
    """
    return is_ugc_block(block) and not getattr(block, "ugc_picks_only", False)


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


def contains_block(block, wanted, seen=None):
    """Whether ``block`` or any block it may contain satisfies ``wanted``."""
    seen = seen if seen is not None else set()
    if id(block) in seen:
        return False
    seen.add(id(block))
    if wanted(block):
        return True
    children = []
    if isinstance(block, blocks.StreamBlock | blocks.StructBlock):
        children = block.child_blocks.values()
    elif isinstance(block, blocks.ListBlock):
        children = [block.child_block]
    return any(contains_block(child, wanted, seen) for child in children)


def stream_fields(model):
    return [f for f in model._meta.get_fields() if isinstance(f, StreamField)]


def page_models_with_source_galleries():
    """Page types with a UGC block that may select by source: any of their pages may show anything."""
    return [
        model
        for model in get_page_models()
        if any(
            contains_block(field.stream_block, selects_by_source)
            for field in stream_fields(model)
        )
    ]


def selections(page):
    """The ``GalleryQuery`` of every UGC block on ``page``."""
    for field in stream_fields(type(page)):
        stream = getattr(page, field.name)
        for block, value in iter_blocks(field.stream_block, stream):
            if value is not None and is_ugc_block(block):
                query = block.ugc_selection(value, page)
                if query is not None:
                    yield query


def referencing_page_ids(submission):
    page_type = ContentType.objects.get_for_model(Page)
    return {
        int(pk)
        for pk in ReferenceIndex.get_references_to(submission)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    }


def candidate_pages(submission):
    candidates = {}
    referenced = referencing_page_ids(submission)
    if referenced:
        for page in Page.objects.live().filter(pk__in=referenced).specific():
            candidates[page.pk] = page
    for model in page_models_with_source_galleries():
        for page in model.objects.live():
            candidates.setdefault(page.pk, page)
    return candidates.values()


def pages_selecting(submission):
    """Live pages whose UGC blocks pick or match ``submission``, whether or not it is displayable now.

    Used to purge front-end caches when an item stops being displayable.
    """

    # The same gallery on many pages is one query, asked once.
    @functools.cache
    def selects(query):
        return selected(query, displayable=False).filter(pk=submission.pk).exists()

    return sorted(
        (
            page
            for page in candidate_pages(submission)
            if any(selects(query) for query in selections(page))
        ),
        key=lambda page: page.path,
    )


def pages_showing(submission) -> list[Page]:
    """The live pages that show ``submission`` now (none unless it is displayable)."""
    if not submission.is_displayable():
        return []
    return pages_selecting(submission)
