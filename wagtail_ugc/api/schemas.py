"""What the read API accepts and returns: every field named, so nothing else can leave.

The response schemas list each public field; a query parameter cannot add
one (there is no ``fields=``), and private fields (creator, e-mail, source,
files, moderation and rights details) are in no schema.
"""

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from ..models.choices import Kind

#: The most items one page may hold.
MAX_LIMIT = 100
#: The furthest offset a page may start at (a guard against absurd offsets).
MAX_OFFSET = 1_000_000
#: The largest id a filter accepts (PostgreSQL's ``integer``).
MAX_ID = 2**31 - 1

KindName = Literal[tuple(kind.value for kind in Kind)]  # type: ignore[valid-type]


class ItemQuery(Schema):
    """The query parameters of the list. Any other parameter is ignored."""

    campaign: int | None = Field(None, ge=1, le=MAX_ID, description="A campaign id.")
    tag: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        # No control characters: PostgreSQL refuses NUL in a query.
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="A tag's slug or name.",
    )
    related_page: int | None = Field(
        None, ge=1, le=MAX_ID, description="The id of the page items are about."
    )
    kind: KindName | None = None
    order: Literal["newest", "oldest"] = "newest"
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class LicenceOut(Schema):
    code: str
    label: str
    url: str | None


class CampaignOut(Schema):
    id: int
    title: str
    slug: str


class RelatedPageOut(Schema):
    id: int
    title: str
    url: str


class RenditionOut(Schema):
    spec: str
    url: str
    width: int
    height: int


class PhotoOut(Schema):
    id: UUID
    alt: str
    renditions: list[RenditionOut]


class VideoOut(Schema):
    url: str
    provider: str


class ItemOut(Schema):
    id: UUID
    kind: KindName
    text: str
    rating: int | None
    credit_line: str
    credit_url: str | None
    licence: LicenceOut
    campaign: CampaignOut | None
    tags: list[str]
    related_page: RelatedPageOut | None
    photos: list[PhotoOut]
    video: VideoOut | None
    language: str
    featured: bool
    submitted_at: datetime
    approved_at: datetime | None
    item_url: str | None


class ItemList(Schema):
    count: int
    items: list[ItemOut]
