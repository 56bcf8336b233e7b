"""External moderation services: the adapter interface, the example image-safety adapter, failures.

The image-safety API is a third-party service, so the tests run a small
local HTTP server in its place: a test double at the external edge only.
Everything on our side (adapter, HTTP request, flags) is real.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from wagtail_ugc.models.choices import ModerationStatus
from wagtail_ugc.moderation.rules import apply_rules

from .helpers import codes, detailed_picture, jpeg, photo_submission

pytestmark = pytest.mark.django_db


class FakeImageSafetyAPI(BaseHTTPRequestHandler):
    """Stands in for a third-party image-safety API."""

    answer = {"labels": []}
    status = 200
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.headers.get("Authorization"), body))
        payload = json.dumps(self.answer).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def image_safety_api(settings):
    FakeImageSafetyAPI.answer = {"labels": []}
    FakeImageSafetyAPI.status = 200
    FakeImageSafetyAPI.received = []
    server = HTTPServer(("127.0.0.1", 0), FakeImageSafetyAPI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "EXTERNAL_MODERATION_BACKENDS": [
            {
                "BACKEND": "wagtail_ugc.moderation.rules.external.ImageSafetyHTTPBackend",
                "OPTIONS": {
                    "URL": f"http://127.0.0.1:{server.server_port}/v1/check",
                    "API_KEY": "secret-key",
                    "THRESHOLD": 0.8,
                    "TIMEOUT": 5,
                },
            }
        ],
    }
    yield FakeImageSafetyAPI
    server.shutdown()
    server.server_close()


def test_labels_above_the_threshold_become_flags(image_safety_api):
    image_safety_api.answer = {
        "labels": [
            {"name": "violence", "score": 0.93},
            {"name": "nudity", "score": 0.1},
        ]
    }
    submission = photo_submission(jpeg(detailed_picture()))
    (flag,) = apply_rules(submission)
    assert flag.code == "external"
    assert "violence" in flag.reason and "nudity" not in flag.reason


def test_the_adapter_sends_the_sanitised_master_with_the_key(image_safety_api):
    data = jpeg(detailed_picture())
    apply_rules(photo_submission(data))
    ((authorization, body),) = image_safety_api.received
    assert authorization == "Bearer secret-key"
    assert body == data


def test_a_failing_service_leaves_a_flag_and_keeps_the_submission(image_safety_api):
    image_safety_api.status = 503
    submission = photo_submission(jpeg(detailed_picture()))
    (flag,) = apply_rules(submission)
    assert flag.code == "external_unavailable"
    assert "could not run" in flag.reason
    submission.refresh_from_db()
    assert submission.moderation_status == ModerationStatus.PENDING
    assert submission.photos.count() == 1


def test_a_nonsense_answer_counts_as_could_not_run(image_safety_api):
    image_safety_api.answer = {"unexpected": True}
    assert codes(apply_rules(photo_submission(jpeg(detailed_picture())))) == [
        "external_unavailable"
    ]


def test_an_unreachable_service_leaves_a_flag(settings):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "EXTERNAL_MODERATION_BACKENDS": [
            {
                "BACKEND": "wagtail_ugc.moderation.rules.external.ImageSafetyHTTPBackend",
                "OPTIONS": {"URL": "http://127.0.0.1:9/nothing-here", "TIMEOUT": 2},
            }
        ],
    }
    assert codes(apply_rules(photo_submission(jpeg(detailed_picture())))) == [
        "external_unavailable"
    ]


def test_other_rules_still_flag_when_a_service_fails(image_safety_api):
    image_safety_api.status = 500
    submission = photo_submission(jpeg(detailed_picture(300, 300)))
    assert codes(apply_rules(submission)) == ["external_unavailable", "small_photo"]


def test_a_misspelt_backend_fails_the_system_check(settings):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "EXTERNAL_MODERATION_BACKENDS": ["wagtail_ugc.no_such.Backend"],
    }
    with pytest.raises(SystemCheckError, match="EXTERNAL_MODERATION_BACKENDS"):
        call_command("check")
