"""Per-IP and per-e-mail submission limits, counted in Django's cache (Redis in production).

A fixed one-hour window per key. Keys hold a salted hash, never the address
itself, so the cache holds no personal data.
"""

import time

from django.core.cache import caches

from ..conf import ugc_settings
from ..hashing import keyed_hash

WINDOW_SECONDS = 3600


def client_ip(request):
    """The client address as Django sees it; put a trusted proxy's header into REMOTE_ADDR upstream."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(kind, value):
    window = int(time.time() // WINDOW_SECONDS)
    return f"wagtail_ugc:ratelimit:{kind}:{keyed_hash(kind + ':' + value)}:{window}"


def _cache():
    return caches[ugc_settings.RATE_LIMIT_CACHE]


def _limits(request, email):
    limits = [("ip", client_ip(request), ugc_settings.RATE_LIMIT_PER_IP)]
    if email:
        limits.append(
            ("email", email.strip().lower(), ugc_settings.RATE_LIMIT_PER_EMAIL)
        )
    return limits


def is_rate_limited(request, email=None):
    """Whether this IP (and e-mail, if given) has used up its submissions this hour."""
    cache = _cache()
    return any(
        (cache.get(_key(kind, value)) or 0) >= limit
        for kind, value, limit in _limits(request, email)
    )


def count_submission(request, email):
    """Count one accepted submission against the IP and the e-mail address."""
    cache = _cache()
    for kind, value, _limit in _limits(request, email):
        key = _key(kind, value)
        cache.add(key, 0, WINDOW_SECONDS + 60)
        try:
            cache.incr(key)
        except ValueError:
            # Evicted between add and incr: start again at one.
            cache.set(key, 1, WINDOW_SECONDS + 60)


def retry_after_seconds():
    return WINDOW_SECONDS - int(time.time() % WINDOW_SECONDS)
