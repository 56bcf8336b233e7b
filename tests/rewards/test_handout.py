"""Approval hands each submission of a campaign with a pool one code, records it in the ledger and e-mails it once."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from wagtail_ugc.models import ConsentRecord, RewardCode
from wagtail_ugc.models.choices import ConsentAction, ConsentMethod, Kind
from wagtail_ugc.moderation import actions
from wagtail_ugc.rewards.pool import codes_left

from ..moderation.helpers import make_moderator, pending_submission, run_worker
from .helpers import campaign_with_codes, code_of, pending_in

pytestmark = pytest.mark.django_db


def test_approval_hands_out_one_code_and_records_it(django_user_model):
    moderator = make_moderator(django_user_model)
    campaign = campaign_with_codes(3)
    submission = pending_in(campaign, kind=Kind.REVIEW)
    actions.approve(submission, moderator)
    code = code_of(submission)
    assert code is not None and code.assigned_at is not None
    assert code.code.startswith("CODE-")
    assert codes_left(campaign) == 2
    (record,) = ConsentRecord.objects.filter(action=ConsentAction.REWARD)
    assert record.method == ConsentMethod.APPROVAL
    assert record.reward_code == code
    assert record.submission == submission
    assert record.creator == submission.creator
    assert record.recorded_by == moderator


def test_a_campaign_without_a_pool_hands_out_nothing(django_user_model):
    moderator = make_moderator(django_user_model)
    submission = pending_submission(kind=Kind.REVIEW)
    actions.approve(submission, moderator)
    assert not RewardCode.objects.exists()
    assert not ConsentRecord.objects.filter(action=ConsentAction.REWARD).exists()


def test_approving_again_after_unpublishing_gives_no_second_code(django_user_model):
    moderator = make_moderator(django_user_model)
    campaign = campaign_with_codes(3)
    submission = pending_in(campaign, kind=Kind.REVIEW)
    actions.approve(submission, moderator)
    first = code_of(submission)
    # Back to pending (as after unpublishing and editing), then approved again.
    submission.refresh_from_db()
    submission.unpublish(user=moderator)
    type(submission).objects.filter(pk=submission.pk).update(
        moderation_status="pending"
    )
    submission.refresh_from_db()
    from wagtail_ugc.moderation.receivers import enter_workflow

    enter_workflow(submission, moderator)
    actions.approve(submission, moderator)
    submission.refresh_from_db()
    assert submission.moderation_status == "approved"
    assert code_of(submission) == first
    assert RewardCode.objects.filter(assigned_at__isnull=False).count() == 1
    assert ConsentRecord.objects.filter(action=ConsentAction.REWARD).count() == 1


def test_reversing_a_rejection_hands_out_a_code(django_user_model):
    moderator = make_moderator(django_user_model)
    campaign = campaign_with_codes(2)
    submission = pending_in(campaign, kind=Kind.REVIEW)
    actions.reject(submission, moderator, category="other", reason="Blurry.")
    assert code_of(submission) is None
    actions.reverse_rejection(submission, moderator)
    assert code_of(submission) is not None


def test_an_empty_pool_still_approves_and_tells_the_moderators_once(
    django_user_model, django_capture_on_commit_callbacks
):
    moderator = make_moderator(django_user_model)
    campaign = campaign_with_codes(1)
    first, second, third = (pending_in(campaign, kind=Kind.REVIEW) for _ in range(3))
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(first, moderator)
    warnings = [m for m in mail.outbox if m.to == [moderator.email]]
    # Its last code went: the pool is at its warning level (0).
    assert len(warnings) == 1
    assert campaign.title in warnings[0].subject
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(second, moderator)
        actions.approve(third, moderator)
    second.refresh_from_db()
    assert second.moderation_status == "approved" and second.live
    assert code_of(second) is None and code_of(third) is None
    assert [m for m in mail.outbox if m.to == [moderator.email]] == []


def test_the_low_pool_warning_goes_once_per_crossing(
    django_user_model, django_capture_on_commit_callbacks
):
    from wagtail_ugc.rewards.pool import add_codes

    moderator = make_moderator(django_user_model)
    campaign = campaign_with_codes(5, low_at=3)
    submissions = [pending_in(campaign, kind=Kind.REVIEW) for _ in range(5)]

    def warnings_after(approving):
        mail.outbox = []
        with django_capture_on_commit_callbacks(execute=True):
            for submission in approving:
                actions.approve(submission, moderator)
        return [m for m in mail.outbox if m.to == [moderator.email]]

    assert warnings_after(submissions[:1]) == []  # 4 left
    assert len(warnings_after(submissions[1:2])) == 1  # 3 left: crossed
    assert warnings_after(submissions[2:4]) == []  # 2, 1 left: told already
    # Refilled above the level: the next crossing is told again.
    add_codes(campaign, ["NEW-1", "NEW-2", "NEW-3", "NEW-4"])  # 5 left
    more = [pending_in(campaign, kind=Kind.REVIEW) for _ in range(2)]
    assert len(warnings_after([submissions[4], *more])) == 1  # 4, 3, 2


def test_bulk_approval_of_fifty_with_twenty_codes(django_user_model):
    moderator = make_moderator(django_user_model)
    campaign = campaign_with_codes(20)
    submissions = [pending_in(campaign, kind=Kind.REVIEW) for _ in range(50)]
    outcomes = actions.approve_many(submissions, moderator)
    assert all(not isinstance(outcome, Exception) for _s, outcome in outcomes)
    given = RewardCode.objects.filter(submission__isnull=False)
    assert given.count() == 20
    assert len(set(given.values_list("submission_id", flat=True))) == 20
    assert codes_left(campaign) == 0
    # The first twenty, in order.
    assert set(given.values_list("submission_id", flat=True)) == {
        s.pk for s in submissions[:20]
    }
    assert ConsentRecord.objects.filter(action=ConsentAction.REWARD).count() == 20


def test_the_code_is_e_mailed_once_in_the_creators_language(
    django_user_model, deferred_tasks, django_capture_on_commit_callbacks
):
    moderator = make_moderator(django_user_model)
    campaign = campaign_with_codes(2)
    submission = pending_in(campaign, kind=Kind.REVIEW, locale="da")
    submission.creator.language = "da"
    submission.creator.save()
    run_worker(deferred_tasks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(submission, moderator)
    mail.outbox = []
    names = run_worker(deferred_tasks)
    assert any(name.endswith("send_reward_codes_task") for name in names)
    (message,) = [
        m for m in mail.outbox if "Hej" in m.body and code_of(submission).code in m.body
    ]
    assert message.to == [submission.creator.email]
    html = message.alternatives[0][0]
    assert 'lang="da"' in html and code_of(submission).code in html
    assert code_of(submission).sent_at is not None
    # Queued again (a lost task, the sweep): nothing more is sent.
    mail.outbox = []
    call_command("ugc_process_received", "--older-than", "0", stdout=io.StringIO())
    run_worker(deferred_tasks)
    assert not [m for m in mail.outbox if code_of(submission).code in m.body]


def test_the_sweep_sends_a_code_whose_task_was_lost(django_user_model, deferred_tasks):
    moderator = make_moderator(django_user_model)
    campaign = campaign_with_codes(1)
    submission = pending_in(campaign, kind=Kind.REVIEW, locale="sv")
    run_worker(deferred_tasks)
    actions.approve(submission, moderator)  # its on-commit task never queued
    deferred_tasks.clear()
    mail.outbox = []
    call_command("ugc_process_received", "--older-than", "0", stdout=io.StringIO())
    run_worker(deferred_tasks)
    code = code_of(submission)
    (message,) = [m for m in mail.outbox if code.code in m.body]
    # Swedish, from the submission's language (the greeting is translated).
    assert message.body.startswith("Hej ")
    assert 'lang="sv"' in message.alternatives[0][0]
    code.refresh_from_db()
    assert code.sent_at is not None


def test_erasure_keeps_the_code_handed_out_and_export_lists_it(django_user_model):
    from wagtail_ugc.rights.erasure import erase_creator
    from wagtail_ugc.rights.export import creator_data

    moderator = make_moderator(django_user_model)
    campaign = campaign_with_codes(2)
    submission = pending_in(campaign, kind=Kind.REVIEW)
    actions.approve(submission, moderator)
    code = code_of(submission)
    data, _files = creator_data(submission.creator.email)
    (item,) = data["submissions"]
    assert [entry["code"] for entry in item["reward_codes"]] == [code.code]
    erase_creator(submission.creator.email, user=moderator)
    code.refresh_from_db()
    assert code.submission is None and code.assigned_at is not None
    assert codes_left(campaign) == 1
    other = pending_in(campaign, kind=Kind.REVIEW)
    actions.approve(other, moderator)
    assert code_of(other) != code


def test_no_codes_for_a_submission_without_campaign(django_user_model):
    moderator = make_moderator(django_user_model)
    campaign_with_codes(2)
    submission = pending_submission(kind=Kind.REVIEW, campaign=None)
    actions.approve(submission, moderator)
    assert not RewardCode.objects.filter(submission__isnull=False).exists()
