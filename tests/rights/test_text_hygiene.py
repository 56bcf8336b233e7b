"""The creator's rights page and the editors' rights forms clean text and take http(s) links only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail_ugc.links import rights_request_url
from wagtail_ugc.models import ConsentRecord, Submission
from wagtail_ugc.models.choices import Kind, RightsStatus, Source
from wagtail_ugc.rights.requests import request_rights

from ..factories import CampaignFactory, CreatorFactory, SubmissionFactory
from .helpers import add_photo

pytestmark = pytest.mark.django_db


def found_photo(credit_line="@ana.outdoors", language="en"):
    submission = SubmissionFactory(
        kind=Kind.PHOTO,
        creator=CreatorFactory(name="Ana", language=language),
        source=Source.RIGHTS_REQUEST,
        credit_line=credit_line,
        rating=None,
    )
    add_photo(submission)
    return submission


def grant(client, submission, **answers):
    return client.post(
        rights_request_url(request_rights(submission)),
        {
            "answer": "grant",
            "credit_choice": "@ana.outdoors",
            "credit_url": "",
            "people_shown_consented": "on",
            **answers,
        },
    )


def test_an_ftp_credit_link_is_refused_in_the_creators_language(client):
    submission = found_photo(language="sv")

    response = grant(client, submission, credit_url="ftp://ana.example/photos/")

    assert response.status_code == 400
    assert "Fyll i en giltig URL." in response.content.decode()  # "Enter a valid URL."
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.REQUESTED
    assert not ConsentRecord.objects.exists()


def test_the_credit_typed_and_its_link_are_cleaned_before_consent_is_recorded(client):
    submission = found_photo()

    response = grant(
        client,
        submission,
        credit_choice="other",
        credit_other="\u202eAna\u200b Lind\r\nSubject: x\u2066",
        credit_url="https://ana.example/\u200bphotos\u202e",
    )

    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.credit_line == "Ana Lind Subject: x"
    assert submission.credit_url == "https://ana.example/photos"
    record = ConsentRecord.objects.get()
    assert record.credit_line == "Ana Lind Subject: x"


def test_a_credit_stored_with_hidden_characters_is_offered_clean(client):
    submission = found_photo(credit_line="@ana\u200b.outdoors\u202e")
    url = rights_request_url(request_rights(submission))

    page = client.get(url).content.decode()
    assert 'value="@ana.outdoors"' in page
    assert "\u202e" not in page and "\u200b" not in page

    response = client.post(
        url,
        {
            "answer": "grant",
            "credit_choice": "@ana.outdoors",
            "people_shown_consented": "on",
        },
    )
    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.credit_line == "@ana.outdoors"


@pytest.fixture
def admin_client(client, moderator):
    client.force_login(moderator)
    return client


def test_found_content_is_cleaned_and_its_links_are_http_only(admin_client):
    campaign = CampaignFactory()
    found = {
        "campaign": campaign.pk,
        "kind": Kind.REVIEW,
        "source_url": "ftp://social.example/@cara/42",
        "text": "Great\u202e tent.\r\nDry all night.",
        "name": "@ca\u200bra\u202e",
        "send_email": "",
    }
    refused = admin_client.post(reverse("wagtail_ugc_rights:add"), found)
    assert refused.status_code == 200
    assert "Enter a valid URL." in refused.content.decode()
    assert not Submission.objects.exists()

    found["source_url"] = "https://social.example/@cara/42\u200b"
    admin_client.post(reverse("wagtail_ugc_rights:add"), found)
    submission = Submission.objects.get()
    assert submission.credit_line == "@cara"
    assert submission.text == "Great tent.\nDry all night."
    assert submission.source_url == "https://social.example/@cara/42"


def test_consent_recorded_by_an_editor_is_cleaned(admin_client):
    submission = SubmissionFactory(rights_status=RightsStatus.REQUESTED)
    record_url = reverse("wagtail_ugc_rights:record_consent", args=[submission.pk])
    consent = {
        "credit_line": "Dag\u202e\r\nBcc: x@example.com",
        "credit_url": "ftp://dag.example/",
        "licence": "site-display",
        "note": "Replied to\u2067 our DM\r\non Monday",
    }

    refused = admin_client.post(
        record_url, {**consent, "evidence": SimpleUploadedFile("r.eml", b"Yes")}
    )
    assert refused.status_code == 200
    assert "Enter a valid URL." in refused.content.decode()
    assert not ConsentRecord.objects.exists()

    consent["credit_url"] = "https://dag.example/"
    response = admin_client.post(
        record_url, {**consent, "evidence": SimpleUploadedFile("r.eml", b"Yes")}
    )
    assert response.status_code == 302
    record = ConsentRecord.objects.get()
    assert record.credit_line == "Dag Bcc: x@example.com"
    assert record.note == "Replied to our DM\non Monday"
    submission.refresh_from_db()
    assert submission.credit_line == "Dag Bcc: x@example.com"
