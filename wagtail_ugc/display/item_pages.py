"""Each displayable item's own page (its permalink), and 410 Gone once it was withdrawn or erased.

Only ``Submission.objects.displayable()`` decides whether the page exists
(invariant 1 in docs/architecture.md). An item that was once public and has
since been withdrawn or erased answers 410 Gone, so search engines drop it;
anything else that is not displayable (pending, rejected, expired,
unpublished, never existed) answers the site's plain 404, the same for all,
so the answer tells nothing. The page cache may keep the page like any other;
``cache_purge`` purges it whenever the item stops being displayable.

Absolute URLs (the canonical link, OpenGraph, JSON-LD) are built from the
Wagtail Site's root URL, never from the request's Host header.
"""

from dataclasses import dataclass
from urllib.parse import urljoin

from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Site

from ..licensing import tdm_reservation_header
from ..links import item_path
from ..mail import site_base_url
from ..models import ErasedSubmission, Submission
from ..models.choices import Kind
from ..models.usage import pages_showing
from ..pages import render_page, site_frame
from . import jsonld
from .loading import (
    attach_related_links,
    attach_renditions,
    prepare_for_display,
    with_public_media,
)
from .presentation import decorate

TEMPLATE = "wagtail_ugc/display/item_page.html"
GONE_TEMPLATE = "wagtail_ugc/display/item_gone.html"

#: ``sizes`` of the item's photo, as a featured block shows it.
PHOTO_SIZES = "(min-width: 48em) 40rem, 100vw"


class SiteAddresses:
    """Absolute URLs from the Site's root URL, never from the request's Host.

    The JSON-LD helpers take it where they take a request: they only call
    ``build_absolute_uri``.
    """

    def __init__(self, root_url):
        self.root_url = root_url.rstrip("/") + "/"

    def build_absolute_uri(self, location):
        return urljoin(self.root_url, location)  # full URLs come back unchanged


@dataclass(frozen=True)
class PageLink:
    title: str
    url: str


def site_root(request):
    """The root URL of the Wagtail Site this request is for, else the default one's."""
    site = Site.find_for_request(request)
    return site.root_url if site is not None else site_base_url()


def load_item(uuid, request):
    """The displayable submission ``uuid`` with its media, ready for the templates; else ``None``."""
    queryset = Submission.objects.displayable().filter(uuid=uuid)
    item = with_public_media(queryset.select_related("campaign")).first()
    if item is None:
        return None
    attach_renditions([item])
    prepare_for_display([item])
    decorate([item])
    attach_related_links([item], request=request)
    item.image_loading = "eager"
    return item


def is_gone(uuid):
    """Whether ``uuid`` was a public item that its creator withdrew or that was erased."""
    withdrawn = Submission.objects.filter(
        uuid=uuid, withdrawn_at__isnull=False, first_published_at__isnull=False
    )
    return withdrawn.exists() or ErasedSubmission.objects.filter(uuid=uuid).exists()


def item_title(item):
    names = {
        Kind.PHOTO: _("Photo by %(credit)s"),
        Kind.VIDEO: _("Video by %(credit)s"),
        Kind.REVIEW: _("Review by %(credit)s"),
    }
    return names.get(item.kind, names[Kind.PHOTO]) % {"credit": item.credit_text}


def share_image(item, addresses):
    """The large rendition of the first photo, for OpenGraph and Twitter cards; ``None`` without one."""
    photos = getattr(item, "public_photos", ())
    if not photos:
        return None
    photo = photos[0]
    rendition = photo.full_rendition
    return {
        "url": addresses.build_absolute_uri(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": getattr(photo, "display_alt", ""),
    }


def item_graph(item, canonical_url, addresses):
    """The JSON-LD the gallery writes for the item, naming this page as its own."""
    if item.kind == Kind.REVIEW:
        objects = [jsonld.review_object(item)]
        link = item.related_link
        if link is not None:
            objects[0]["itemReviewed"] = {
                "@type": "Thing",
                "name": link.title,
                "url": addresses.build_absolute_uri(link.url),
            }
    else:
        objects = jsonld.item_objects(item, addresses)
    for data in objects:
        if "creator" in data:
            data.setdefault("author", data["creator"])
        data["url"] = canonical_url
        data["mainEntityOfPage"] = canonical_url
    return jsonld.graph_of(objects)


def appears_on(item, request):
    """The live pages that show the item now, linked."""
    links = []
    for page in pages_showing(item):
        url = page.get_url(request)
        if url:
            links.append(PageLink(page.title, url))
    return links


@require_safe
def item_view(request, uuid):
    item = load_item(uuid, request)
    if item is None:
        if is_gone(uuid):
            return render_page(request, GONE_TEMPLATE, status=410)
        raise Http404
    addresses = SiteAddresses(site_root(request))
    canonical_url = addresses.build_absolute_uri(item_path(item.uuid))
    title = item_title(item)
    image = share_image(item, addresses)
    context = {
        "item": item,
        "page_title": title,
        "description": Truncator(" ".join(item.text.split()) or title).chars(200),
        "canonical_url": canonical_url,
        "share_image": image,
        "twitter_card": "summary_large_image" if image else "summary",
        "media_options": {"lightbox": True, "show_captions": True},
        "sizes": PHOTO_SIZES,
        "json_ld": jsonld.json_ld_script(item_graph(item, canonical_url, addresses)),
        "appears_on": appears_on(item, request),
        "ugc_frame": site_frame(with_head=True),
        "include_assets": True,
    }
    response = render(request, TEMPLATE, context)
    # The canonical link in a header too: the site's <head> may have no block for it.
    response["Link"] = f'<{canonical_url}>; rel="canonical"'
    # W3C TDM Reservation Protocol: text and data mining reserved unless the
    # creator granted the AI-training use.
    tdm_reservation_header(response, reserved=not item.allows_ai_training)
    # Shared caches (the page cache, a CDN) may keep it: it is purged when
    # the item stops being displayable (cache_purge).
    patch_cache_control(response, public=True)
    return response
