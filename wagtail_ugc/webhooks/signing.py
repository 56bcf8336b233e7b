"""Signing and verifying deliveries, as the Standard Webhooks specification does.

Three headers go with each delivery: ``webhook-id`` (the delivery's id, the
same on every retry), ``webhook-timestamp`` (Unix seconds of this attempt)
and ``webhook-signature``: ``v1,`` and the base64 HMAC-SHA256 of
``{id}.{timestamp}.{body}``. The key is the endpoint's secret: the bytes
after ``whsec_`` base64-decoded for a secret in that form (what Standard
Webhooks libraries expect), otherwise the secret's UTF-8 bytes.

Only the standard library is used, so receivers can copy this file.
"""

import base64
import binascii
import hashlib
import hmac
import json
import time

#: Seconds a delivery's timestamp may be away from the receiver's clock.
TOLERANCE_SECONDS = 5 * 60
SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret


class WebhookVerificationError(Exception):
    """The delivery is not from the sender holding the secret, or is too old or too new."""


class WebhookReplayed(WebhookVerificationError):
    """A delivery whose id was seen before: answer 2xx and do nothing again."""


def signing_key(secret):
    if secret.startswith(SECRET_PREFIX):
        try:
            return base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
        except binascii.Error:
            pass
    return secret.encode()


def signature(secret, delivery_id, timestamp, body):
    """``v1,`` and the base64 HMAC-SHA256 of ``{id}.{timestamp}.{body}``."""
    signed = f"{delivery_id}.{timestamp}.".encode() + _bytes(body)
    digest = hmac.new(signing_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def sign(secret, delivery_id, body, timestamp=None):
    """The three headers of a delivery of ``body`` (bytes) sent now, or at ``timestamp``."""
    timestamp = int(time.time() if timestamp is None else timestamp)
    return {
        "webhook-id": str(delivery_id),
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, delivery_id, timestamp, body),
    }


def verify(secret, headers, body, *, tolerance=TOLERANCE_SECONDS, now=None, seen=None):
    """Check a delivery and return its payload (a dict); raise ``WebhookVerificationError`` if it fails.

    ``headers``: any mapping of the request's headers (Django's
    ``request.headers``, a dict). ``body``: the raw request body, not parsed.
    ``seen``: a set-like store of delivery ids already handled; an id in it
    raises ``WebhookReplayed``, and a verified id is added to it.
    """
    headers = {str(name).lower(): value for name, value in headers.items()}
    delivery_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    signatures = headers.get("webhook-signature", "")
    if not (delivery_id and timestamp and signatures):
        raise WebhookVerificationError("Missing webhook headers.")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise WebhookVerificationError("Invalid webhook-timestamp.") from None
    now = time.time() if now is None else now
    if abs(now - sent_at) > tolerance:
        raise WebhookVerificationError("The timestamp is too old or too new.")
    expected = signature(secret, delivery_id, sent_at, body)
    if not any(hmac.compare_digest(expected, given) for given in signatures.split()):
        raise WebhookVerificationError("No matching signature.")
    if seen is not None:
        if delivery_id in seen:
            raise WebhookReplayed("This delivery was received before.")
        seen.add(delivery_id)
    try:
        return json.loads(_bytes(body))
    except ValueError:
        raise WebhookVerificationError("The body is not JSON.") from None


def _bytes(body):
    return body.encode() if isinstance(body, str) else bytes(body)
