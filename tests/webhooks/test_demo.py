"""The example site's receiver verifies what the sender signs; ``ugc_demo`` serves it while loading."""

import io
import json

import pytest
from demo import webhook_receiver
from django.test import Client

from wagtail_ugc.models import WebhookDelivery, WebhookEndpoint
from wagtail_ugc.rights.revocation import withdraw
from wagtail_ugc.webhooks import sign

from ..ports import free_port
from ..rights.helpers import published_photo_submission

PATH = "/demo/webhook-receiver/"


@pytest.fixture(autouse=True)
def receiver_file(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "webhook-receiver.json"


def post(body, headers):
    return Client().post(
        PATH,
        body,
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.django_db
def test_the_receiver_keeps_verified_deliveries_once(receiver_file):
    endpoint = webhook_receiver.demo_endpoint(8000)
    body = json.dumps(
        {"event": "submission.erased", "id": "d-1", "submission": {"uuid": "u-1"}}
    ).encode()
    headers = sign(endpoint.secret, "d-1", body)

    assert post(body, {**headers, "webhook-signature": "v1,AAAA"}).status_code == 400
    assert post(body, {}).status_code == 400
    assert post(body, headers).status_code == 204
    assert post(body, headers).status_code == 200  # a retry of one it had
    shown = Client().get(PATH).json()["received"]
    assert [(r["event"], r["id"], r["submission"]) for r in shown] == [
        ("submission.erased", "d-1", "u-1")
    ]
    assert Client().put(PATH).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_demo_serves_the_site_while_loading_so_deliveries_arrive(
    monkeypatch, root_collection
):
    port = free_port()
    monkeypatch.setenv("PORT", str(port))
    out = io.StringIO()
    submission = published_photo_submission()
    with webhook_receiver.serving_while_loading(out) as endpoint:
        assert endpoint.url == f"http://127.0.0.1:{port}{PATH}"
        withdraw(submission)
    [delivery] = WebhookDelivery.objects.filter(event="submission.withdrawn")
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert Client().get(PATH).json()["received"][0]["id"] == str(delivery.uuid)
    assert "1 deliveries to the demo receiver, 1 delivered" in out.getvalue()
    # Run again on another port: the same endpoint, moved.
    monkeypatch.setenv("PORT", str(port + 1))
    with webhook_receiver.serving_while_loading(io.StringIO()):
        pass
    assert WebhookEndpoint.objects.get().url.endswith(f":{port + 1}{PATH}")
