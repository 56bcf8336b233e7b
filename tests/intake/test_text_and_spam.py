"""Text fields, the closed campaign, the honeypot and the rate limits, as a visitor meets them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wagtail_ugc.models import Submission

from .conftest import form_data, private_files

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
TEXT_FIELDS = ["text", "name", "credit_line"]


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_script_in_a_text_field_is_kept_as_text_and_escaped(client, submit, field):
    submit(**form_data(kind="review", rating="3", **{field: SCRIPT + " Ada"}))

    submission = Submission.objects.get()
    stored = {
        "text": submission.text,
        "name": submission.creator.name,
        "credit_line": submission.credit_line,
    }[field]
    assert stored == SCRIPT + " Ada"
    page = client.get(
        reverse("wagtail_ugc:submit_thanks", kwargs={"campaign_slug": "summer"})
    )
    assert SCRIPT not in page.content.decode()


@pytest.mark.parametrize("field", [*TEXT_FIELDS, "email", "credit_url", "video_url"])
def test_script_in_any_field_is_escaped_when_the_form_comes_back(submit, field):
    response = submit(**form_data(kind="review", rating=None, **{field: SCRIPT}))

    content = response.content.decode()
    assert response.status_code == 400
    assert SCRIPT not in content
    assert not Submission.objects.exists()


def test_script_in_links_is_refused(submit):
    response = submit(
        **form_data(kind="review", rating="4", credit_url="javascript:alert(1)")
    )

    assert "Enter a valid URL." in response.content.decode()
    assert not Submission.objects.exists()


def test_over_long_text_is_refused_and_entered_values_kept(submit, settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "MAX_TEXT_LENGTH": 50}

    response = submit(**form_data(kind="review", rating="4", text="x" * 51))

    content = response.content.decode()
    assert "Ensure this value has at most 50 characters (it has 51)." in content
    assert 'value="Ada Walker"' in content
    assert 'value="ada@example.com"' in content
    assert not Submission.objects.exists()


def test_over_long_name_is_refused(submit):
    response = submit(**form_data(kind="review", rating="4", name="A" * 101))

    assert "at most 100 characters" in response.content.decode()
    assert not Submission.objects.exists()


def test_terms_and_age_must_be_confirmed(submit):
    response = submit(
        **form_data(kind="review", rating="4", accept_terms=None, age_confirmed=None)
    )

    content = response.content.decode()
    assert "Please agree to the terms to share your work." in content
    assert "Please confirm your age." in content
    assert not Submission.objects.exists()


def test_photo_needs_everyone_shown_to_agree(submit, private_root):
    response = submit(**form_data(people_shown_consented=None))

    assert "Please confirm that everyone shown agreed" in response.content.decode()
    assert not Submission.objects.exists()
    assert private_files(private_root) == []


def test_form_shows_the_terms_and_the_minimum_age(client, campaign, settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "MINIMUM_AGE": 18}

    response = client.get(
        reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert campaign.terms_text in content
    assert "I am 18 or older." in content
    assert "Use in advertising" in content
    assert 'enctype="multipart/form-data"' in content
    assert "csrfmiddlewaretoken" in content


@pytest.mark.parametrize(
    "opens, closes, message",
    [
        (None, timedelta(days=-1), "This campaign is closed"),
        (timedelta(days=3), None, "This campaign opens on"),
    ],
    ids=["closed", "not-yet-open"],
)
def test_closed_campaign_refuses_with_a_clear_message(
    client, submit, campaign, private_root, opens, closes, message
):
    now = timezone.now()
    campaign.opens_at = now + opens if opens else None
    campaign.closes_at = now + closes if closes else None
    campaign.save()
    url = reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})

    page = client.get(url)
    response = submit(**form_data())

    assert page.status_code == 403
    assert message in page.content.decode()
    assert response.status_code == 403
    assert message in response.content.decode()
    assert not Submission.objects.exists()
    assert private_files(private_root) == []


def test_unknown_campaign_is_404(client, db):
    response = client.get(
        reverse("wagtail_ugc:submit", kwargs={"campaign_slug": "no-such"})
    )
    assert response.status_code == 404


def test_honeypot_filled_in_is_refused_and_nothing_is_kept(submit, private_root):
    response = submit(**form_data(leave_empty="http://spam.example"))

    assert response.status_code == 400
    assert "could not be accepted" in response.content.decode()
    assert not Submission.objects.exists()
    assert private_files(private_root) == []


def test_honeypot_is_hidden_from_people(client, campaign):
    content = client.get(
        reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})
    ).content.decode()
    assert 'class="ugc-hp" aria-hidden="true"' in content
    assert 'tabindex="-1"' in content


def test_rate_limit_per_ip(submit, settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "RATE_LIMIT_PER_IP": 2}

    for n in range(2):
        ok = submit(**form_data(kind="review", rating="4", email=f"p{n}@example.com"))
        assert ok.status_code == 302
    limited = submit(**form_data(kind="review", rating="4", email="p9@example.com"))
    other_ip = submit(
        **form_data(
            kind="review", rating="4", email="p8@example.com", ip="198.51.100.2"
        )
    )

    assert limited.status_code == 429
    assert "Please wait a little" in limited.content.decode()
    assert int(limited["Retry-After"]) > 0
    assert other_ip.status_code == 302
    assert Submission.objects.count() == 3


def test_rate_limit_per_email(submit, settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "RATE_LIMIT_PER_EMAIL": 1}

    first = submit(**form_data(kind="review", rating="4"))
    second = submit(**form_data(kind="review", rating="4", ip="198.51.100.9"))
    shouted = submit(
        **form_data(
            kind="review", rating="4", email="ADA@example.com", ip="198.51.100.10"
        )
    )

    assert first.status_code == 302
    assert second.status_code == 429
    assert shouted.status_code == 429
    assert Submission.objects.count() == 1


def test_form_errors_do_not_count_against_the_limit(submit, settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "RATE_LIMIT_PER_IP": 1}

    for _ in range(3):
        submit(**form_data(kind="review", rating=None))
    response = submit(**form_data(kind="review", rating="4"))

    assert response.status_code == 302


def test_missing_csrf_token_is_refused(campaign, private_root):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug}),
        form_data(kind="review", rating="4"),
    )

    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_unknown_video_provider_fails_the_system_check(settings):
    from django.core.checks import run_checks

    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "VIDEO_PROVIDERS": ["myspace"]}

    ids = [error.id for error in run_checks()]

    assert "wagtail_ugc.E030" in ids


def test_default_intake_settings_pass_the_system_check():
    from django.core.checks import run_checks

    ids = [error.id for error in run_checks()]

    assert "wagtail_ugc.E030" not in ids and "wagtail_ugc.E031" not in ids
