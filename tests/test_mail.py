"""Every e-mail goes through one module: one language per creator, each moderator's own, one template folder.

Django's locmem e-mail backend stands in for the mail server.
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

import wagtail_ugc
from wagtail_ugc.links import rights_request_url, withdraw_url
from wagtail_ugc.mail import absolute_url, moderators
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind, ModerationStatus, Source
from wagtail_ugc.moderation import notifications
from wagtail_ugc.rights.requests import request_rights

from .factories import CampaignFactory, CreatorFactory, SubmissionFactory
from .rights.helpers import add_photo

pytestmark = pytest.mark.django_db

SWEDISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "sv-SE,sv;q=0.9"}
DANISH_SUBJECTS = (
    "Vi har modtaget dit bidrag til",  # confirmation
    "Dit bidrag vises nu på",  # approval
    "Om dit bidrag til",  # rejection
    "Må vi vise dit indhold",  # rights request
    "Tak! Dit svar er registreret",  # receipt of a grant
)


def danish(message):
    return message.subject.startswith(DANISH_SUBJECTS)


def test_a_creator_who_chose_danish_gets_every_email_in_danish_even_from_a_swedish_browser(
    client, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "NOTIFY_CREATOR_ON_REJECTION": True}
    CreatorFactory(email="ada@example.com", language="da")  # her first submission
    campaign = CampaignFactory(slug="summer")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("wagtail_ugc:submit", kwargs={"campaign_slug": "summer"}),
            {
                "kind": "review",
                "text": "Warm and light.",
                "rating": "5",
                "name": "Ada",
                "email": "ada@example.com",
                "accept_terms": "on",
                "age_confirmed": "on",
                "leave_empty": "",
            },
            **SWEDISH_BROWSER,
        )
    submission = Submission.objects.get(campaign=campaign)
    assert submission.locale == "sv"
    notifications.notify_creator_of_approval(submission)
    notifications.notify_creator_of_rejection(submission)

    assert [message.to for message in mail.outbox] == [["ada@example.com"]] * 3
    assert all(danish(message) for message in mail.outbox), [
        message.subject for message in mail.outbox
    ]


def test_a_rights_request_its_receipt_and_the_approval_speak_the_creators_language(
    django_capture_on_commit_callbacks,
):
    creator = CreatorFactory(name="Ana", language="da")
    submission = SubmissionFactory(
        kind=Kind.PHOTO,
        rating=None,
        creator=creator,
        locale="sv",
        source=Source.RIGHTS_REQUEST,
        credit_line="@ana",
    )
    add_photo(submission)
    with django_capture_on_commit_callbacks(execute=True):
        rights_request = request_rights(submission)
    Client().post(
        rights_request_url(rights_request),
        {"answer": "grant", "credit_choice": "@ana", "people_shown_consented": "on"},
    )
    submission.refresh_from_db()
    submission.moderation_status = ModerationStatus.APPROVED
    notifications.notify_creator_of_approval(submission)

    to_creator = [message for message in mail.outbox if message.to == [creator.email]]
    assert len(to_creator) == 3
    assert all(danish(message) for message in to_creator), [
        message.subject for message in to_creator
    ]


def test_each_moderator_hears_of_a_withdrawal_alone_and_in_their_own_language(
    django_user_model,
):
    boss = django_user_model.objects.create_superuser(
        username="boss", email="boss@example.com", password="pw"
    )
    profile = UserProfile.get_for_user(boss)
    profile.preferred_language = "da"
    profile.save()
    django_user_model.objects.create_superuser(
        username="other", email="other@example.com", password="pw"
    )
    submission = SubmissionFactory(locale="sv", creator=CreatorFactory(language="sv"))

    Client().post(withdraw_url(submission))  # the creator's page speaks Swedish

    assert all(len(message.to) == 1 for message in mail.outbox)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    number = submission.pk
    assert subjects == {
        "boss@example.com": f"Bidrag #{number} er trukket tilbage af skaberen",
        "other@example.com": f"Submission #{number} was withdrawn by its creator",
    }


def test_every_email_template_is_in_one_folder_a_site_can_override():
    templates = Path(wagtail_ugc.__file__).parent / "templates"
    folders = {
        path.parent for path in templates.rglob("*") if "emails" in path.parts[:-1]
    }
    assert folders == {templates / "wagtail_ugc" / "emails"}


def test_links_in_emails_are_full_urls_and_full_urls_stay_as_they_are():
    assert absolute_url("/ugc/withdraw/x/") == "http://testserver/ugc/withdraw/x/"
    stored = "https://bucket.example.net/ugc/photo.jpg"
    assert absolute_url(stored) == stored


# Who gets the moderators' e-mails --------------------------------------------------


def moderate_permission():
    return Permission.objects.get(
        content_type__app_label="wagtail_ugc", codename="moderate_submission"
    )


def member(django_user_model, username, group, **fields):
    fields.setdefault("email", f"{username}@example.com")
    user = django_user_model.objects.create_user(
        username=username, password="pw", **fields
    )
    if group is not None:
        user.groups.add(group)
    return user


def new_submission_mail_to():
    mail.outbox.clear()
    notifications.notify_moderators_of_new_submission(SubmissionFactory())
    return sorted(address for message in mail.outbox for address in message.to)


def test_moderator_emails_go_to_the_ugc_moderators_group_not_to_superusers(
    django_user_model,
):
    group = Group.objects.get(name="UGC moderators")
    django_user_model.objects.create_superuser(
        username="boss", email="boss@example.com", password="pw"
    )
    member(django_user_model, "mia", group)
    member(django_user_model, "noaddress", group, email="")
    member(django_user_model, "gone", group, is_active=False)
    member(django_user_model, "editor", None)

    assert new_submission_mail_to() == ["mia@example.com"]


def test_any_group_given_the_moderate_permission_is_mailed_too(django_user_model):
    member(django_user_model, "mia", Group.objects.get(name="UGC moderators"))
    desk, _created = Group.objects.get_or_create(name="Moderators")
    desk.permissions.add(moderate_permission())
    member(django_user_model, "max", desk)
    one = member(django_user_model, "own", None)
    one.user_permissions.add(moderate_permission())

    assert new_submission_mail_to() == [
        "max@example.com",
        "mia@example.com",
        "own@example.com",
    ]


def test_superusers_are_mailed_only_while_no_moderator_has_an_address(
    django_user_model,
):
    group = Group.objects.get(name="UGC moderators")
    member(django_user_model, "noaddress", group, email="")
    django_user_model.objects.create_superuser(
        username="boss", email="boss@example.com", password="pw"
    )
    django_user_model.objects.create_superuser(
        username="away", email="away@example.com", password="pw", is_active=False
    )
    assert new_submission_mail_to() == ["boss@example.com"]

    member(django_user_model, "mia", group)
    assert new_submission_mail_to() == ["mia@example.com"]


def test_a_group_that_lost_the_moderate_permission_is_not_mailed(django_user_model):
    group = Group.objects.get(name="UGC moderators")
    member(django_user_model, "mia", group)
    group.permissions.remove(moderate_permission())
    boss = django_user_model.objects.create_superuser(
        username="boss", email="boss@example.com", password="pw"
    )
    assert moderators() == [boss]
