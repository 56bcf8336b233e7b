"""Many visitors sending at the same moment: every one gets an answer, no 5xx, nothing half-written.

Real simultaneous requests against a live server (tests/concurrency.py), on
the database the suite runs on: SQLite (a file, with the example site's
immediate transactions and WAL) or PostgreSQL with DATABASE_URL. Then, on
SQLite, a database another process keeps locked: the form comes back as a 503
instead of a 500, with what was typed, and nothing is saved or counted.
"""

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from tests.concurrency import at_once, locked_by_another_process, serving, visitor_post
from wagtail_ugc.models import ConsentRecord, Submission
from wagtail_ugc.models.choices import ConsentAction, ProcessingState, RightsStatus

from .conftest import form_data, private_files

VISITORS = 20

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's database-wide write lock"
)


def review(index):
    return form_data(
        kind="review",
        name=f"Visitor {index}",
        email=f"visitor{index}@example.com",
        credit_line=f"@visitor{index}",
        text=f"Visitor {index}: the boots kept my feet dry.",
    )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reviews_are_all_saved_whole(campaign, settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "RATE_LIMIT_PER_IP": 1000}
    path = reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})
    with serving() as site:
        statuses = at_once(
            *(
                lambda index=index: visitor_post(site, path, review(index))
                for index in range(VISITORS)
            )
        )
    assert statuses == [302] * VISITORS
    submissions = Submission.objects.select_related("creator").order_by("pk")
    assert sorted(s.creator.email for s in submissions) == sorted(
        f"visitor{index}@example.com" for index in range(VISITORS)
    )
    for submission in submissions:
        index = submission.creator.email.removeprefix("visitor").split("@")[0]
        assert submission.text == f"Visitor {index}: the boots kept my feet dry."
        assert submission.credit_line == f"@visitor{index}"
        assert submission.processing_state == ProcessingState.READY
        assert submission.rights_status == RightsStatus.GRANTED
        [consent] = ConsentRecord.objects.filter(submission=submission)
        assert consent.action == ConsentAction.GRANT
        assert consent.creator_id == submission.creator_id
    confirmed = sorted(
        message.to[0] for message in mail.outbox if message.to[0].startswith("visitor")
    )
    assert confirmed == sorted(
        f"visitor{index}@example.com" for index in range(VISITORS)
    )


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_locked_database_gives_the_form_back_with_503(client, campaign, settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "RATE_LIMIT_PER_EMAIL": 1}
    url = reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})
    with locked_by_another_process():
        response = client.post(url, review(1), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "please send it again in a moment" in page
    # What was typed comes back.
    assert "Visitor 1: the boots kept my feet dry." in page
    assert 'value="visitor1@example.com"' in page
    assert not Submission.objects.exists()
    # Once the lock is gone the same post is saved: the refused one was not
    # counted against the e-mail address's limit of one.
    assert client.post(url, review(1), REMOTE_ADDR="203.0.113.7").status_code == 302
    assert Submission.objects.count() == 1


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_photo_the_locked_database_cannot_save_leaves_no_file(
    client, campaign, private_root
):
    url = reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})
    with locked_by_another_process():
        response = client.post(url, form_data(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 503
    assert (
        "browsers forget chosen files: please choose your photos again."
        in response.content.decode()
    )
    assert not Submission.objects.exists()
    assert private_files(private_root) == []
