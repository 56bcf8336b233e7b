"""The schedule, the command, the admin, and a found post's way to the site through a rights request."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from wagtail_ugc.intake.importing import polling
from wagtail_ugc.models import ImportSource, Submission
from wagtail_ugc.models.choices import RightsStatus, Source
from wagtail_ugc.moderation import actions

from .feeds import feed_source, image_reply, poll, rss
from .server import Reply

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("import_settings", "moderation_defaults"),
]

ITEM = {
    "title": "Tent",
    "link": "https://trails.example/posts/1",
    "author": "Ingrid Berg",
}


def test_only_due_active_sources_are_polled_and_each_is_set_its_next_poll(
    far_end, django_capture_on_commit_callbacks
):
    far_end.routes["/feed.xml"] = Reply(rss([ITEM]))
    now = timezone.now()
    never_polled = feed_source(far_end, poll_minutes=30)
    due = feed_source(far_end, next_poll_at=now - timedelta(minutes=1))
    later = feed_source(far_end, next_poll_at=now + timedelta(minutes=5))
    inactive = feed_source(far_end, active=False)
    with django_capture_on_commit_callbacks(execute=True):
        results = polling.poll_due(now)
    assert set(results) == {never_polled, due}
    for source in (never_polled, later, inactive):
        source.refresh_from_db()
    assert never_polled.next_poll_at - never_polled.last_polled_at == timedelta(
        minutes=30
    )
    assert later.last_polled_at is None and inactive.last_polled_at is None
    # Polled moments ago: not due again until its interval has passed.
    assert polling.poll_due() == {}


def test_the_command_polls_what_is_due_and_says_so(
    far_end, django_capture_on_commit_callbacks, capsys
):
    far_end.routes["/feed.xml"] = Reply(rss([ITEM]))
    feed_source(far_end)
    far_end.routes["/broken.xml"] = Reply(status=500)
    feed_source(far_end, "/broken.xml")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ugc_import_social")
    out = capsys.readouterr().out
    assert "Source /feed.xml: 1 found, 0 already there" in out
    assert (
        "Source /broken.xml: 0 found, 0 already there; errors: The server answered with HTTP status 500."
        in out
    )
    assert "sources polled: 2" in out


def test_a_poll_killed_half_way_duplicates_nothing(
    far_end, django_capture_on_commit_callbacks, monkeypatch
):
    items = [
        dict(ITEM, link=f"https://trails.example/posts/{n}", guid=str(n))
        for n in range(3)
    ]
    far_end.routes["/feed.xml"] = Reply(rss(items))
    source = feed_source(far_end)
    # The first poll dies after its first post: its state was never saved.
    found = polling.source_kind("rss").fetch(source)
    with django_capture_on_commit_callbacks(execute=True):
        assert polling.import_post(source, found.posts[0]) is True
    # Two polls at once both think the next post is new: the constraint decides.
    monkeypatch.setattr(polling, "already_imported", lambda key, link: False)
    with django_capture_on_commit_callbacks(execute=True):
        assert polling.import_post(source, found.posts[0]) is False
    monkeypatch.undo()
    result = poll(source, django_capture_on_commit_callbacks)
    assert (result.found, result.known) == (2, 1)
    assert Submission.objects.count() == 3


def test_found_post_goes_through_a_rights_request_to_the_site(
    far_end, django_capture_on_commit_callbacks, client, admin_client, admin_user
):
    far_end.routes["/feed.xml"] = Reply(rss([dict(ITEM, image=far_end.url("/1.jpg"))]))
    far_end.routes["/1.jpg"] = image_reply()
    source = feed_source(far_end)
    poll(source, django_capture_on_commit_callbacks)
    submission = Submission.objects.get()
    # No e-mail is known: the editor asks for the link to copy into a reply.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/ugc-rights/submission/{submission.pk}/", {"send_email": ""}
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.REQUESTED
    rights_request = submission.rights_requests.get()
    assert rights_request.sent_to == ""
    page = admin_client.get(f"/admin/ugc-rights/submission/{submission.pk}/")
    (link,) = set(
        re.findall(r"http://testserver(/ugc/rights/[^/\s<\"]+/)", page.content.decode())
    )
    # The author opens the link the editor copied and grants rights.
    assert client.get(link).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            link,
            {
                "answer": "grant",
                "credit_choice": "Ingrid Berg",
                "people_shown_consented": "on",
            },
        )
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.GRANTED
    assert not Submission.objects.displayable().exists()
    photo = submission.photos.get()
    photo.alt_text = "A tent by a lake."
    photo.save()
    submission.refresh_from_db()
    submission.save_revision(
        user=admin_user
    )  # the moderator's edit, as the editor saves it
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(submission, admin_user)
    assert list(Submission.objects.displayable()) == [submission]


def test_import_sources_in_the_admin(
    far_end, django_capture_on_commit_callbacks, admin_client
):
    far_end.routes["/feed.xml"] = Reply(rss([dict(ITEM, title="a < b & c")]))
    source = feed_source(far_end)
    listing = admin_client.get("/admin/snippets/wagtail_ugc/importsource/")
    assert listing.status_code == 200 and source.name in listing.content.decode()
    edit = admin_client.get(
        f"/admin/snippets/wagtail_ugc/importsource/edit/{source.pk}/"
    )
    poll_url = f"/admin/snippets/wagtail_ugc/importsource/poll/{source.pk}/"
    assert poll_url in edit.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        polled = admin_client.post(poll_url, follow=True)
    html = polled.content.decode()
    assert "Polled: 1 new posts found." in html
    source.refresh_from_db()
    assert source.last_found == 1
    # Found content: the submissions listing filtered to this source.
    (found_url,) = re.findall(r'href="([^"]*source=import[^"]*)"', html)
    found = admin_client.get(found_url.replace("&amp;", "&"))
    assert found.status_code == 200
    assert "Ingrid Berg" in found.content.decode()
    other = admin_client.get("/admin/snippets/wagtail_ugc/submission/?source=form")
    assert "Ingrid Berg" not in other.content.decode()
    inspect = admin_client.get(
        f"/admin/snippets/wagtail_ugc/submission/inspect/{Submission.objects.get().pk}/"
    )
    assert "a &lt; b &amp; c" in inspect.content.decode()


def test_a_source_s_error_is_shown_escaped(far_end, admin_client):
    source = feed_source(far_end, last_error='<img src=x onerror="alert(1)">')
    for url in (
        "/admin/snippets/wagtail_ugc/importsource/",
        f"/admin/snippets/wagtail_ugc/importsource/poll/{source.pk}/",
    ):
        html = admin_client.get(url).content.decode()
        assert "&lt;img src=x" in html and "<img src=x" not in html


def test_the_admin_form_checks_kind_address_and_hashtag(admin_client):
    add = "/admin/snippets/wagtail_ugc/importsource/add/"
    data = {
        "name": "Tag",
        "kind": "mastodon",
        "url": "ftp://mastodon.example",
        "hashtag": "",
        "poll_minutes": 60,
        "active": "on",
    }
    response = admin_client.post(add, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the hashtag to follow." in html
    response = admin_client.post(
        add, {**data, "url": "https://mastodon.example", "hashtag": "#trails"}
    )
    assert response.status_code == 302
    assert ImportSource.objects.get().hashtag == "trails"
    response = admin_client.post(add, {**data, "kind": "nope", "hashtag": "x"})
    assert response.status_code == 200 and ImportSource.objects.count() == 1


def test_only_editors_who_may_change_sources_may_poll(
    far_end, client, django_user_model
):
    source = feed_source(far_end)
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(user)
    assert client.post(
        f"/admin/snippets/wagtail_ugc/importsource/poll/{source.pk}/"
    ).status_code in (302, 403)
    source.refresh_from_db()
    assert source.last_polled_at is None
    assert Submission.objects.filter(source=Source.IMPORT).count() == 0
