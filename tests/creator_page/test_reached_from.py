"""The creator's page is reached from the thank-you page and from the creators' e-mails."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail_ugc.intake.tasks import send_confirmation
from wagtail_ugc.intake.views import THANKS_SESSION_KEY
from wagtail_ugc.moderation.notifications import notify_creator_of_approval

from ..factories import SubmissionFactory, displayable_submission

pytestmark = pytest.mark.django_db

FORM = "/ugc/my-submissions/"


def test_the_thank_you_page_links_to_the_request_form():
    submission = SubmissionFactory()
    client = Client()
    session = client.session
    session[THANKS_SESSION_KEY] = str(submission.uuid)
    session.save()
    response = client.get(
        reverse(
            "wagtail_ugc:submit_thanks",
            kwargs={"campaign_slug": submission.campaign.slug},
        )
    )
    assert response.status_code == 200
    assert f'<a href="{FORM}">Manage your submissions</a>' in response.content.decode()


def test_the_confirmation_and_the_approval_email_name_the_request_form():
    submission = displayable_submission()
    send_confirmation.call(submission.pk)
    notify_creator_of_approval(submission)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "http://testserver" + FORM in message.body
    html, _type = mail.outbox[1].alternatives[0]
    assert f'href="http://testserver{FORM}"' in html
