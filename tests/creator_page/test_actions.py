"""What a creator does on their page: change the credit, withdraw one or all, download their data."""

import io
import json
import zipfile

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from wagtail_ugc.models import ConsentRecord, Submission
from wagtail_ugc.models.choices import ConsentAction, ConsentMethod, RightsStatus
from wagtail_ugc.moderation import actions

from ..display.helpers import gallery_page, gallery_value, photo_submission
from ..factories import CreatorFactory, SubmissionFactory, displayable_submission
from ..moderation.helpers import make_moderator, pending_submission
from .helpers import page_path

pytestmark = pytest.mark.django_db

OLD, NEW = "Ana the hiker", "@ana_outdoors"


def change_credit(creator, submission, credit_line, credit_url="", client=None):
    path = page_path(creator, "creator_credit", submission_uuid=submission.uuid)
    return (client or Client()).post(
        path, {"credit_line": credit_line, "credit_url": credit_url}
    )


def test_a_new_credit_shows_in_the_gallery_on_the_next_request(
    page_cache, django_capture_on_commit_callbacks
):
    creator = CreatorFactory()
    submission = photo_submission(creator=creator, credit_line=OLD)
    page = gallery_page(("ugc_gallery", gallery_value()[1]), slug="gallery")
    assert OLD in Client().get(page.url).content.decode()
    assert OLD in Client().get(page.url).content.decode()  # now from the page cache

    form = Client().get(
        page_path(creator, "creator_credit", submission_uuid=submission.uuid)
    )
    assert form.status_code == 200 and f'value="{OLD}"' in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = change_credit(creator, submission, NEW, "https://ana.example/")
    assert response.status_code == 302
    assert "done=credit" in response["Location"]

    html = Client().get(page.url).content.decode()
    assert NEW in html and OLD not in html
    assert 'href="https://ana.example/"' in html
    assert (
        "Your new credit is saved"
        in Client().get(response["Location"]).content.decode()
    )


def test_a_new_credit_is_written_to_the_ledger_the_revision_and_the_audit_log():
    creator = CreatorFactory()
    submission = displayable_submission(creator=creator, credit_line=OLD)
    submission.save_revision().publish()
    change_credit(creator, submission, NEW, "https://ana.example/")

    submission.refresh_from_db()
    assert (submission.credit_line, submission.credit_url) == (
        NEW,
        "https://ana.example/",
    )
    (record,) = ConsentRecord.objects.filter(action=ConsentAction.CREDIT)
    assert record.submission == submission and record.creator == creator
    assert record.method == ConsentMethod.CREATOR_PAGE
    assert (record.credit_line, record.credit_url) == (NEW, "https://ana.example/")
    assert record.user_agent is not None and record.ip_hash
    # What is live and its latest revision agree, and nothing waits as a draft.
    assert submission.live and not submission.has_unpublished_changes
    assert submission.live_revision_id == submission.latest_revision_id
    assert submission.latest_revision.as_object().credit_line == NEW
    # Still approved and shown: a creator's credit is not a moderator's decision.
    assert Submission.objects.displayable().filter(pk=submission.pk).exists()
    assert ModelLogEntry.objects.filter(
        action="wagtail_ugc.credit_changed", object_id=str(submission.pk)
    ).exists()


def test_a_credit_changed_while_waiting_for_moderation_survives_approval(
    django_user_model,
):
    submission = pending_submission(credit_line=OLD)
    creator = submission.creator
    assert submission.latest_revision_id and submission.has_unpublished_changes
    change_credit(creator, submission, NEW)
    actions.approve(
        Submission.objects.get(pk=submission.pk), make_moderator(django_user_model)
    )
    submission.refresh_from_db()
    assert submission.live and submission.credit_line == NEW


@pytest.mark.parametrize(
    "credit_line, credit_url",
    [
        ("", ""),
        ("x" * 101, ""),
        ("Ana", "javascript:alert(1)"),
        ("Ana", "not a link at all"),
    ],
)
def test_a_bad_credit_is_refused_with_a_clear_message_and_changes_nothing(
    credit_line, credit_url
):
    creator = CreatorFactory()
    submission = displayable_submission(creator=creator, credit_line=OLD)
    response = change_credit(creator, submission, credit_line, credit_url)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    submission.refresh_from_db()
    assert submission.credit_line == OLD
    assert not ConsentRecord.objects.filter(action=ConsentAction.CREDIT).exists()


