"""Video links: allowlisted providers only, checked through wagtail.embeds.

The providers' oEmbed endpoints are replaced by ``OEmbedEndpointDouble``
(tests/intake/oembed_double.py), the external edge; nothing else is faked.
"""

import pytest

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind, ProcessingState
from wagtail_ugc.signals import submission_ready

from .conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def oembed_endpoint_double(settings):
    settings.WAGTAILEMBEDS_FINDERS = [
        {"class": "tests.intake.oembed_double.OEmbedEndpointDouble"}
    ]


def video(url, **overrides):
    return form_data(kind="video", video_url=url, **overrides)


def test_youtube_link_is_accepted_and_ready_at_once(submit):
    received = []

    def listener(sender, submission, **kwargs):
        received.append(submission.pk)

    submission_ready.connect(listener, sender=Submission)
    try:
        response = submit(**video("https://www.youtube.com/watch?v=trail123"))
    finally:
        submission_ready.disconnect(listener, sender=Submission)

    submission = Submission.objects.get()
    assert response.status_code == 302
    assert submission.kind == Kind.VIDEO
    assert submission.video_url == "https://www.youtube.com/watch?v=trail123"
    assert submission.video_provider == "youtube"
    assert submission.processing_state == ProcessingState.READY
    assert received == [submission.pk]


def test_vimeo_link_is_accepted(submit):
    submit(**video("https://vimeo.com/123456"))

    assert Submission.objects.get().video_provider == "vimeo"


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=trail123",
        "https://www.youtube.com.evil.example/watch?v=1",
        "https://dailymotion.com/video/x123",
        "ftp://www.youtube.com/watch?v=trail123",
    ],
)
def test_unknown_hosts_are_refused_with_a_clear_message(submit, url):
    response = submit(**video(url))

    content = response.content.decode()
    assert response.status_code == 400
    assert (
        "We accept video links from YouTube, Vimeo, TikTok, Instagram only." in content
        or "Enter a valid URL." in content
    )
    assert not Submission.objects.exists()


def test_provider_outside_the_allowlist_is_refused(submit, settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "VIDEO_PROVIDERS": ["vimeo"]}

    response = submit(**video("https://www.youtube.com/watch?v=trail123"))

    assert "We accept video links from Vimeo only." in response.content.decode()
    assert not Submission.objects.exists()


def test_video_the_provider_does_not_know_is_refused(submit):
    response = submit(**video("https://www.youtube.com/watch?v=gone"))

    assert "We could not find that video." in response.content.decode()
    assert not Submission.objects.exists()


def test_tiktok_link_is_accepted_on_its_pattern(submit):
    # No finder here knows TikTok, so the allowlist pattern alone decides.
    submit(**video("https://www.tiktok.com/@ada.walks/video/7234567890123456789"))

    assert Submission.objects.get().video_provider == "tiktok"


def test_video_link_is_required_for_a_video(submit):
    response = submit(**video(""))

    assert "Paste the link to your video." in response.content.decode()
    assert not Submission.objects.exists()
