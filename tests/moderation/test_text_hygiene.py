"""Admin edits of a submission are cleaned like a visitor's text: the edit form and the queue's inline edit."""

import pytest
from django.urls import reverse
from wagtail.models import Revision

from wagtail_ugc.models import Submission

from ..admin_forms import form_data
from .helpers import make_moderator, pending_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, django_user_model):
    client.force_login(make_moderator(django_user_model))
    return client


def edit_url(submission):
    return reverse("wagtailsnippets_wagtail_ugc_submission:edit", args=(submission.pk,))


def test_the_edit_form_cleans_credit_caption_and_alt_text(moderator_client):
    submission = pending_submission()
    url = edit_url(submission)
    data = form_data(moderator_client.get(url).content.decode())
    data.update(
        {
            "credit_line": "\u202eBob\u200b\r\nSubject: x",
            "credit_url": "https://bob.example/\u200b",
            "text": "A tent\u2066 by the lake.\r\nMorning.\x07",
            "photos-0-alt_text": "A green\u200b tent\u202e\nby a lake",
        }
    )

    response = moderator_client.post(url, data)

    assert response.status_code == 302
    draft = Submission.objects.get(pk=submission.pk).get_latest_revision_as_object()
    assert draft.credit_line == "Bob Subject: x"
    assert draft.credit_url == "https://bob.example/"
    assert draft.text == "A tent by the lake.\nMorning."
    assert [photo.alt_text for photo in draft.photos.all()] == [
        "A green tent by a lake"
    ]


def test_the_edit_form_refuses_a_credit_link_that_is_not_http(moderator_client):
    submission = pending_submission()
    revisions = Revision.objects.for_instance(submission).count()
    url = edit_url(submission)
    data = form_data(moderator_client.get(url).content.decode())
    data["credit_url"] = "ftp://bob.example/"

    response = moderator_client.post(url, data)

    assert response.status_code == 200
    assert "Enter a valid URL." in response.content.decode()
    assert Revision.objects.for_instance(submission).count() == revisions


def test_the_queues_inline_edit_cleans_credit_and_alt_text(moderator_client):
    submission = pending_submission(credit_line="", alt_text="")
    photo = submission.photos.get()

    response = moderator_client.post(
        reverse("wagtail_ugc_queue:edit_inline", args=(submission.pk,)),
        {
            "credit_line": "Ana\u202e\r\nBcc: x@example.com\u200b",
            f"alt_text-{photo.uuid}": "\u2067A red tent\u200b\r\non snow",
        },
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert response.json()["ok"] is True
    submission.refresh_from_db()
    assert submission.credit_line == "Ana Bcc: x@example.com"
    assert submission.photos.get().alt_text == "A red tent on snow"
    draft = submission.get_latest_revision_as_object()
    assert draft.credit_line == "Ana Bcc: x@example.com"
    assert [item.alt_text for item in draft.photos.all()] == ["A red tent on snow"]
