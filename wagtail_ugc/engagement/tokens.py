"""The signed token a gallery hands its beacons: which items one rendered block may count, on which page.

Pages are cached whole (``wagtail_ugc.pagecache``) and each item's HTML is
cached on its own (``display/fragments.py``), so the token is made per
block, never per item: it sits on the block's element and on each "load
more" page, and the cached item fragments stay the same for everyone.

A token is Django's ``TimestampSigner`` (a salt of its own) over the page id
and the ids of the submissions that block rendered; the signer adds the
time it was issued. It is accepted for ``ENGAGEMENT_TOKEN_MAX_AGE`` seconds,
which must outlast the page cache (``checks.py``). Every visitor of a cached
page gets the same token, so the replay rule is per token *and* client
(``counting.py``). See docs/engagement.md.
"""

from dataclasses import dataclass

from django.core import signing
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from ..conf import ugc_settings

SALT = "wagtail_ugc.engagement.token"

#: Longest token read: a block of 100 items with large ids stays well under it.
MAX_TOKEN_LENGTH = 2000


class BadToken(Exception):
    """Not a token this site issued: garbled, forged, or from another page."""


class ExpiredToken(BadToken):
    """A token this site issued, older than ``ENGAGEMENT_TOKEN_MAX_AGE``."""


@dataclass(frozen=True)
class Token:
    page_id: int
    item_ids: frozenset
    issued_at: float
    #: The signature: unique to this page, these items and this second.
    signature: str

    def expires_in(self, now=None):
        """Seconds until the token is no longer accepted (at least 1)."""
        now = (now or timezone.now()).timestamp()
        return max(1, int(self.issued_at + ugc_settings.ENGAGEMENT_TOKEN_MAX_AGE - now))


def _signer():
    return signing.TimestampSigner(salt=SALT)


def issue(page_id, item_ids):
    """A token for ``item_ids`` (submission ids) rendered on the page ``page_id``."""
    value = ".".join(str(int(pk)) for pk in (page_id, *item_ids))
    return _signer().sign(value)


def read(token):
    """The ``Token`` in ``token``; ``BadToken`` or ``ExpiredToken`` if it cannot be trusted."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadToken
    try:
        value = _signer().unsign(token, max_age=ugc_settings.ENGAGEMENT_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise BadToken from error
    # Signed by us, so well formed; parsed carefully all the same.
    try:
        page_id, *item_ids = (int(part) for part in value.split("."))
        _value, stamp, signature = token.rsplit(":", 2)
        issued_at = signing.b62_decode(stamp)
    except ValueError as error:
        raise BadToken from error
    return Token(page_id, frozenset(item_ids), issued_at, signature)


def block_engagement(page, items, request):
    """What a block's template needs to count ``items`` on ``page``, or ``None`` when nothing may count.

    Not for previews (an editor looking is no impression), not without a
    saved page, not when ``ENGAGEMENT_COUNTS`` is off or the package's URLs
    are not installed.
    """
    if not ugc_settings.ENGAGEMENT_COUNTS or not items:
        return None
    if getattr(page, "pk", None) is None or getattr(request, "is_preview", False):
        return None
    try:
        beacon_url = reverse("wagtail_ugc:engagement_beacon")
        seen_url = reverse("wagtail_ugc:engagement_seen")
    except NoReverseMatch:
        return None
    token = issue(page.pk, [item.pk for item in items])
    return {
        "token": token,
        "beacon_url": beacon_url,
        "seen_url": f"{seen_url}?{urlencode({'t': token})}",
    }
