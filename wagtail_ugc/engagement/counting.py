"""Counting beacons in the cache, and folding closed buckets of counts into ``EngagementDay`` rows exactly once.

A busy page sends many beacons, so a beacon never writes to the database.
Each count is an atomic ``incr`` in ``ENGAGEMENT_CACHE`` (Redis in
production), under a time bucket of ``ENGAGEMENT_BUCKET_SECONDS`` and the
day in the site's time zone. Django's cache cannot list keys, so each bucket
keeps its own registry: a sequence counter and one index key per counter it
holds, written by whichever request creates that counter (``cache.add``
decides, atomically, who that is). On Django's own Redis cache backend the
same keys are written with pipelines instead: a beacon costs two round trips
(its replay keys; its counters), two more when it created counters.

``fold()`` (``manage.py ugc_fold_engagement``, or its task) adds every
closed bucket to the daily rows. A bucket is folded in one transaction that
first inserts its ``EngagementFold`` row (the batch name is unique) and then
adds its counts: a second fold of the same bucket, at the same moment or
later, finds the row and adds nothing, and a fold killed midway rolls back
both. A bucket is folded only once the one after it has closed too, so a
request still counting into it is not cut off.

Replays: a client counts one (event, item) once per token. The key of that
rule is a keyed hash (``hashing.keyed_hash``) of the token's signature, the
client's address and user agent, the event and the item; it lives in the
cache and expires with the token (at most ``ENGAGEMENT_TOKEN_MAX_AGE``), so
nothing about a visitor is stored anywhere for longer, and never in the
database. See docs/engagement.md.
"""

import re
from datetime import date

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisSerializer
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from ..conf import ugc_settings
from ..hashing import client_ip, keyed_hash
from ..models import EngagementDay, EngagementFold, Submission

#: Beacon event names and the ``EngagementDay`` field each one counts.
EVENTS = {
    "impression": "impressions",
    "lightbox": "lightbox_opens",
    "link": "link_clicks",
    "credit": "credit_clicks",
}

PREFIX = "wagtail_ugc:engagement:"

#: How long unfolded counts wait in the cache for a fold (folds run every 5 minutes).
KEEP_SECONDS = 3 * 24 * 3600


def engagement_cache():
    return caches[ugc_settings.ENGAGEMENT_CACHE or ugc_settings.RATE_LIMIT_CACHE]


def bucket_seconds():
    return ugc_settings.ENGAGEMENT_BUCKET_SECONDS


def bucket_of(now):
    return int(now.timestamp()) // bucket_seconds()


def batch_name(bucket):
    # The bucket length is part of the name: a changed setting never meets old batches.
    return f"{bucket_seconds()}:{bucket}"


def _seq_key(bucket):
    return f"{PREFIX}seq:{batch_name(bucket)}"


def _index_key(bucket, number):
    return f"{PREFIX}idx:{batch_name(bucket)}:{number}"


def _counter_key(bucket, cell):
    return f"{PREFIX}n:{batch_name(bucket)}:{cell}"


# Who is counted ----------------------------------------------------------------


_bot_pattern = {}


def is_bot(user_agent):
    """An empty user agent, or one with a word of ``ENGAGEMENT_BOT_USER_AGENTS``."""
    if not user_agent:
        return True
    words = tuple(ugc_settings.ENGAGEMENT_BOT_USER_AGENTS)
    if words not in _bot_pattern:
        _bot_pattern.clear()
        alternatives = "|".join(re.escape(word) for word in words if word)
        _bot_pattern[words] = re.compile(alternatives or r"(?!)", re.IGNORECASE)
    return bool(_bot_pattern[words].search(user_agent))


# Counting -------------------------------------------------------------------------


