"""Invisible, direction-changing and control characters posted through the public form, as a visitor would."""

import json
import re

import pytest
from django.core import mail
from django.core.cache import caches
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import displayable_submission
from tests.hostile_text import BIDI_CONTROLS, forbidden_on_one_line, hostile_text
from wagtail_ugc.display.blocks import UGCReviewsBlock
from wagtail_ugc.intake.forms import SubmissionForm
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind

from ..display.helpers import render_block
from .conftest import form_data

pytestmark = pytest.mark.django_db

HIDDEN = "\u202e\u200b\u2066\u200f\x00\x1b"


def stored(submission):
    return {
        "name": submission.creator.name,
        "email": submission.creator.email,
        "credit_line": submission.credit_line,
        "credit_url": submission.credit_url,
        "text": submission.text,
    }


@pytest.mark.parametrize(
    "field, typed, kept",
    [
        ("name", f"{HIDDEN}Ada\r\nWalker{HIDDEN}", "Ada Walker"),
        ("credit_line", "‮gnp.exe", "gnp.exe"),
        ("credit_line", "@ada\u200b_walks\u2060", "@ada_walks"),
        ("credit_line", "Bob\r\nSubject: x", "Bob Subject: x"),
        ("email", "ada@exa\u202emple.com\u200b", "ada@example.com"),
        (
            "credit_url",
            "https://ada.example/\u202ewalks\u200b",
            "https://ada.example/walks",
        ),
        (
            "text",
            "Dry all night.\u202e\r\nGreat tent.\x07",
            "Dry all night.\nGreat tent.",
        ),
    ],
)
def test_hidden_characters_are_cleaned_before_they_are_stored(
    submit, field, typed, kept
):
    response = submit(**form_data(kind="review", rating="4", **{field: typed}))

    assert response.status_code == 302
    assert stored(Submission.objects.get())[field] == kept


def test_a_photo_caption_keeps_its_lines_but_not_its_overrides(submit):
    caption = "Sunrise\u2067 at the lake\u2069\r\n\r\nTaken at 5 am\rby the jetty"

    response = submit(**form_data(kind="photo", text=caption))

    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.text == "Sunrise at the lake\n\nTaken at 5 am\nby the jetty"


def test_a_review_in_hebrew_keeps_its_words_and_loses_only_the_override(submit):
    submit(**form_data(kind="review", rating="5", text="\u202eאוהל מצוין\u202c!"))

    assert Submission.objects.get().text == "אוהל מצוין!"


def test_a_name_of_only_invisible_characters_is_refused_as_missing(submit):
    response = submit(**form_data(kind="review", rating="4", name="\u200b\u202e\u200f"))

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Submission.objects.exists()


def test_a_credit_with_a_line_break_no_longer_loses_wagtails_workflow_email(
    submit, moderator
):
    # Wagtail's own "submitted to workflow" e-mail has the submission's title
    # (with its credit) as its subject; a line break there raised BadHeaderError.
    submit(**form_data(kind="review", rating="4", credit_line="Bob\r\nSubject: x"))

    submitted = [
        message
        for message in mail.outbox
        if "has been submitted to workflow" in message.subject
    ]
    assert len(submitted) == 1
    message = submitted[0]
    assert message.to == [moderator.email]
    assert "Bob Subject: x" in message.subject
    assert len(message.message().get_all("Subject")) == 1


def test_a_row_stored_before_cleaning_still_has_a_one_line_title(submit):
    submit(**form_data(kind="review", rating="4"))
    Submission.objects.update(credit_line="Bob\r\nSubject: x\u202e")

    assert str(Submission.objects.get()).endswith("by Bob Subject: x")


# Property-based: whatever is typed, never a 500, and what is stored is clean.

# The fixtures (a campaign, the test client) are set up once for all examples;
# each example starts from an empty cache and no submissions.
FORM_PROPERTIES = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
HTTP_PROPERTIES = settings(FORM_PROPERTIES, max_examples=15)
#: A tag no template has: if it is in a page, user text was not escaped.
MARKER = "<ugc-x>"


@FORM_PROPERTIES
@given(
    name=hostile_text,
    credit_line=hostile_text,
    text=hostile_text,
    email=hostile_text.map(lambda text: f"a{text}@example.com"),
    credit_url=hostile_text.map(lambda text: f"https://a.example/{text}"),
)
def test_every_text_field_of_the_form_comes_out_clean(
    campaign, name, credit_line, text, email, credit_url
):
    data = form_data(
        kind="review",
        rating="3",
        name=name,
        credit_line=credit_line,
        text=text,
        email=email,
        credit_url=credit_url,
    )
    form = SubmissionForm(data, campaign=campaign)

    if form.is_valid():
        cleaned = form.cleaned_data
        for field in ("name", "credit_line", "email", "credit_url"):
            assert forbidden_on_one_line(cleaned[field]) == [], field
        assert not any(char in BIDI_CONTROLS for char in cleaned["text"])
        assert "\r" not in cleaned["text"]
    else:
        assert set(form.errors) <= {"name", "email", "credit_url", "text"}


@HTTP_PROPERTIES
@given(name=hostile_text, credit_line=hostile_text, text=hostile_text)
def test_any_text_posted_is_stored_clean_and_shown_escaped(
    submit, name, credit_line, text
):
    for cache in caches.all():
        cache.clear()  # each example is a new visitor, not a flood
    Submission.objects.all().delete()
    response = submit(
        **form_data(
            kind="review",
            rating="5",
            name=MARKER + name,
            credit_line=MARKER + credit_line,
            text=MARKER + text,
        )
    )

    assert response.status_code in (302, 400)
    page = response.content.decode()
    assert MARKER not in page
    if response.status_code == 400:
        return
    submission = Submission.objects.get()
    assert forbidden_on_one_line(submission.credit_line) == []
    assert forbidden_on_one_line(submission.creator.name) == []
    assert not any(char in BIDI_CONTROLS for char in submission.text)
    # Shown on a page: escaped in the HTML, unchanged in the JSON-LD.
    displayable_submission(
        kind=Kind.REVIEW,
        rating=5,
        text=submission.text,
        credit_line=submission.credit_line,
    )
    block = UGCReviewsBlock()
    html = render_block(block, block.to_python({"reviewed_item_name": "Tent"}))
    assert MARKER not in html
    (script,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    (review,) = json.loads(script)["review"]
    assert review["reviewBody"] == submission.text
    assert review["author"]["name"] == submission.credit_line


@HTTP_PROPERTIES
@given(st.sampled_from(["name", "credit_line", "text", "email"]), hostile_text)
def test_a_single_field_full_of_hidden_characters_is_never_a_500(
    client, campaign, field, typed
):
    for cache in caches.all():
        cache.clear()
    response = client.post(
        f"/ugc/submit/{campaign.slug}/",
        form_data(kind="review", rating="2", **{field: typed}),
    )
    assert response.status_code in (302, 400)
