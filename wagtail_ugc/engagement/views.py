"""The beacon endpoints: ``beacon`` (POST, from gallery.js) and ``seen`` (the image of ``<noscript>``).

Both are cheap: no database query, a few cache operations, never cached, no
cookie read or set. Obvious bots and requests from other sites are answered
like any other (204, or the image) and counted nowhere, so they learn
nothing; a token that cannot be trusted, an item it does not name or a body
that cannot be read is a 4xx and counts nothing. See docs/engagement.md.
"""

import base64
import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from ..conf import ugc_settings
from ..intake.origin import browser_says_same_origin, is_trusted_origin
from . import counting, tokens

#: Largest beacon body read, in bytes.
MAX_BODY_BYTES = 16 * 1024
#: Most tokens and events one beacon may carry.
MAX_BATCHES = 20
MAX_EVENTS = 500

#: A transparent 1×1 GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


class Refused(Exception):
    def __init__(self, status, message):
        self.status = status
        self.message = message


def refusal(status, message):
    return HttpResponse(
        message, status=status, content_type="text/plain; charset=utf-8"
    )


def is_ignored(request, *, needs_origin):
    """A bot, or not from one of this site's pages: answered as usual, counted nowhere."""
    if counting.is_bot(request.headers.get("User-Agent", "")):
        return True
    if needs_origin:
        # sendBeacon always sends Origin; a script elsewhere cannot fake it.
        origin = request.headers.get("Origin")
        fetch_site = request.headers.get("Sec-Fetch-Site", "same-origin")
        return not (origin and is_trusted_origin(request, origin)) or (
            fetch_site != "same-origin"
        )
    return not browser_says_same_origin(request)


def read_token(value):
    try:
        return tokens.read(value)
    except tokens.ExpiredToken as error:
        raise Refused(410, _("This page is too old to count; reload it.")) from error
    except tokens.BadToken as error:
        raise Refused(403, _("This token was not issued by this site.")) from error


def read_beacon(body):
    """``[(token, [(event, item id), …]), …]`` from a beacon's JSON body, every item checked against its token.

    The body is ``[{"t": token, "e": [[event, item id], …]}, …]``.
    """
    garbled = Refused(400, _("This beacon cannot be read."))
    try:
        batches = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        # RecursionError: deeply nested brackets, which json gives up on.
        raise garbled from error
    if not isinstance(batches, list) or not 0 < len(batches) <= MAX_BATCHES:
        raise garbled
    read = []
    total = 0
    for batch in batches:
        if not isinstance(batch, dict) or not isinstance(batch.get("e"), list):
            raise garbled
        token = read_token(batch.get("t"))
        events = []
        for entry in batch["e"]:
            if not (
                isinstance(entry, list)
                and len(entry) == 2
                and entry[0] in counting.EVENTS
                and type(entry[1]) is int
            ):
                raise garbled
            if entry[1] not in token.item_ids:
                raise Refused(400, _("This item was not shown with this token."))
            events.append((entry[0], entry[1]))
        total += len(events)
        if total > MAX_EVENTS:
            raise garbled
        read.append((token, events))
    return read


# CSRF-exempt on purpose: a beacon reads and sets no cookie and changes no
# one's data; what it may count is authorised by the signed token it carries
# (and by the Origin check), not by a session.
@csrf_exempt
@never_cache
@require_POST
def beacon(request):
    """Count the impressions and clicks gallery.js batches up; always 204 unless refused."""
    if not ugc_settings.ENGAGEMENT_COUNTS or is_ignored(request, needs_origin=True):
        return HttpResponse(status=204)
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        return refusal(413, _("This beacon is too large."))
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return refusal(413, _("This beacon is too large."))
    try:
        batches = read_beacon(body)
    except Refused as refused:
        return refusal(refused.status, refused.message)
    for token, events in batches:
        counting.count(token, events, request)
    return HttpResponse(status=204)


@never_cache
@require_GET
def seen(request):
    """With JS off, a block's ``<noscript>`` image: every item of its token was shown."""
    if not ugc_settings.ENGAGEMENT_COUNTS or is_ignored(request, needs_origin=False):
        return HttpResponse(PIXEL, content_type="image/gif")
    try:
        token = read_token(request.GET.get("t"))
    except Refused as refused:
        return refusal(refused.status, refused.message)
    counting.count(
        token, [("impression", item_id) for item_id in sorted(token.item_ids)], request
    )
    return HttpResponse(PIXEL, content_type="image/gif")
