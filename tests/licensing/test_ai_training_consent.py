"""The creator's choice about AI training: offered unticked on both consent pages, recorded in the ledger like every scope."""

import re

import pytest
from django.urls import reverse

from wagtail_ugc.intake.services import licence_for
from wagtail_ugc.links import rights_request_url
from wagtail_ugc.models import ConsentRecord, Submission
from wagtail_ugc.models.choices import AI_TRAINING_SCOPE, SITE_SCOPE, Licence
from wagtail_ugc.rights.requests import request_rights

from ..intake.conftest import form_data
from ..rights.test_rights_requests import found_photo, grant_form

pytestmark = pytest.mark.django_db

AI_CHECKBOX = re.compile(r'<input[^>]*value="ai_training"[^>]*>')


def assert_offered_unticked(html):
    (checkbox,) = AI_CHECKBOX.findall(html)
    assert 'type="checkbox"' in checkbox and 'name="scopes"' in checkbox
    assert "checked" not in checkbox
    assert "Training AI models, by anyone" in html


def test_the_submission_form_offers_it_unticked(client, campaign):
    response = client.get(
        reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})
    )
    assert response.status_code == 200
    assert_offered_unticked(response.content.decode())


@pytest.mark.parametrize(
    "ticked, scopes, licence",
    [
        ([], [SITE_SCOPE], Licence.SITE_DISPLAY),
        ([AI_TRAINING_SCOPE], [SITE_SCOPE, AI_TRAINING_SCOPE], Licence.SITE_DISPLAY),
        (
            ["ads", AI_TRAINING_SCOPE],
            [SITE_SCOPE, "ads", AI_TRAINING_SCOPE],
            Licence.BRAND_USE,
        ),
    ],
)
def test_a_submission_records_the_choice_in_the_ledger(submit, ticked, scopes, licence):
    response = submit(**form_data(scopes=ticked))
    assert response.status_code == 302
    submission = Submission.objects.get()
    record = ConsentRecord.objects.get(submission=submission)
    assert record.scopes == scopes
    assert submission.consent_scopes == scopes
    assert submission.licence == record.licence == licence
    assert submission.allows_ai_training is (AI_TRAINING_SCOPE in ticked)


def test_the_rights_request_page_offers_it_unticked_and_records_it(client):
    submission = found_photo()
    rights_request = request_rights(submission)
    url = rights_request_url(rights_request)
    assert_offered_unticked(client.get(url).content.decode())

    response = client.post(url, grant_form(scopes=[AI_TRAINING_SCOPE]))
    assert response.status_code in (200, 302)
    record = ConsentRecord.objects.get(submission=submission, action="grant")
    assert record.scopes == [SITE_SCOPE, AI_TRAINING_SCOPE]
    assert record.licence == Licence.SITE_DISPLAY
    submission.refresh_from_db()
    assert submission.allows_ai_training


def test_a_site_can_leave_it_out(client, campaign, settings):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "EXTRA_CONSENT_SCOPES": {"ads": "Use in advertising"},
    }
    response = client.get(
        reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})
    )
    assert not AI_CHECKBOX.search(response.content.decode())


def test_ai_training_alone_gives_the_brand_no_further_use():
    assert licence_for([AI_TRAINING_SCOPE]) == Licence.SITE_DISPLAY
    assert licence_for(["marketing_email"]) == Licence.BRAND_USE
