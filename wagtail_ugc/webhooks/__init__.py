"""Webhooks: signed JSON deliveries of submission events to the site's endpoints (docs/webhooks.md).

``verify`` is for receivers written in Python: it checks a delivery's
signature and timestamp and returns its payload.
"""

from .signing import WebhookReplayed, WebhookVerificationError, sign, verify

__all__ = ["WebhookReplayed", "WebhookVerificationError", "sign", "verify"]
