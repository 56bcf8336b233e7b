"""A Mastodon hashtag timeline against a local fake of its public API."""

import pytest

from wagtail_ugc.models import ImportSource, Submission
from wagtail_ugc.models.choices import Kind

from ..factories import CampaignFactory
from .feeds import image_reply, json_reply, poll, status
from .server import Reply

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("import_settings", "moderation_defaults"),
]

TIMELINE = "/api/v1/timelines/tag/trails"


def timeline(statuses):
    """The tag timeline as Mastodon pages it: newest first, ``min_id`` gives the page right after it."""

    def handle(handler):
        limit = int(handler.query.get("limit", 20))
        after = handler.query.get("min_id")
        ordered = sorted(statuses, key=lambda s: int(s["id"]))
        if after:
            page = [s for s in ordered if int(s["id"]) > int(after)][:limit]
        else:
            page = ordered[-limit:]
        handler.reply(json_reply(list(reversed(page))))

    return handle


def tag_source(far_end, **kwargs):
    return ImportSource.objects.create(
        name="Mastodon #trails",
        kind="mastodon",
        url=far_end.url("/"),
        hashtag="trails",
        campaign=CampaignFactory(),
        **kwargs,
    )


def serve_images(far_end, numbers):
    for number in numbers:
        far_end.routes[f"/media/{number}.jpg"] = image_reply()


def test_tag_timeline_posts_land_in_the_queue_with_their_author_and_link(
    far_end, django_capture_on_commit_callbacks
):
    statuses = [status(1, far_end), status(2, far_end, image=False)]
    statuses.append(status(3, far_end, reblog=status(1, far_end)))  # a boost: left out
    far_end.routes[TIMELINE] = timeline(statuses)
    serve_images(far_end, [1])
    source = tag_source(far_end)
    poll(source, django_capture_on_commit_callbacks)
    assert (source.last_found, source.last_error) == (2, "")
    photo, text = Submission.objects.order_by("pk")
    assert photo.kind == Kind.PHOTO and text.kind == Kind.REVIEW
    assert photo.credit_line == "Ana Lind (@ana@social.example)"
    assert photo.credit_url == "https://social.example/@ana"
    assert photo.source_url == "https://social.example/@ana/1"
    assert photo.text == "Day 1 on the trail #trails"
    assert photo.locale == "sv"
    assert sorted(photo.tags.names()) == ["summer", "trails"]
    assert photo.photos.get().alt_text == "Tent by the lake, day 1"
    assert source.state["newest_id"] == "100003"
    assert not Submission.objects.displayable().exists()


def test_later_polls_page_forward_from_the_newest_seen_without_gaps_or_repeats(
    far_end, django_capture_on_commit_callbacks
):
    statuses = [status(n, far_end, image=False) for n in range(1, 3)]
    far_end.routes[TIMELINE] = timeline(statuses)
    source = tag_source(far_end)
    poll(source, django_capture_on_commit_callbacks)
    assert source.last_found == 2
    # 45 new posts: more than a page of 40.
    statuses += [status(n, far_end, image=False) for n in range(3, 48)]
    poll(source, django_capture_on_commit_callbacks)
    assert source.last_found == 45
    queries = [query for path, query, _headers in far_end.requests if path == TIMELINE]
    assert queries[0] == {"limit": "40"}
    assert queries[1] == {"limit": "40", "min_id": "100002"}
    assert queries[2] == {"limit": "40", "min_id": "100042"}
    assert Submission.objects.count() == 47
    assert source.state["newest_id"] == "100047"
    poll(source, django_capture_on_commit_callbacks)
    assert source.last_found == 0 and Submission.objects.count() == 47


def test_the_same_post_seen_through_two_servers_is_imported_once(
    far_end, django_capture_on_commit_callbacks
):
    far_end.routes[TIMELINE] = timeline([status(1, far_end, image=False)])
    other = status(
        1,
        far_end,
        image=False,
        id="555",
        url="https://other.example/@ana@social.example/555",
    )
    far_end.routes["/other" + TIMELINE] = timeline([other])
    poll(tag_source(far_end), django_capture_on_commit_callbacks)
    second = ImportSource.objects.create(
        name="Other server",
        kind="mastodon",
        url=far_end.url("/other"),
        hashtag="#trails",
    )
    result = poll(second, django_capture_on_commit_callbacks)
    assert (result.found, result.known) == (0, 1)
    assert Submission.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b'{"error": "Not found"}', "The server's answer is not a list of posts."),
        (b"<html>rate limited</html>", "The server's answer is not valid JSON."),
        (b"[" * 100_000 + b"]" * 100_000, "The server's answer is not valid JSON."),
        (b"\xff\xfe garbage", "The server's answer is not valid JSON."),
    ],
)
def test_answers_that_are_not_a_timeline(
    far_end, django_capture_on_commit_callbacks, body, error
):
    far_end.routes[TIMELINE] = Reply(body, content_type="application/json")
    source = tag_source(far_end)
    poll(source, django_capture_on_commit_callbacks)
    assert source.last_error == error
    assert not Submission.objects.exists()
    assert source.state == {}


def test_statuses_with_wrong_types_are_left_out(
    far_end, django_capture_on_commit_callbacks
):
    good = status(9, far_end, image=False)
    far_end.routes[TIMELINE] = timeline(
        [
            good,
            status(1, far_end, image=False, id=1),  # not a string id
            status(2, far_end, image=False, account="ana"),
            status(3, far_end, image=False, url=["x"], uri=None),
            status(
                4,
                far_end,
                image=False,
                content={"p": 1},
                media_attachments="none",
                tags=[1, None],
            ),
            status(
                5,
                far_end,
                image=False,
                url="javascript:alert(1)",
                uri="javascript:alert(1)",
            ),
        ]
    )
    far_end.routes[TIMELINE + "x"] = Reply(b"")
    source = tag_source(far_end)
    poll(source, django_capture_on_commit_callbacks)
    assert source.last_error == ""
    # 9 is imported; 4 has no text, image or video, so there is nothing to import.
    assert [s.source_url for s in Submission.objects.all()] == [good["url"]]


def test_an_image_that_is_not_an_image_leaves_the_post_out(
    far_end, django_capture_on_commit_callbacks
):
    far_end.routes[TIMELINE] = timeline([status(1, far_end), status(2, far_end)])
    far_end.routes["/media/1.jpg"] = Reply(
        b"GIF89a not really", content_type="image/gif"
    )
    far_end.routes["/media/2.jpg"] = image_reply()
    source = tag_source(far_end)
    poll(source, django_capture_on_commit_callbacks)
    assert source.last_error.startswith(
        "https://social.example/@ana/1: This photo is damaged"
    )
    assert [s.source_url for s in Submission.objects.all()] == [
        "https://social.example/@ana/2"
    ]
