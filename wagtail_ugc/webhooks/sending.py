"""Sending deliveries: one attempt at a time, retried with backoff, never two at once.

An attempt first claims the delivery with a conditional update that pushes
``next_attempt_at`` a lease ahead (and counts the attempt): a second sender
finds it not due and leaves it, and a process killed mid-send leaves it due
again once the lease is over. The answer is written only while the lease
is still ours. 2xx is delivered; anything else (an error status, a
redirect, a timeout, a refused connection) is retried after the next of
``WEBHOOK_RETRY_DELAYS``, and after the last the delivery has failed.
"""

import json
import logging
import urllib.request
from datetime import timedelta
from http.client import HTTPException
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

from django.db.models import F, Q
from django.utils import timezone

from ..conf import ugc_settings
from ..models import WebhookDelivery
from .endpoints import secret_for
from .signing import sign

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status
#: Characters of a receiver's answer kept in the log with its status.
EXCERPT_CHARS = 200
#: Deliveries one run of the periodic sender attempts, at most.
BATCH_SIZE = 200
USER_AGENT = "wagtail-ugc-webhooks"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other non-2xx: not followed, retried."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def lease():
    """How long an attempt holds its delivery: well past the longest attempt."""
    return timedelta(seconds=2 * ugc_settings.WEBHOOK_TIMEOUT_SECONDS + 60)


def max_attempts():
    return len(ugc_settings.WEBHOOK_RETRY_DELAYS) + 1


def retry_delay(attempts):
    """The wait after the ``attempts``-th failed attempt; None after the last."""
    delays = ugc_settings.WEBHOOK_RETRY_DELAYS
    if attempts > len(delays):
        return None
    return timedelta(seconds=delays[attempts - 1])


def due(now=None):
    now = now or timezone.now()
    return WebhookDelivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        status__in=[Status.PENDING, Status.RETRYING],
    )


def claim(delivery_id, now):
    """Take the delivery for one attempt, if it is due and no one else has it; the lease's end."""
    held_until = now + lease()
    claimed = (
        due(now)
        .filter(pk=delivery_id)
        .update(next_attempt_at=held_until, attempts=F("attempts") + 1)
    )
    return held_until if claimed else None


def send(delivery_id, now=None):
    """Make one attempt at a due delivery; its new status, or None if it was not ours to send."""
    now = now or timezone.now()
    held_until = claim(delivery_id, now)
    if held_until is None:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    secret = secret_for(delivery)
    if secret is None:
        code, error = None, "The endpoint is no longer configured, or is not active."
        delivered = False
        attempts_left = False
    else:
        code, error = post(delivery, secret)
        delivered = code is not None and 200 <= code < 300
        attempts_left = True
    finished = timezone.now()
    if delivered:
        changes = {"status": Status.DELIVERED, "delivered_at": finished}
        changes["next_attempt_at"] = None
    else:
        wait = retry_delay(delivery.attempts) if attempts_left else None
        changes = {
            "status": Status.FAILED if wait is None else Status.RETRYING,
            "next_attempt_at": None if wait is None else finished + wait,
            "last_error": error,
        }
    WebhookDelivery.objects.filter(pk=delivery_id, next_attempt_at=held_until).update(
        last_status_code=code, **changes
    )
    return changes["status"]


def post(delivery, secret):
    """POST the signed payload; (the answer's status or None, what went wrong or "")."""
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    headers = {
        **sign(secret, delivery.uuid, body),
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }
    if urlsplit(delivery.url).scheme not in ("http", "https"):
        return None, "Not an http(s) URL."
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        delivery.url, data=body, headers=headers, method="POST"
    )
    try:
        with _opener.open(
            request, timeout=ugc_settings.WEBHOOK_TIMEOUT_SECONDS
        ) as answer:
            return answer.status, ""
    except HTTPError as answer:
        excerpt = answer.read(EXCERPT_CHARS).decode("utf-8", "replace")
        excerpt = " ".join(excerpt.split())
        return answer.code, f"HTTP {answer.code}" + (f": {excerpt}" if excerpt else "")
    except (URLError, HTTPException, OSError, ValueError) as problem:
        reason = getattr(problem, "reason", problem)
        return None, f"{type(reason).__name__}: {reason}"[:500]


def send_due(now=None):
    """Attempt every due delivery (the periodic sender); how many ended in each status."""
    now = now or timezone.now()
    ids = list(
        due(now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:BATCH_SIZE]
    )
    outcome = {}
    for delivery_id in ids:
        status = send(delivery_id, now)
        if status is not None:
            outcome[status] = outcome.get(status, 0) + 1
    return outcome


def retry_now(delivery):
    """A person asks for another attempt at a failed delivery (the log's "Retry now")."""
    return WebhookDelivery.objects.filter(pk=delivery.pk, status=Status.FAILED).update(
        status=Status.RETRYING, next_attempt_at=timezone.now()
    )


def prune_log(now=None):
    """Drop delivered and failed deliveries older than ``WEBHOOK_LOG_DAYS``."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=ugc_settings.WEBHOOK_LOG_DAYS)
    deleted, _ = WebhookDelivery.objects.filter(
        status__in=[Status.DELIVERED, Status.FAILED], created_at__lt=cutoff
    ).delete()
    return deleted
