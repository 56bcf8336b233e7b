"""The queue's approve, reject and inline edit go back to ``next`` only on this site; else to the queue."""

import pytest
from django.urls import reverse

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import ModerationStatus

from .helpers import make_moderator, pending_submission

pytestmark = pytest.mark.django_db

QUEUE = "/admin/ugc/queue/"

HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/x",
    "///evil.example/x",
    "https:///evil.example/",
    "\\\\evil.example",
    "/\\evil.example",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " //evil.example",
    "\x00//evil.example",
    "https://évil.example/ä",
    "/" + "a" * 5000,
]


def post(client, view, submission, next_url, **extra):
    data = {"next": next_url}
    if view == "reject":
        data.update(category="guidelines", comment="Off topic")
    if view == "edit_inline":
        data.update(credit_line="Ana")
    return client.post(
        reverse(f"wagtail_ugc_queue:{view}", args=(submission.pk,)), data, **extra
    )


@pytest.fixture
def moderator_client(client, django_user_model):
    client.force_login(make_moderator(django_user_model))
    return client


@pytest.mark.parametrize("view", ["approve", "reject", "edit_inline"])
@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_a_next_off_this_site_goes_back_to_the_queue(moderator_client, view, next_url):
    submission = pending_submission()

    response = post(moderator_client, view, submission, next_url)

    assert response.status_code == 302
    assert response["Location"] == QUEUE


def test_the_decision_is_made_whatever_next_says(moderator_client):
    submission = pending_submission()

    post(moderator_client, "approve", submission, "https://evil.example/")

    decided = Submission.objects.get(pk=submission.pk)
    assert decided.moderation_status == ModerationStatus.APPROVED


@pytest.mark.parametrize(
    "next_url", [f"{QUEUE}?p=2", "/admin/", "http://testserver/admin/ugc/queue/"]
)
def test_a_next_on_this_site_is_followed(moderator_client, next_url):
    submission = pending_submission()

    response = post(moderator_client, "approve", submission, next_url)

    assert response["Location"] == next_url


def test_over_https_a_plain_http_next_is_not_followed(moderator_client):
    submission = pending_submission()

    response = post(
        moderator_client,
        "approve",
        submission,
        "http://testserver/admin/",
        secure=True,
    )

    assert response["Location"] == QUEUE


def test_a_refused_decision_also_goes_back_to_the_queue(moderator_client):
    submission = pending_submission(credit_line="")  # cannot be approved yet

    response = post(moderator_client, "approve", submission, "//evil.example/x")

    assert response.status_code == 302
    assert response["Location"] == QUEUE


def test_a_next_with_a_line_break_adds_no_header(moderator_client):
    submission = pending_submission()

    response = post(
        moderator_client, "approve", submission, "/admin/\r\nSet-Cookie: x=1"
    )

    assert response.status_code == 302
    assert "x" not in response.cookies
    assert "\n" not in response["Location"] and "\r" not in response["Location"]
