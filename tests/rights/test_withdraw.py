"""A creator withdraws with the signed link from their e-mail: gone everywhere, at once."""

import pytest
from django.core import mail, signing
from django.test import Client
from wagtail.models import ModelLogEntry

from wagtail_ugc.links import WITHDRAW_SALT, withdraw_url
from wagtail_ugc.models import ConsentRecord, Submission
from wagtail_ugc.models.choices import ConsentAction, RightsStatus
from wagtail_ugc.signals import displayability_changed

from ..factories import SubmissionFactory, displayable_submission
from .helpers import public_files, published_photo_submission

pytestmark = pytest.mark.django_db


def test_the_link_opens_a_confirmation_page_and_changes_nothing(client):
    submission = displayable_submission()
    response = client.get(withdraw_url(submission))
    assert response.status_code == 200
    assert b"Withdraw it" in response.content
    assert response["Referrer-Policy"] == "same-origin"
    assert Submission.objects.displayable().filter(pk=submission.pk).exists()


def test_the_confirmation_page_speaks_the_creators_language(client):
    submission = displayable_submission(locale="sv")
    submission.creator.language = "sv"
    submission.creator.save()
    response = client.get(withdraw_url(submission))
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()


def test_posting_withdraws_hides_deletes_public_files_and_records_it(
    settings, moderator, django_capture_on_commit_callbacks
):
    submission = published_photo_submission()
    assert public_files(settings)
    signals = []

    def receiver(sender, submission_id, **kwargs):
        signals.append(submission_id)

    displayability_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(withdraw_url(submission))
    finally:
        displayability_changed.disconnect(receiver)
    assert response.status_code == 200
    assert b"withdrawn" in response.content
    assert not Submission.objects.displayable().filter(pk=submission.pk).exists()
    assert public_files(settings) == []
    assert signals == [submission.pk]
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.REVOKED
    assert submission.withdrawn_at is not None
    assert list(
        ConsentRecord.objects.filter(submission=submission).values_list(
            "action", flat=True
        )
    ) == [ConsentAction.REVOKE]
    assert ModelLogEntry.objects.filter(
        action="wagtail_ugc.withdraw", object_id=str(submission.pk)
    ).exists()
    (message,) = mail.outbox  # the locmem backend stands in for the mail server
    assert message.to == [moderator.email]
    assert f"#{submission.pk}" in message.subject


def test_withdrawing_twice_appends_one_revocation(client):
    submission = displayable_submission()
    client.post(withdraw_url(submission))
    response = client.post(withdraw_url(submission))
    assert response.status_code == 200
    assert ConsentRecord.objects.filter(submission=submission).count() == 1


def test_the_form_is_csrf_protected():
    submission = displayable_submission()
    client = Client(enforce_csrf_checks=True)
    assert client.post(withdraw_url(submission)).status_code == 403
    page = client.get(withdraw_url(submission))
    token = page.cookies["csrftoken"].value
    response = client.post(withdraw_url(submission), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.withdrawn_at is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-2] + ("aa" if not token.endswith("aa") else "bb"),
        lambda token: token[: len(token) // 2],
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_link_is_a_clear_400(client, mangle):
    submission = displayable_submission()
    url = withdraw_url(submission)
    token = url.rstrip("/").rsplit("/", 1)[1]
    response = client.post(url.replace(token, mangle(token)))
    assert response.status_code == 400
    assert b"This link does not work" in response.content
    assert Submission.objects.displayable().filter(pk=submission.pk).exists()


def test_a_token_cannot_be_moved_to_another_submission(client):
    mine = displayable_submission()
    other = displayable_submission()
    token = withdraw_url(mine).rstrip("/").rsplit("/", 1)[1]
    value, signature = token.split(":", 1)
    forged_value = signing.b64_encode(f'"{other.uuid}"'.encode()).decode()
    response = client.post(
        withdraw_url(mine).replace(token, f"{forged_value}:{signature}")
    )
    assert response.status_code == 400
    assert Submission.objects.displayable().filter(pk=other.pk).exists()


def test_a_token_for_another_purpose_is_refused(client):
    submission = displayable_submission()
    foreign = signing.dumps(str(submission.uuid), salt="something-else")
    url = withdraw_url(submission)
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert client.post(url.replace(token, foreign)).status_code == 400
    assert signing.loads(token, salt=WITHDRAW_SALT) == str(submission.uuid)


def test_the_link_of_an_erased_submission_says_nothing_is_held(client):
    submission = SubmissionFactory()
    url = withdraw_url(submission)
    submission.delete()
    response = client.get(url)
    assert response.status_code == 404
    assert b"Nothing to withdraw" in response.content
