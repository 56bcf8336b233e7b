"""Two moderators deciding on one submission at the same moment end in exactly one outcome.

Real concurrent transactions: each moderator acts in its own thread with its
own database connection. PostgreSQL locks the submission's row; SQLite (a
file database, tests/settings.py) has no row locks, and the example site's
immediate transactions make the second decision wait for the first and then
see it. The queue's buttons, over HTTP: test_race_http.py.
"""

import threading

import pytest
from django.db import connections

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import RejectionCategory
from wagtail_ugc.moderation import actions

from .helpers import make_moderator, pending_submission

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(*decisions):
    """Start every decision at the same moment; return what each one ended in."""
    barrier = threading.Barrier(len(decisions))
    outcomes = [None] * len(decisions)

    def run(index, decision):
        try:
            barrier.wait()
            decision()
            outcomes[index] = "done"
        except actions.ModerationConflict as conflict:
            outcomes[index] = conflict.message
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, decision))
        for index, decision in enumerate(decisions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("repeat", range(3))
def test_approve_and_reject_at_once_end_in_one_outcome(django_user_model, repeat):
    alice = make_moderator(django_user_model, "alice")
    bob = make_moderator(django_user_model, "bob")
    submission = pending_submission()
    outcomes = run_at_once(
        lambda: actions.approve(Submission.objects.get(pk=submission.pk), alice),
        lambda: actions.reject(
            Submission.objects.get(pk=submission.pk),
            bob,
            category=RejectionCategory.GUIDELINES,
            reason="Off topic.",
        ),
    )
    assert outcomes.count("done") == 1, outcomes
    (message,) = [outcome for outcome in outcomes if outcome != "done"]
    assert message.startswith("Someone else decided first")
    submission.refresh_from_db()
    if outcomes[0] == "done":
        assert submission.moderation_status == "approved" and submission.live
        assert "alice" in message
    else:
        assert submission.moderation_status == "rejected" and not submission.live
        assert "bob" in message


def test_two_approvals_at_once_publish_once(django_user_model):
    alice = make_moderator(django_user_model, "alice")
    bob = make_moderator(django_user_model, "bob")
    submission = pending_submission()
    outcomes = run_at_once(
        lambda: actions.approve(Submission.objects.get(pk=submission.pk), alice),
        lambda: actions.approve(Submission.objects.get(pk=submission.pk), bob),
    )
    assert sorted(outcome == "done" for outcome in outcomes) == [False, True]
    from wagtail.models import ModelLogEntry

    assert (
        ModelLogEntry.objects.filter(
            object_id=str(submission.pk), action="wagtail.publish"
        ).count()
        == 1
    )


def test_overlapping_bulk_approvals_in_opposite_orders_approve_each_once(
    django_user_model,
):
    """Rows are locked in one order whatever the selection's order: no deadlock."""
    from wagtail.models import ModelLogEntry

    from wagtail_ugc.models.choices import Kind

    alice = make_moderator(django_user_model, "alice")
    bob = make_moderator(django_user_model, "bob")
    items = [pending_submission(kind=Kind.REVIEW) for _ in range(6)]
    results = {}

    def bulk(name, user, selection):
        def decide():
            fresh = [Submission.objects.get(pk=item.pk) for item in selection]
            results[name] = actions.approve_many(fresh, user)

        return decide

    outcomes = run_at_once(
        bulk("alice", alice, items[:4]),
        bulk("bob", bob, list(reversed(items[2:]))),
    )
    assert outcomes == ["done", "done"]
    approvals = [
        submission.pk
        for pairs in results.values()
        for submission, outcome in pairs
        if isinstance(outcome, Submission)
    ]
    assert sorted(approvals) == sorted(item.pk for item in items)
    conflicts = [
        outcome
        for pairs in results.values()
        for _submission, outcome in pairs
        if isinstance(outcome, actions.ModerationConflict)
    ]
    assert len(conflicts) == 2
    assert all(c.message.startswith("Someone else decided first") for c in conflicts)
    assert Submission.objects.filter(live=True).count() == 6
    assert (
        ModelLogEntry.objects.filter(action="wagtail.publish")
        .filter(object_id__in=[str(item.pk) for item in items])
        .count()
        == 6
    )
