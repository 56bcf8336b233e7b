"""RSS and Atom feeds against a local feed host: what lands in the queue, once, and never on the site."""

import pytest
from PIL import Image

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import (
    Kind,
    ModerationStatus,
    ProcessingState,
    RightsStatus,
    Source,
)
from wagtail_ugc.storage import private_storage

from ..factories import SubmissionFactory
from .feeds import atom, feed_source, image_reply, poll, rss
from .server import Reply

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("import_settings", "moderation_defaults"),
]


def trail_items(far_end):
    return [
        {
            "title": "Our tent at the lake",
            "link": "https://trails.example/posts/1",
            "guid": "1",
            "description": "<p>Day <b>three</b>, still dry.</p>",
            "author": "Ingrid Berg",
            "image": far_end.url("/img/1.jpg"),
            "tags": ["tents", "#Lakes"],
        },
        {
            "title": "Frost",
            "link": "https://trails.example/posts/2",
            "guid": "2",
            "description": "Snow came early.",
            "author": "Leo",
            "image": far_end.url("/img/2.jpg"),
        },
        {
            "title": "Just words",
            "link": "https://trails.example/posts/3",
            "guid": "3",
            "description": "Great straps.",
        },
    ]


def test_feed_posts_become_found_content_awaiting_a_rights_request(
    far_end, django_capture_on_commit_callbacks
):
    far_end.routes["/feed.xml"] = Reply(rss(trail_items(far_end)))
    far_end.routes["/img/1.jpg"] = image_reply(gps=True)
    far_end.routes["/img/2.jpg"] = image_reply(600, 800)
    source = feed_source(far_end)

    result = poll(source, django_capture_on_commit_callbacks)

    assert (result.found, source.last_found, source.last_error) == (3, 3, "")
    first, second, words = Submission.objects.order_by("pk")
    assert first.source == Source.IMPORT and first.import_source == source
    assert first.kind == Kind.PHOTO and words.kind == Kind.REVIEW
    assert first.source_url == "https://trails.example/posts/1"
    assert first.credit_line == "Ingrid Berg"
    assert first.text == "Our tent at the lake\n\nDay three, still dry."
    assert sorted(first.tags.names()) == ["Lakes", "tents"]
    assert first.locale == "en"
    assert first.campaign == source.campaign
    assert len(first.source_key) == 64
    for submission in (first, second, words):
        assert submission.rights_status == RightsStatus.NONE
        assert submission.moderation_status == ModerationStatus.PENDING
        assert submission.processing_state == ProcessingState.READY
        assert submission.creator is None
    # The photo went through the upload pipeline: a sanitised master, no GPS.
    photo = first.photos.get()
    assert photo.master and not photo.incoming
    with private_storage.open(photo.master.name) as master:
        assert not Image.open(master).getexif()
    # Waiting in the queue, never on the site.
    assert set(Submission.objects.awaiting_moderation()) == {first, second, words}
    assert not Submission.objects.displayable().exists()


def test_each_post_is_imported_once_and_the_feed_is_asked_for_changes_only(
    far_end, django_capture_on_commit_callbacks
):
    body = rss(trail_items(far_end)[2:])

    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return handler.reply(Reply(status=304))
        return handler.reply(Reply(body, headers={"ETag": '"v1"'}))

    far_end.routes["/feed.xml"] = conditional
    source = feed_source(far_end)
    poll(source, django_capture_on_commit_callbacks)
    assert source.state["etag"] == '"v1"'
    poll(source, django_capture_on_commit_callbacks)
    assert source.last_found == 0 and source.last_error == ""
    # A server that ignores the ETag gets nothing imported twice either.
    far_end.routes["/feed.xml"] = Reply(body)
    poll(source, django_capture_on_commit_callbacks)
    assert source.last_found == 0
    assert Submission.objects.count() == 1
    assert far_end.requests[1][2]["If-None-Match"] == '"v1"'


