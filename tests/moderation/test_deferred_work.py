"""With a task worker, approving costs the moderator only the decision itself.

These tests use django-tasks' dummy backend, which holds tasks the way a
queue would until a worker (here, the test) runs them.
"""

import pytest
from django.core import mail

from wagtail_ugc.models import UGCImage
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.moderation import actions
from wagtail_ugc.rights.revocation import withdraw

from .helpers import make_moderator, pending_submission, run_worker

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("deferred_tasks"),
]


def test_the_creator_is_told_by_the_worker_not_during_the_request(
    django_user_model, django_capture_on_commit_callbacks, deferred_tasks
):
    moderator = make_moderator(django_user_model)
    submission = pending_submission()
    deferred_tasks.clear()
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(submission, moderator)
    assert mail.outbox == []
    assert not UGCImage.objects.filter(photo__submission=submission).exists()

    ran = run_worker(deferred_tasks)
    assert "notify_creator_task" in ran
    assert "publish_public_files_task" in ran
    assert [message.to for message in mail.outbox] == [[submission.creator.email]]
    assert "is now on" in mail.outbox[0].subject
    assert UGCImage.objects.filter(photo__submission=submission).count() == 1


def test_no_approval_email_for_a_submission_withdrawn_before_the_worker_ran(
    django_user_model, django_capture_on_commit_callbacks, deferred_tasks
):
    moderator = make_moderator(django_user_model)
    submission = pending_submission(kind=Kind.REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(submission, moderator)
    withdraw(submission)
    mail.outbox = []
    run_worker(deferred_tasks)
    told = [message for message in mail.outbox if "is now on" in message.subject]
    assert told == []


def test_an_approval_stays_within_its_query_budget(
    django_user_model, django_assert_max_num_queries
):
    """Wagtail's workflow code on its own reads the submission and its revision
    several times over (73 queries here, 43 with the rows the decision hands
    it); the decision writes each table once instead (moderation/together.py),
    and Wagtail's index updates go to the worker."""
    moderator = make_moderator(django_user_model)
    submission = pending_submission(photos=2)
    with django_assert_max_num_queries(20):
        actions.approve(submission, moderator)


def test_approve_many_decides_each_submission_once(django_user_model):
    moderator = make_moderator(django_user_model)
    first = pending_submission(kind=Kind.REVIEW)
    second = pending_submission(kind=Kind.REVIEW, credit_line="")
    outcomes = actions.approve_many([first, second, first], moderator)
    assert [submission.pk for submission, _outcome in outcomes] == [
        first.pk,
        second.pk,
    ]
    assert outcomes[0][1].live and first.live
    assert isinstance(outcomes[1][1], actions.ApprovalRefused)
    assert "The credit line is missing." in outcomes[1][1].missing