def test_hostile_credit_text_is_cleaned_and_escaped():
    creator = CreatorFactory()
    submission = displayable_submission(creator=creator, credit_line=OLD)
    change_credit(creator, submission, "<b>Ana</b>\u202e\x00 ")
    submission.refresh_from_db()
    assert submission.credit_line == "<b>Ana</b>"
    html = Client().get(page_path(creator)).content.decode()
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html and "<b>Ana</b>" not in html


def test_withdraw_one_asks_first_then_hides_it_at_once():
    creator = CreatorFactory()
    keep = displayable_submission(creator=creator)
    gone = displayable_submission(creator=creator)
    path = page_path(creator, "creator_withdraw", submission_uuid=gone.uuid)
    confirm = Client().get(path)
    assert confirm.status_code == 200 and "Withdraw it" in confirm.content.decode()
    assert Submission.objects.displayable().filter(pk=gone.pk).exists()

    response = Client().post(path)
    assert response.status_code == 302
    gone.refresh_from_db()
    assert gone.rights_status == RightsStatus.REVOKED and gone.withdrawn_at
    assert list(Submission.objects.displayable()) == [keep]
    (record,) = ConsentRecord.objects.filter(submission=gone)
    assert (record.action, record.method) == (
        ConsentAction.REVOKE,
        ConsentMethod.CREATOR_PAGE,
    )
    html = Client().get(response["Location"]).content.decode()
    assert "Withdrawn by you" in html


def test_withdraw_all_removes_everything_from_the_gallery(settings):
    creator = CreatorFactory()
    photo_submission(creator=creator, credit_line=OLD)
    displayable_submission(
        creator=creator,
        kind="video",
        video_url="https://www.youtube.com/watch?v=x",
        credit_line=OLD,
    )
    SubmissionFactory(creator=creator)
    other = photo_submission(creator=CreatorFactory(), credit_line="Someone else")
    page = gallery_page(("ugc_gallery", gallery_value()[1]), slug="gallery")
    assert OLD in Client().get(page.url).content.decode()

    path = page_path(creator, "creator_withdraw_all")
    confirm = Client().get(path).content.decode()
    assert "You are about to withdraw 3 submissions." in confirm
    response = Client().post(path)
    assert response.status_code == 302

    assert not Submission.objects.filter(creator=creator, withdrawn_at=None).exists()
    assert list(Submission.objects.displayable()) == [other]
    html = Client().get(page.url).content.decode()
    assert OLD not in html and "Someone else" in html
    # No public file of theirs is left.
    assert not Submission.objects.get(pk=other.pk).photos.filter(image=None).exists()
    assert not Submission.objects.filter(
        creator=creator, photos__image__isnull=False
    ).exists()
    page_after = Client().get(page_path(creator)).content.decode()
    assert "Withdraw all my submissions" not in page_after


def test_actions_need_post_and_the_csrf_token():
    creator = CreatorFactory()
    submission = displayable_submission(creator=creator)
    client = Client(enforce_csrf_checks=True)
    for path in (
        page_path(creator, "creator_withdraw", submission_uuid=submission.uuid),
        page_path(creator, "creator_withdraw_all"),
        page_path(creator, "creator_export"),
    ):
        assert client.post(path).status_code == 403
    assert Client().get(page_path(creator, "creator_export")).status_code == 405
    submission.refresh_from_db()
    assert submission.withdrawn_at is None


def test_the_download_is_the_creators_export():
    creator = CreatorFactory(email="ana@example.org", name="Ana")
    submission = photo_submission(creator=creator, text="Lake at dawn")
    SubmissionFactory(creator=CreatorFactory(), text="Not Ana's")
    response = Client().post(page_path(creator, "creator_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["email"] == "ana@example.org"
    assert [item["text"] for item in data["submissions"]] == ["Lake at dawn"]
    photo = submission.photos.get()
    assert f"media/{submission.uuid}/{photo.uuid}-master" in archive.namelist()