def test_two_sources_finding_the_same_post_make_one_submission(
    far_end, django_capture_on_commit_callbacks
):
    far_end.routes["/feed.xml"] = Reply(rss(trail_items(far_end)[2:]))
    far_end.routes["/atom.xml"] = Reply(
        atom(
            [
                {
                    "id": "urn:uuid:3",
                    "title": "Just words",
                    "link": "https://trails.example/posts/3",
                    "content": "Great straps.",
                },
                {
                    "id": "tag:trails.example,2025:4",
                    "title": "Ridge",
                    "content": "<p>Wind &amp; sun</p>",
                    "author": "Aiko",
                    "author_uri": "https://trails.example/@aiko",
                    "tags": ["ridges"],
                },
            ]
        ),
        content_type="application/atom+xml",
    )
    poll(feed_source(far_end, "/feed.xml"), django_capture_on_commit_callbacks)
    atom_source = feed_source(far_end, "/atom.xml")
    poll(atom_source, django_capture_on_commit_callbacks)
    assert atom_source.last_found == 1
    assert Submission.objects.count() == 2
    ridge = Submission.objects.get(import_source=atom_source)
    assert (ridge.credit_line, ridge.credit_url) == (
        "Aiko",
        "https://trails.example/@aiko",
    )
    assert ridge.text == "Ridge\n\nWind & sun"
    assert ridge.source_url == ""


def test_a_post_an_editor_already_added_is_not_imported_again(
    far_end, django_capture_on_commit_callbacks
):
    SubmissionFactory(
        source=Source.RIGHTS_REQUEST, source_url="https://trails.example/posts/3"
    )
    far_end.routes["/feed.xml"] = Reply(rss(trail_items(far_end)[2:]))
    source = feed_source(far_end)
    result = poll(source, django_capture_on_commit_callbacks)
    assert (result.found, result.known) == (0, 1)
    assert not Submission.objects.filter(source=Source.IMPORT).exists()


def test_markup_and_scripts_become_plain_text_shown_escaped_in_the_admin(
    far_end, django_capture_on_commit_callbacks, admin_client
):
    far_end.routes["/feed.xml"] = Reply(
        rss(
            [
                {
                    "title": '<script>alert("t")</script>Tent & tarp',
                    "link": "https://trails.example/posts/9",
                    "description": '<img src=x onerror="alert(1)"><p>a &lt; b</p><style>p{}</style>'
                    "<iframe src=//evil.example></iframe>\u202eevil",
                    "author": "<b>Eve</b>\u200b",
                }
            ]
        )
    )
    poll(feed_source(far_end), django_capture_on_commit_callbacks)
    submission = Submission.objects.get()
    assert submission.text == "Tent & tarp\n\na < b\nevil"
    assert submission.credit_line == "Eve"
    page = admin_client.get(
        f"/admin/snippets/wagtail_ugc/submission/inspect/{submission.pk}/"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "a &lt; b" in html and "alert" not in html


def test_a_photo_post_whose_image_is_refused_is_left_out_and_the_reason_kept(
    far_end, django_capture_on_commit_callbacks, settings
):
    items = trail_items(far_end)
    items[0]["image"] = far_end.url("/img/page.jpg")
    far_end.routes["/img/page.jpg"] = Reply(
        b"<html>login</html>", content_type="text/html"
    )
    items[1]["image"] = far_end.url("/img/huge.jpg")
    far_end.routes["/img/huge.jpg"] = image_reply(3000, 2000)
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "MAX_PIXELS": 1_000_000}
    far_end.routes["/feed.xml"] = Reply(rss(items))
    source = feed_source(far_end)
    result = poll(source, django_capture_on_commit_callbacks)
    assert result.found == 1
    assert Submission.objects.get().source_url == "https://trails.example/posts/3"
    first, second = source.last_error.splitlines()
    assert (
        first == "https://trails.example/posts/1: The post's image link gives no image."
    )
    assert second.startswith("https://trails.example/posts/2: This photo is too large")


def test_an_image_larger_than_an_upload_may_be_is_stopped_at_the_limit(
    far_end, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "MAX_UPLOAD_BYTES": 10_000}
    far_end.routes["/img/1.jpg"] = image_reply(1600, 1200)
    far_end.routes["/feed.xml"] = Reply(rss(trail_items(far_end)[:1]))
    source = feed_source(far_end)
    poll(source, django_capture_on_commit_callbacks)
    assert "larger than 9 kB" in source.last_error
    assert not Submission.objects.exists()
