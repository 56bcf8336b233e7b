"""Each gallery item's HTML and JSON-LD, kept in Django's cache under a key made of everything it shows.

Which items a gallery shows is decided afresh on every request
(``loading.py``, through the displayable rule: invariant 1 in
docs/architecture.md); only what each selected item looks like is reused.
Its key is a hash of what the item is made from, read from the rows that
very selection loaded: the submission's row, its public photos, their images
and renditions, the link to its related page (title and URL, or none), the
block options the item template receives, the language and time zone, the
address JSON-LD links are made absolute with, the licence settings, the
source of the item templates and the package's version. A new credit, alt
text, rendition, related page title or URL, option, language or template is
a new key, so a fragment can never be shown stale and nothing needs
invalidating; a withdrawn or expired item is simply not selected. A gallery
costs at most two cache round trips, whatever its size: one ``get_many``
and, for items not found, one ``set_many``.
"""

import functools
import hashlib
import logging

import wagtail
from django.core.cache import caches
from django.db.models.fields.files import FieldFile
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from .. import __version__
from ..conf import ugc_settings
from ..mail import absolute_url
from . import jsonld
from .loading import prepare_for_display

logger = logging.getLogger(__name__)

#: Raise when what an item shows is derived differently from the same rows
#: within one package version.
FORMAT = 1

ITEM_TEMPLATE = "wagtail_ugc/display/item.html"

#: The templates one item is rendered from; a change to any of them (an
#: override included) changes every key.
ITEM_TEMPLATES = (
    ITEM_TEMPLATE,
    "wagtail_ugc/display/photo.html",
    "wagtail_ugc/display/video.html",
    "wagtail_ugc/display/review.html",
    "wagtail_ugc/display/credit.html",
    "wagtail_ugc/display/stars.html",
    "wagtail_ugc/display/featured_label.html",
    "wagtail_ugc/display/related_link.html",
    "wagtail_ugc/display/permalink.html",
)

#: The gallery block's options ``item.html`` receives as ``value``: the only
#: ones an item's markup may depend on.
ITEM_OPTIONS = ("layout", "show_captions", "show_credits", "lightbox")

KEY_PREFIX = "wagtail_ugc:item:"


def fragment_cache():
    """The cache of rendered items, or ``None`` when ``FRAGMENT_CACHE`` is off."""
    alias = ugc_settings.FRAGMENT_CACHE
    return caches[alias] if alias else None


def render_items(items, *, options, sizes, request):
    """Give each item its rendered ``fragment``, from the cache where it is there.

    ``options`` are the block's ``ITEM_OPTIONS``. Returns the items' JSON-LD
    objects, in order, for ``jsonld.graph_of()``.
    """
    cache = fragment_cache()
    keys = item_keys(items, options, sizes, request) if cache else [None] * len(items)
    found = cache_call(cache, "get_many", keys) if cache else {}
    template = None
    new = {}
    objects = []
    for item, key in zip(items, keys, strict=True):
        html, item_objects = found.get(key) or (None, None)
        if html is None:
            prepare_for_display([item])
            template = template or get_template(ITEM_TEMPLATE)
            html = template.render({"item": item, "value": options, "sizes": sizes})
            item_objects = jsonld.item_objects(item, request)
            if key:
                new[key] = (str(html), item_objects)
        item.fragment = mark_safe(html)  # noqa: S308 - rendered by an autoescaping template
        objects.extend(item_objects)
    if new:
        cache_call(cache, "set_many", new, ugc_settings.FRAGMENT_CACHE_TIMEOUT)
    return objects


def item_keys(items, options, sizes, request):
    """The cache key of each item: a hash of everything its HTML and JSON-LD are made from."""
    shared = digest(
        (
            FORMAT,
            __version__,
            wagtail.__version__,
            get_language(),
            get_current_timezone_name(),
            [options[name] for name in ITEM_OPTIONS],
            sizes,
            absolute_url("/", request),
            sorted(ugc_settings.LICENCE_URLS.items()),
            ugc_settings.ACQUIRE_LICENCE_URL,
            [template_source(name) for name in ITEM_TEMPLATES],
        )
    )
    return [KEY_PREFIX + digest((shared, item_state(item))) for item in items]


def item_state(item):
    """What one item is made from, as the selection loaded it."""
    photos = [
        (row_state(photo), row_state(photo.image), photo.image.rendition_rows)
        for photo in getattr(item, "public_photos", ())
    ]
    # The related page's id, title and URL, or None when no link is shown.
    related_link = getattr(item, "related_link", None)
    # Its own page's path, which moves with the URLs the site includes.
    permalink = getattr(item, "permalink", "")
    return (row_state(item), item.image_loading, photos, related_link, permalink)


def row_state(instance):
    """The values of a model instance's loaded columns (file fields by name)."""
    data = instance.__dict__
    values = [data.get(name) for name in columns(type(instance))]
    return [value.name if isinstance(value, FieldFile) else value for value in values]


@functools.cache
def columns(model):
    return tuple(field.attname for field in model._meta.concrete_fields)


def template_source(name):
    """The source of the template ``name`` resolves to, which an override replaces."""
    template = get_template(name)
    return getattr(getattr(template, "template", template), "source", name)


def digest(material):
    text = repr(material).encode("utf-8", "backslashreplace")
    return hashlib.sha256(text).hexdigest()


def cache_call(cache, method, *args):
    """A cache call whose failure only costs speed: the gallery is rendered without it."""
    try:
        return getattr(cache, method)(*args) or {}
    except Exception:  # noqa: BLE001 - any cache backend's connection errors
        logger.warning("The gallery fragment cache failed on %s", method, exc_info=True)
        return {}
