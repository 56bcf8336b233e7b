import pytest

from wagtail_ugc.models import WebhookEndpoint, WebhookEvent

from .receiver import Receiver

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture
def receiver():
    receiver = Receiver(secret=SECRET).start()
    yield receiver
    receiver.stop()


@pytest.fixture
def endpoint(db, receiver):
    return WebhookEndpoint.objects.create(
        name="Local receiver",
        url=receiver.url,
        secret=SECRET,
        events=list(WebhookEvent.values),
    )


@pytest.fixture(autouse=True)
def quick_webhooks(settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "WEBHOOK_TIMEOUT_SECONDS": 1}
