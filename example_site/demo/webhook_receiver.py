"""The demo's webhook receiver, and the endpoint ``ugc_demo`` points at it (docs/webhooks.md, "The demo").

``receive`` is what a site builder's receiver does: it checks each
delivery's signature and timestamp with ``wagtail_ugc.webhooks.verify``,
answers a delivery it had before with 200 without handling it again, and
keeps the last deliveries in a file; a GET shows them. It tries the secrets
of the endpoints whose URL ends with its path, so changing the secret in the
admin keeps the demo working.

``serving_while_loading`` creates the demo endpoint, and while the demo
content loads it serves the site on 127.0.0.1:$PORT for a moment, so the
deliveries that loading makes are sent, signed and verified for real.
"""

import json
import os
import threading
import warnings
from contextlib import contextmanager
from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend

from wagtail_ugc.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from wagtail_ugc.webhooks import WebhookReplayed, WebhookVerificationError, verify

PATH = "/demo/webhook-receiver/"
ENDPOINT_NAME = "Demo receiver"
KEPT = 50
_lock = threading.Lock()


def _store():
    return settings.DATA_DIR / "webhook-receiver.json"


def _read():
    try:
        return json.loads(_store().read_text())
    except (FileNotFoundError, ValueError):
        return {"received": [], "seen": []}


@csrf_exempt
def receive(request):
    if request.method == "GET":
        return JsonResponse({"received": _read()["received"][::-1]})
    if request.method != "POST":
        return HttpResponse(status=405)
    secrets = WebhookEndpoint.objects.filter(url__endswith=PATH).values_list(
        "secret", flat=True
    )
    with _lock:
        state = _read()
        seen = set(state["seen"])
        for secret in secrets:
            try:
                payload = verify(secret, request.headers, request.body, seen=seen)
            except WebhookReplayed:
                return HttpResponse("Had it already.", status=200)
            except WebhookVerificationError:
                continue
            state["received"].append(
                {
                    "received_at": timezone.now().isoformat(),
                    "event": payload.get("event"),
                    "id": payload.get("id"),
                    "submission": (payload.get("submission") or {}).get("uuid"),
                }
            )
            state = {
                "received": state["received"][-KEPT:],
                "seen": sorted(seen)[-KEPT * 4 :],
            }
            _store().write_text(json.dumps(state, indent=1))
            return HttpResponse(status=204)
    return HttpResponse("The signature does not verify.", status=400)


def demo_endpoint(port):
    url = f"http://127.0.0.1:{port}{PATH}"
    endpoint, _created = WebhookEndpoint.objects.get_or_create(
        name=ENDPOINT_NAME, defaults={"url": url, "events": list(WebhookEvent.values)}
    )
    if endpoint.url != url:
        endpoint.url = url
        endpoint.save(update_fields=["url"])
    return endpoint


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serving_while_loading(stdout):
    """The demo endpoint; the site served on $PORT meanwhile, if deliveries are sent at once."""
    port = int(os.environ.get("PORT") or 8000)
    endpoint = demo_endpoint(port)
    server = None
    # Only if deliveries are sent as each change commits: not with a worker,
    # nor inside a transaction (tests), where nothing is sent meanwhile.
    if (
        isinstance(task_backends["default"], ImmediateBackend)
        and not transaction.get_connection().in_atomic_block
    ):
        try:
            with warnings.catch_warnings():
                # WhiteNoise warns of a static folder not collected yet.
                warnings.simplefilter("ignore")
                app = get_wsgi_application()
            server = make_server("127.0.0.1", port, app, handler_class=_Quiet)
        except OSError:
            pass  # Something serves the port already: it gets the deliveries.
    if server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield endpoint
    finally:
        if server:
            server.shutdown()
            server.server_close()
    log = WebhookDelivery.objects.filter(endpoint=endpoint)
    delivered = log.filter(status=WebhookDelivery.Status.DELIVERED).count()
    stdout.write(
        f"Webhooks: {log.count()} deliveries to the demo receiver, {delivered} "
        f"delivered (UGC › Webhook log; the receiver shows them at {endpoint.url})."
    )
