"""Every way a moderator approves in the admin hands out a code: the queue, bulk approval, Wagtail's workflow button."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState

from wagtail_ugc.models import RewardCode
from wagtail_ugc.models.choices import Kind

from ..moderation.helpers import make_moderator
from .helpers import campaign_with_codes, code_of, pending_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, django_user_model):
    client.force_login(make_moderator(django_user_model))
    return client


def test_the_queue_button(moderator_client):
    campaign = campaign_with_codes(2)
    submission = pending_in(campaign, kind=Kind.REVIEW)
    moderator_client.post(reverse("wagtail_ugc_queue:approve", args=(submission.pk,)))
    assert code_of(submission) is not None


def test_wagtails_workflow_button(moderator_client):
    campaign = campaign_with_codes(2)
    submission = pending_in(campaign, kind=Kind.REVIEW)
    task_state = TaskState.objects.for_instance(submission).get()
    moderator_client.post(
        reverse(
            "wagtailsnippets_wagtail_ugc_submission:workflow_action",
            args=(submission.pk, "approve", task_state.pk),
        )
    )
    assert code_of(submission) is not None


def test_the_bulk_action(moderator_client):
    campaign = campaign_with_codes(2)
    submissions = [pending_in(campaign, kind=Kind.REVIEW) for _ in range(3)]
    url = (
        reverse(
            "wagtail_bulk_action",
            args=("wagtail_ugc", "submission", "ugc_approve"),
        )
        + "?"
        + "&".join(f"id={s.pk}" for s in submissions)
        + "&next=/admin/"
    )
    response = moderator_client.post(url)
    assert response.status_code == 302
    assert RewardCode.objects.filter(submission__isnull=False).count() == 2


def test_the_dashboard_warns_of_low_pools(moderator_client):
    campaign = campaign_with_codes(3, low_at=2)
    home = reverse("wagtailadmin_home")
    assert "data-ugc-rewards-low" not in moderator_client.get(home).content.decode()
    from wagtail_ugc.moderation import actions

    submission = pending_in(campaign, kind=Kind.REVIEW)
    actions.approve(submission, None)  # as the trusted-creator rule does
    page = moderator_client.get(home).content.decode()
    assert "data-ugc-rewards-low" in page
    assert campaign.title in page and "2 codes left" in page
