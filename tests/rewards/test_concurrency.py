"""Moderators approving at the same instant get distinct codes, and no submission gets two.

Real concurrent transactions, each in its own thread with its own database
connection. On PostgreSQL the free codes are read FOR UPDATE SKIP LOCKED and
taken by a conditional update; SQLite (a file database, tests/settings.py)
lets one writer at a time.
"""

from collections import Counter

import pytest
from django.db import connection

from wagtail_ugc.models import ConsentRecord, RewardCode, Submission
from wagtail_ugc.models.choices import ConsentAction, Kind
from wagtail_ugc.moderation import actions

from ..moderation.helpers import make_moderator
from ..moderation.test_race import run_at_once
from .helpers import campaign_with_codes, pending_in

pytestmark = pytest.mark.django_db(transaction=True)


def assert_one_code_each():
    handed = RewardCode.objects.filter(submission__isnull=False)
    by_submission = Counter(handed.values_list("submission_id", flat=True))
    assert all(count == 1 for count in by_submission.values())
    assert not RewardCode.objects.filter(
        submission__isnull=False, assigned_at__isnull=True
    ).exists()
    rewards = ConsentRecord.objects.filter(action=ConsentAction.REWARD)
    assert Counter(rewards.values_list("reward_code_id", flat=True)) == Counter(
        handed.values_list("pk", flat=True)
    )
    return handed


def test_moderators_approving_at_once_get_distinct_codes(django_user_model):
    campaign = campaign_with_codes(5)
    submissions = [pending_in(campaign, kind=Kind.REVIEW) for _ in range(8)]
    moderators = [
        make_moderator(django_user_model, f"mod{index}") for index in range(8)
    ]

    def approving(submission, moderator):
        return lambda: actions.approve(
            Submission.objects.get(pk=submission.pk), moderator
        )

    outcomes = run_at_once(
        *[approving(s, m) for s, m in zip(submissions, moderators, strict=True)]
    )
    assert outcomes == ["done"] * 8, outcomes
    assert (
        Submission.objects.filter(
            pk__in=[s.pk for s in submissions], moderation_status="approved"
        ).count()
        == 8
    )
    handed = assert_one_code_each()
    assert handed.count() == 5
    assert RewardCode.objects.filter(assigned_at__isnull=True).count() == 0
    # Each handed-out code went to the moderator who approved that submission.
    for record in ConsentRecord.objects.filter(action=ConsentAction.REWARD):
        index = [s.pk for s in submissions].index(record.submission_id)
        assert record.recorded_by == moderators[index]


def test_the_same_submission_approved_twice_at_once_gets_one_code(django_user_model):
    campaign = campaign_with_codes(5)
    submission = pending_in(campaign, kind=Kind.REVIEW)
    alice = make_moderator(django_user_model, "alice")
    bob = make_moderator(django_user_model, "bob")
    outcomes = run_at_once(
        lambda: actions.approve(Submission.objects.get(pk=submission.pk), alice),
        lambda: actions.approve(Submission.objects.get(pk=submission.pk), bob),
    )
    assert sorted(outcome == "done" for outcome in outcomes) == [False, True]
    assert assert_one_code_each().count() == 1


def test_overlapping_bulk_approvals_at_once(django_user_model):
    campaign = campaign_with_codes(7)
    items = [pending_in(campaign, kind=Kind.REVIEW) for _ in range(10)]
    alice = make_moderator(django_user_model, "alice")
    bob = make_moderator(django_user_model, "bob")
    carol = make_moderator(django_user_model, "carol")

    def bulk(user, selection):
        return lambda: actions.approve_many(
            [Submission.objects.get(pk=item.pk) for item in selection], user
        )

    outcomes = run_at_once(
        bulk(alice, items[:5]),
        bulk(bob, list(reversed(items[3:8]))),
        bulk(carol, items[6:]),
    )
    assert outcomes == ["done"] * 3, outcomes
    assert Submission.objects.filter(live=True).count() == 10
    assert assert_one_code_each().count() == 7


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: PostgreSQL only"
)
def test_a_locked_free_code_is_skipped_not_waited_for(django_user_model):
    """SKIP LOCKED: while one transaction holds a free code, another takes the next one."""
    import threading

    from django.db import connections, transaction

    from wagtail_ugc.rewards.handout import hand_out

    campaign = campaign_with_codes(2)
    first, second = (pending_in(campaign, kind=Kind.REVIEW) for _ in range(2))
    Submission.objects.filter(pk__in=[first.pk, second.pk]).update(
        moderation_status="approved"
    )
    holding, release = threading.Event(), threading.Event()
    taken = {}

    def hold_first():
        try:
            with transaction.atomic():
                taken["first"] = [c.pk for c in hand_out([first.pk])]
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold_first)
    thread.start()
    assert holding.wait(30)
    with transaction.atomic():
        taken["second"] = [c.pk for c in hand_out([second.pk])]
    release.set()
    thread.join(30)
    assert len(taken["first"]) == len(taken["second"]) == 1
    assert taken["first"] != taken["second"]