def count(token, events, request, now=None):
    """Count each (event, item id) of ``events`` the client has not yet sent with ``token``.

    The caller has checked that every event is in ``EVENTS`` and every item
    in the token. Returns how many were counted.
    """
    now = now or timezone.now()
    cache = engagement_cache()
    redis = redis_client(cache)
    client = "|".join(
        (token.signature, client_ip(request), request.headers.get("User-Agent", ""))
    )
    pairs = list(dict.fromkeys(events))
    seen_keys = [
        PREFIX + "seen:" + keyed_hash(f"{client}|{event}|{item_id}")
        for event, item_id in pairs
    ]
    lifetime = token.expires_in(now)
    if redis is None:
        firsts = [cache.add(key, 1, lifetime) for key in seen_keys]
    else:
        firsts = _add_all_in_redis(cache, redis, seen_keys, lifetime)
    day = timezone.localdate(now).isoformat()
    cells = [
        f"{day}.{token.page_id}.{item_id}.{event}"
        for (event, item_id), first in zip(pairs, firsts, strict=True)
        if first
    ]
    if not cells:
        return 0
    bucket = bucket_of(now)
    if redis is None:
        for cell in cells:
            add_to_bucket(cache, bucket, cell, 1)
    else:
        _add_to_bucket_in_redis(cache, redis, bucket, cells)
    return len(cells)


def add_to_bucket(cache, bucket, cell, amount):
    """Add ``amount`` to the counter of ``cell`` in ``bucket``, registering the counter if it is new."""
    key = _counter_key(bucket, cell)
    if cache.add(key, 0, KEEP_SECONDS):
        # This request created the counter: it enters it in the bucket's index.
        seq_key = _seq_key(bucket)
        cache.add(seq_key, 0, KEEP_SECONDS)
        number = _incr(cache, seq_key, 1)
        cache.set(_index_key(bucket, number), cell, KEEP_SECONDS)
    _incr(cache, key, amount)


def _incr(cache, key, amount):
    try:
        return cache.incr(key, amount)
    except ValueError:
        # Evicted between add and incr: start again from this amount.
        cache.set(key, amount, KEEP_SECONDS)
        return amount


# Counting on Redis in a few round trips ----------------------------------------------


def redis_client(cache):
    """The redis-py client under Django's own Redis cache backend; ``None`` for any other cache.

    Through Django's cache API a beacon of 12 events costs about 50 round
    trips (``add``, and ``incr`` is EXISTS then INCRBY); pipelines of the same
    commands on the same keys cost 2 to 4. Django has no public way to the
    client: ``RedisCache._cache`` and its ``get_client(key, write=True)`` and
    ``_serializer`` are private (the same in Django 5.2 and 6.0). Only the
    built-in backend with its own serializer (integers stored as plain numbers,
    which ``incr`` and the fold's ``get_many`` read) qualifies; if those
    attributes are gone, counting takes the cache API.
    """
    if type(cache) is not RedisCache:
        return None
    backend = getattr(cache, "_cache", None)
    if type(getattr(backend, "_serializer", None)) is not RedisSerializer:
        return None
    get_client = getattr(backend, "get_client", None)
    return None if get_client is None else get_client(None, write=True)


def _add_all_in_redis(cache, redis, keys, timeout):
    """``cache.add(key, 1, timeout)`` for each key in one round trip: whether each was new."""
    pipeline = redis.pipeline(transaction=False)
    for key in keys:
        pipeline.set(cache.make_and_validate_key(key), 1, ex=timeout, nx=True)
    return [bool(done) for done in pipeline.execute()]


def _add_to_bucket_in_redis(cache, redis, bucket, cells):
    """``add_to_bucket(cache, bucket, cell, 1)`` for each cell, in one round trip, two more for new counters."""
    # One transaction: no counter can expire or be evicted between its SET and its INCRBY.
    pipeline = redis.pipeline()
    for cell in cells:
        key = cache.make_and_validate_key(_counter_key(bucket, cell))
        pipeline.set(key, 0, ex=KEEP_SECONDS, nx=True)
        pipeline.incrby(key, 1)
    created = pipeline.execute()[::2]
    new = [cell for cell, first in zip(cells, created, strict=True) if first]
    if not new:
        return
    # This request created these counters: it enters them in the bucket's index.
    seq_key = cache.make_and_validate_key(_seq_key(bucket))
    pipeline = redis.pipeline()
    pipeline.set(seq_key, 0, ex=KEEP_SECONDS, nx=True)
    pipeline.incrby(seq_key, len(new))
    last = pipeline.execute()[1]
    first_number = last - len(new) + 1
    cache.set_many(
        {
            _index_key(bucket, number): cell
            for number, cell in enumerate(new, start=first_number)
        },
        KEEP_SECONDS,
    )


