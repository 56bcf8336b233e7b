"""E-mails to moderators and creators. Django's locmem e-mail backend is the (external) mail edge."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from wagtail_ugc.links import withdraw_url
from wagtail_ugc.models.choices import Kind, ModerationStatus, RejectionCategory
from wagtail_ugc.moderation import notifications
from wagtail_ugc.moderation.rules import apply_rules

from ..factories import CreatorFactory, SubmissionFactory, displayable_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def mode(settings):
    def set_mode(value, **more):
        settings.WAGTAIL_UGC = {
            **settings.WAGTAIL_UGC,
            "MODERATOR_NOTIFICATIONS": value,
            **more,
        }

    return set_mode


@pytest.fixture
def moderators(django_user_model):
    boss = django_user_model.objects.create_superuser(
        username="boss", email="boss@example.com", password="pw"
    )
    mod = django_user_model.objects.create_user(
        username="mod", email="mod@example.com", password="pw"
    )
    mod.groups.add(Group.objects.get(name="UGC moderators"))
    mia = django_user_model.objects.create_user(
        username="mia", email="mia@example.com", password="pw"
    )
    mia.groups.add(Group.objects.get(name="UGC moderators"))
    django_user_model.objects.create_user(
        username="editor", email="editor@example.com", password="pw"
    )
    django_user_model.objects.create_user(
        username="gone", email="gone@example.com", password="pw", is_active=False
    ).groups.add(Group.objects.get(name="UGC moderators"))
    return [boss, mod, mia]


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_immediate_mode_mails_each_moderator_once_and_not_the_superuser(
    mode, moderators
):
    mode("immediate")
    submission = SubmissionFactory(text="Kept us dry on the coast.")
    assert notifications.notify_moderators_of_new_submission(submission) == 2
    assert recipients() == ["mia@example.com", "mod@example.com"]
    message = mail.outbox[0]
    assert f"#{submission.pk}" in message.subject
    assert "Kept us dry on the coast." in message.body
    assert "http://testserver/admin/" in message.body


def test_the_moderator_mail_lists_the_flags(mode, moderators):
    mode("immediate")
    submission = SubmissionFactory(text="Visit www.cheap-gear.shop now")
    apply_rules(submission)
    notifications.notify_moderators_of_new_submission(submission)
    assert "www.cheap-gear.shop" in mail.outbox[0].body
    assert "link" in mail.outbox[0].body


def test_digest_and_off_modes_send_nothing_on_arrival(mode, moderators):
    for value in ("digest", "off"):
        mode(value)
        notifications.notify_moderators_of_new_submission(SubmissionFactory())
    assert mail.outbox == []


def test_the_digest_command_sends_one_list_per_moderator(mode, moderators):
    mode("digest")
    waiting = [SubmissionFactory(credit_line=f"Hiker {n}") for n in range(3)]
    SubmissionFactory(moderation_status=ModerationStatus.APPROVED)
    call_command("ugc_moderator_digest", stdout=None)
    assert recipients() == ["mia@example.com", "mod@example.com"]
    message = mail.outbox[0]
    assert "3 submissions await moderation" in message.subject
    for submission in waiting:
        assert f"#{submission.pk}" in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_the_digest_is_not_sent_when_nothing_waits_or_in_immediate_mode(
    mode, moderators
):
    mode("digest")
    assert notifications.send_moderator_digest() == 0
    mode("immediate")
    SubmissionFactory()
    assert notifications.send_moderator_digest() == 0
    assert notifications.send_moderator_digest(force=True) == 2


def test_the_digest_runs_as_a_background_task(mode, moderators):
    mode("digest")
    SubmissionFactory()
    result = notifications.send_moderator_digest_task.enqueue()
    assert result.return_value == 2
    assert len(mail.outbox) == 2


def test_user_text_cannot_inject_a_header(mode, moderators):
    mode("immediate")
    submission = SubmissionFactory(
        credit_line="Bob\r\nBcc: victim@example.com\nX-Evil: 1"
    )
    notifications.notify_moderators_of_new_submission(submission)
    message = mail.outbox[0].message()
    assert "\n" not in mail.outbox[0].subject
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert recipients() == ["mia@example.com", "mod@example.com"]


def test_user_text_is_escaped_in_the_html_part(mode, moderators):
    mode("immediate")
    submission = SubmissionFactory(text="<script>alert(1)</script> & more")
    notifications.notify_moderators_of_new_submission(submission)
    html = mail.outbox[0].alternatives[0].content
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<script>alert(1)</script> & more" in mail.outbox[0].body


def test_the_creator_hears_of_approval_with_a_working_withdraw_link(client):
    submission = SubmissionFactory(
        moderation_status=ModerationStatus.APPROVED, credit_line="Anna <A.>"
    )
    assert notifications.notify_creator_of_approval(submission) == 1
    (message,) = mail.outbox
    assert message.to == [submission.creator.email]
    link = "http://testserver" + withdraw_url(submission)
    assert link in message.body
    assert "Anna <A.>" in message.body
    assert "Anna &lt;A.&gt;" in message.alternatives[0].content
    response = client.get(link)
    assert response.status_code == 200


def test_the_approval_mail_says_where_the_item_is_shown(demo_content):
    from wagtail.models import Page

    from wagtail_ugc.models import Campaign

    submission = displayable_submission(
        campaign=Campaign.objects.get(slug="summer-trails"),
        kind=Kind.REVIEW,
    )
    notifications.notify_creator_of_approval(submission)
    gallery = Page.objects.get(slug="gallery")
    assert f"{gallery.title}: {gallery.get_full_url()}" in mail.outbox[0].body


def test_a_submission_no_page_shows_gets_no_list_of_pages():
    submission = displayable_submission()
    notifications.notify_creator_of_approval(submission)
    assert "Where you can see it" not in mail.outbox[0].body


def test_the_creator_is_written_to_in_the_language_they_chose():
    submission = SubmissionFactory(locale="sv", creator=CreatorFactory(language="da"))
    notifications.notify_creator_of_approval(submission)
    (message,) = mail.outbox
    assert message.subject.startswith("Dit bidrag vises nu på")
    assert "Træk mit bidrag tilbage" in message.alternatives[0].content
    assert '<html lang="da">' in message.alternatives[0].content


def test_a_creator_without_a_language_is_written_to_in_the_submissions():
    submission = SubmissionFactory(locale="sv", creator=CreatorFactory(language=""))
    notifications.notify_creator_of_approval(submission)
    (message,) = mail.outbox
    assert message.subject.startswith("Ditt bidrag visas nu på")
    assert '<html lang="sv">' in message.alternatives[0].content


def test_an_unknown_language_falls_back_to_the_site_language():
    submission = SubmissionFactory(locale="xx")
    notifications.notify_creator_of_approval(submission)
    assert '<html lang="en">' in mail.outbox[0].alternatives[0].content


def test_no_rejection_mail_unless_the_site_turns_it_on(settings):
    submission = SubmissionFactory(
        moderation_status=ModerationStatus.REJECTED,
        rejection_category=RejectionCategory.OTHER,
        rejection_reason="We already show a photo of this trail.",
    )
    assert notifications.notify_creator_of_rejection(submission) == 0
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "NOTIFY_CREATOR_ON_REJECTION": True}
    assert notifications.notify_creator_of_rejection(submission) == 1
    (message,) = mail.outbox
    assert "We already show a photo of this trail." in message.body
    assert "Other reason" in message.body


def test_a_creator_without_an_address_gets_no_mail():
    submission = SubmissionFactory(creator=None)
    assert notifications.notify_creator_of_approval(submission) == 0
    assert mail.outbox == []


def test_the_digest_command_can_hand_the_work_to_the_task_queue(mode, moderators):
    mode("digest")
    SubmissionFactory()
    out = io.StringIO()
    call_command("ugc_moderator_digest", "--enqueue", stdout=out)
    assert "enqueued" in out.getvalue()
    # The example site's task backend runs tasks at once.
    assert len(mail.outbox) == 2
