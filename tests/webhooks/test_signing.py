"""Signing as Standard Webhooks does, and what ``verify`` refuses."""

import base64
import hashlib
import hmac
import json
import time

import pytest

from wagtail_ugc.webhooks import WebhookReplayed, WebhookVerificationError, sign, verify

BODY = json.dumps({"event": "submission.published", "id": "abc"}).encode()
SECRET = "whsec_" + base64.b64encode(b"sixteen byte key").decode()


def test_the_signature_is_the_standard_webhooks_one():
    headers = sign(SECRET, "msg_1", BODY, timestamp=1_700_000_000)
    signed = b"msg_1.1700000000." + BODY
    expected = base64.b64encode(
        hmac.new(b"sixteen byte key", signed, hashlib.sha256).digest()
    ).decode()
    assert headers == {
        "webhook-id": "msg_1",
        "webhook-timestamp": "1700000000",
        "webhook-signature": f"v1,{expected}",
    }


def test_a_secret_without_the_prefix_is_used_as_its_bytes():
    headers = sign("plain-secret", "msg_1", BODY, timestamp=1)
    expected = hmac.new(b"plain-secret", b"msg_1.1." + BODY, hashlib.sha256).digest()
    assert headers["webhook-signature"] == "v1," + base64.b64encode(expected).decode()


def test_a_good_delivery_verifies_and_gives_its_payload():
    headers = sign(SECRET, "msg_1", BODY)
    assert verify(SECRET, headers, BODY) == json.loads(BODY)
    # Header names in any case, the body as text.
    upper = {name.upper(): value for name, value in headers.items()}
    assert verify(SECRET, upper, BODY.decode())["id"] == "abc"


def test_one_matching_signature_of_several_is_enough():
    headers = sign(SECRET, "msg_1", BODY)
    headers["webhook-signature"] = "v1,bm90IGl0 " + headers["webhook-signature"]
    assert verify(SECRET, headers, BODY)


@pytest.mark.parametrize(
    "change",
    [
        lambda h, b: (h, b + b" "),  # the body changed
        lambda h, b: ({**h, "webhook-id": "msg_2"}, b),  # another id
        lambda h, b: ({**h, "webhook-timestamp": str(int(time.time()) - 1)}, b),
        lambda h, b: ({k: v for k, v in h.items() if k != "webhook-signature"}, b),
        lambda h, b: ({**h, "webhook-timestamp": "soon"}, b),
    ],
)
def test_anything_changed_or_missing_fails(change):
    headers, body = change(sign(SECRET, "msg_1", BODY), BODY)
    with pytest.raises(WebhookVerificationError):
        verify(SECRET, headers, body)


def test_the_wrong_secret_fails():
    headers = sign(SECRET, "msg_1", BODY)
    with pytest.raises(WebhookVerificationError, match="signature"):
        verify("whsec_" + base64.b64encode(b"another key").decode(), headers, BODY)


def test_an_old_or_future_timestamp_is_refused():
    now = time.time()
    old = sign(SECRET, "msg_1", BODY, timestamp=now - 301)
    future = sign(SECRET, "msg_1", BODY, timestamp=now + 301)
    for headers in (old, future):
        with pytest.raises(WebhookVerificationError, match="timestamp"):
            verify(SECRET, headers, BODY)
    assert verify(SECRET, old, BODY, now=now - 100)
    assert verify(SECRET, old, BODY, tolerance=600)


def test_a_replayed_delivery_is_refused_when_ids_are_remembered():
    seen = set()
    headers = sign(SECRET, "msg_1", BODY)
    verify(SECRET, headers, BODY, seen=seen)
    assert seen == {"msg_1"}
    with pytest.raises(WebhookReplayed):
        verify(SECRET, headers, BODY, seen=seen)
    # A forged one is refused before it is remembered.
    forged = {**sign(SECRET, "msg_2", BODY), "webhook-signature": "v1,AAAA"}
    with pytest.raises(WebhookVerificationError):
        verify(SECRET, forged, BODY, seen=seen)
    assert seen == {"msg_1"}
