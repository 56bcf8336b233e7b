"""Two moderators pressing buttons in the queue at the same moment: one decision, one clear 409.

Real simultaneous requests against a live server (tests/concurrency.py), each
moderator in their own browser session, on the database the suite runs on:
SQLite (a file, whose immediate transactions make the second decision wait
and then see the first) or PostgreSQL with DATABASE_URL (row locks). A
database another process keeps locked answers 503 and changes nothing.
"""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.concurrency import (
    TIMEOUT,
    at_once,
    locked_by_another_process,
    logged_in,
    serving,
)
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import ModerationStatus
from wagtail_ugc.moderation import actions

from .helpers import make_moderator, pending_submission

pytestmark = pytest.mark.django_db(transaction=True)


def press(site, session, submission, action, **data):
    """A moderator's button in the queue (sent as the queue's script sends it): status and message."""
    response = session.post(
        site + reverse(f"wagtail_ugc_queue:{action}", args=(submission.pk,)),
        data=data,
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    return response.status_code, response.json()["message"]


@pytest.fixture
def moderators(django_user_model):
    return (
        make_moderator(django_user_model, "alice"),
        make_moderator(django_user_model, "bob"),
    )


@pytest.mark.parametrize("repeat", range(3))
def test_approve_and_reject_at_once_answer_200_and_409(moderators, repeat):
    alice, bob = map(logged_in, moderators)
    submission = pending_submission()
    with serving() as site:
        approved, rejected = at_once(
            lambda: press(site, alice, submission, "approve"),
            lambda: press(
                site,
                bob,
                submission,
                "reject",
                category="guidelines",
                comment="Off topic.",
            ),
        )
    assert sorted([approved[0], rejected[0]]) == [200, 409]
    submission.refresh_from_db()
    if approved[0] == 200:
        assert submission.moderation_status == ModerationStatus.APPROVED
        assert submission.live
        assert rejected[1].startswith("Someone else decided first: Approved by alice")
    else:
        assert submission.moderation_status == ModerationStatus.REJECTED
        assert not submission.live
        assert approved[1].startswith("Someone else decided first: Rejected by bob")


def test_two_approvals_at_once_publish_once(moderators):
    alice, bob = map(logged_in, moderators)
    submission = pending_submission()
    with serving() as site:
        outcomes = at_once(
            lambda: press(site, alice, submission, "approve"),
            lambda: press(site, bob, submission, "approve"),
        )
    assert sorted(status for status, _message in outcomes) == [200, 409]
    assert Submission.objects.get(pk=submission.pk).live
    published = ModelLogEntry.objects.filter(
        object_id=str(submission.pk), action="wagtail.publish"
    )
    assert published.count() == 1


def test_an_edit_of_a_submission_decided_meanwhile_answers_409(moderators):
    alice, bob = moderators
    submission = pending_submission(credit_line="Ana B.")
    # Bob still has the queue open when Alice approves.
    actions.approve(submission, alice)
    client = Client()
    client.force_login(bob)
    response = client.post(
        reverse("wagtail_ugc_queue:edit_inline", args=(submission.pk,)),
        {"credit_line": "Someone else"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 409
    assert response.json()["message"].startswith(
        "Someone else decided first: Approved by alice"
    )
    submission.refresh_from_db()
    assert submission.credit_line == "Ana B."
    assert submission.get_latest_revision_as_object().credit_line == "Ana B."


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's database-wide write lock"
)
def test_a_decision_the_locked_database_cannot_write_answers_503(moderators):
    alice, _bob = moderators
    submission = pending_submission()
    client = Client()
    client.force_login(alice)
    with locked_by_another_process():
        response = client.post(
            reverse("wagtail_ugc_queue:approve", args=(submission.pk,)),
            HTTP_X_REQUESTED_WITH="XMLHttpRequest",
        )
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "nothing was changed" in response.json()["message"]
    submission.refresh_from_db()
    assert submission.moderation_status == ModerationStatus.PENDING
    assert not submission.live
    # The same press once the database is free again approves it.
    response = client.post(
        reverse("wagtail_ugc_queue:approve", args=(submission.pk,)),
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
