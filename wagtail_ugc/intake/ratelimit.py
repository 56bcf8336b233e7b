"""Per-IP and per-e-mail submission limits, counted in Django's cache (Redis in production).

A fixed one-hour window per key. Keys hold a salted hash, never the address
itself, so the cache holds no personal data.

A submission is counted before it is saved, with the cache's atomic
``incr``, and the count it gets decides: so overlapping posts can never
together pass the limit. Only a valid submission is counted (a form with
errors, spam or a forged post is not), and the count is given back if saving
it fails. ``incr`` is atomic on Redis, Memcached and the local-memory cache;
the database and file caches only read and write again, so use one of the
others (docs/intake.md, "Rate limits").
"""

import time

from django.core.cache import caches

from ..conf import ugc_settings
from ..hashing import client_ip, keyed_hash

WINDOW_SECONDS = 3600


def _key(kind, value):
    window = int(time.time() // WINDOW_SECONDS)
    return f"wagtail_ugc:ratelimit:{kind}:{keyed_hash(kind + ':' + value)}:{window}"


def _cache():
    return caches[ugc_settings.RATE_LIMIT_CACHE]


def _limits(request, email):
    limits = [("ip", client_ip(request) or "unknown", ugc_settings.RATE_LIMIT_PER_IP)]
    if email:
        limits.append(
            ("email", email.strip().lower(), ugc_settings.RATE_LIMIT_PER_EMAIL)
        )
    return limits


def is_rate_limited(request, email=None):
    """Whether this IP (and e-mail, if given) has used up its submissions this hour.

    Only a cheap early answer, before the upload is read; ``take()`` decides.
    """
    cache = _cache()
    return any(
        (cache.get(_key(kind, value)) or 0) >= limit
        for kind, value, limit in _limits(request, email)
    )


def take(request, email):
    """Count one submission against the IP and the e-mail address, if both have room.

    Returns the keys counted, for ``give_back()``; or ``None`` when either
    limit is used up, and then nothing stays counted.
    """
    taken = []
    for kind, value, limit in _limits(request, email):
        key, count = count_one(kind, value)
        taken.append(key)
        if count > limit:
            give_back(taken)
            return None
    return taken


def count_one(kind, value):
    """Count one more use by ``value`` (an address, say) of ``kind`` this hour.

    Returns the key and the count so far, this one included.
    """
    cache = _cache()
    key = _key(kind, value)
    cache.add(key, 0, WINDOW_SECONDS + 60)
    try:
        return key, cache.incr(key)
    except ValueError:
        # Evicted between add and incr: start again at one.
        cache.set(key, 1, WINDOW_SECONDS + 60)
        return key, 1


def give_back(keys):
    """Uncount what ``take()`` counted, for a submission that was not saved."""
    cache = _cache()
    for key in keys:
        try:
            cache.decr(key)
        except ValueError:
            pass  # expired meanwhile: nothing left to give back


def retry_after_seconds():
    return WINDOW_SECONDS - int(time.time() % WINDOW_SECONDS)