# Folding --------------------------------------------------------------------------


def fold(now=None):
    """Fold every closed, unfolded bucket of the last ``KEEP_SECONDS`` into ``EngagementDay``.

    Returns ``{"buckets": folded buckets, "counts": counts added}``.
    """
    now = now or timezone.now()
    cache = engagement_cache()
    last = bucket_of(now) - 2  # closed, and the one after it closed too
    first = last - KEEP_SECONDS // bucket_seconds()
    buckets = range(first, last + 1)
    sizes = cache.get_many([_seq_key(bucket) for bucket in buckets])
    pending = [bucket for bucket in buckets if sizes.get(_seq_key(bucket))]
    done = set(
        EngagementFold.objects.filter(
            batch__in=[batch_name(bucket) for bucket in pending]
        ).values_list("batch", flat=True)
    )
    result = {"buckets": 0, "counts": 0}
    for bucket in pending:
        if batch_name(bucket) in done:
            continue
        added = fold_bucket(cache, bucket, sizes[_seq_key(bucket)])
        if added is not None:
            result["buckets"] += 1
            result["counts"] += added
    return result


def fold_bucket(cache, bucket, size):
    """Add one bucket's counts in one transaction with its ``EngagementFold`` row; ``None`` if already folded."""
    index_keys = [_index_key(bucket, number) for number in range(1, size + 1)]
    with transaction.atomic():
        try:
            with transaction.atomic():
                # First, so a concurrent fold of this bucket waits here and then finds it.
                EngagementFold.objects.create(batch=batch_name(bucket))
        except IntegrityError:
            return None
        cells = [cell for cell in cache.get_many(index_keys).values() if cell]
        counter_keys = {_counter_key(bucket, cell): cell for cell in cells}
        amounts = {
            counter_keys[key]: value
            for key, value in cache.get_many(list(counter_keys)).items()
            if value
        }
        added = add_to_days(amounts)
        keys = [_seq_key(bucket), *index_keys, *counter_keys]
        # The cache is only tidied: the fold row alone decides that this bucket is done.
        transaction.on_commit(lambda: cache.delete_many(keys))
    return added


def add_to_days(amounts):
    """Add ``{"day.page.item.event": amount}`` to ``EngagementDay`` rows, creating missing rows.

    Counts for submissions or pages deleted since are dropped; a row's
    campaign is its submission's.
    """
    totals = {}
    for cell, amount in amounts.items():
        day, page_id, item_id, event = cell.split(".")
        row = totals.setdefault(
            (date.fromisoformat(day), int(page_id), int(item_id)), {}
        )
        row[EVENTS[event]] = row.get(EVENTS[event], 0) + amount
    campaigns = dict(
        Submission.objects.filter(
            pk__in={item_id for _day, _page, item_id in totals}
        ).values_list("pk", "campaign_id")
    )
    pages = set(
        Page.objects.filter(pk__in={page for _day, page, _item in totals}).values_list(
            "pk", flat=True
        )
    )
    totals = {
        key: row
        for key, row in totals.items()
        if key[2] in campaigns and key[1] in pages
    }
    EngagementDay.objects.bulk_create(
        [
            EngagementDay(
                day=day,
                page_id=page_id,
                submission_id=item_id,
                campaign_id=campaigns[item_id],
            )
            for day, page_id, item_id in totals
        ],
        ignore_conflicts=True,
    )
    for (day, page_id, item_id), row in totals.items():
        EngagementDay.objects.filter(
            day=day, page_id=page_id, submission_id=item_id
        ).update(**{field: F(field) + amount for field, amount in row.items()})
    return sum(sum(row.values()) for row in totals.values())
