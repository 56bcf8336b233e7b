"""Hostile text typed into the public forms, followed everywhere it is shown.

Script tags, quotes, template syntax, direction overrides, invisible
characters, line breaks, long words, right-to-left text and emoji go in
through the public submission form and the creator's rights page, as a
visitor would type them. Wherever the text then appears (a gallery and its
JSON-LD, the moderation queue, the inspect, edit and listing views, every
e-mail) it is shown as typed once cleaned, never as markup, and no page
answers 500 (invariants 3 and 6 in docs/architecture.md).
"""

import itertools
import json
import re
from email import message_from_bytes, policy

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.text import Truncator
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from wagtail_ugc.display.blocks import UGCGalleryBlock
from wagtail_ugc.links import rights_request_url, withdraw_url
from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind, ModerationStatus, RightsStatus, Source
from wagtail_ugc.moderation import actions
from wagtail_ugc.moderation.defaults import ensure_moderation_defaults
from wagtail_ugc.moderation.notifications import send_moderator_digest
from wagtail_ugc.rights.requests import request_rights
from wagtail_ugc.signals import submission_ready

from .display.helpers import gallery_page
from .factories import CampaignFactory, CreatorFactory, SubmissionFactory
from .hostile_text import (
    PAYLOADS,
    forbidden_on_one_line,
    hostile_line,
    hostile_markup,
    hostile_text,
    injected,
)
from .images import jpeg_bytes
from .moderation.helpers import add_photo

pytestmark = pytest.mark.django_db

# Each example posts a form, renders admin views and a page: a few dozen are
# enough to meet every kind of character, with the classic payloads always
# tried as explicit examples.
PROPERTIES = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: A credit link a visitor might type: hostile text after an https address.
hostile_link = st.one_of(
    st.just(""),
    st.builds(
        lambda payload, text: (
            f"https://ana.example/?q={payload.replace(' ', '')}{text}"
        ),
        st.sampled_from(PAYLOADS),
        hostile_text,
    ),
)
CLASSIC = {
    "name": "<script>alert(1)</script>",
    "credit_line": '"><ugc-x ugc-x="1">\u202egnp.exe\r\nBcc: x@example.com',
    "text": "</script><ugc-x>\r\n{{ request.user }}{% debug %}\u200b<!--\nשלום 👩\u200d💻",
    "alt_text": "' ugc-x='1 <img src=x onerror=alert(1) ugc-x>",
}
addresses = itertools.count()
#: The header fields Django writes; user text must never add one.
MAIL_HEADERS = {
    "Auto-Submitted",
    "Content-Transfer-Encoding",
    "Content-Type",
    "Date",
    "From",
    "MIME-Version",
    "Message-ID",
    "Subject",
    "To",
}


# Fixtures ------------------------------------------------------------------------


@pytest.fixture
def campaign(db):
    ensure_moderation_defaults()
    # An editor's title is escaped like a visitor's text.
    return CampaignFactory(slug="hostile", title="Summer <ugc-x> trails", max_photos=1)


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def gallery(db):
    block = UGCGalleryBlock()
    value = block.to_python(
        {
            "source": "all",
            "kinds": ["photo", "video"],
            "show_captions": True,
            "show_credits": True,
        }
    )
    return gallery_page(("ugc_gallery", block.get_prep_value(value)))


@pytest.fixture
def creators_told_of_rejection(settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "NOTIFY_CREATOR_ON_REJECTION": True}


@pytest.fixture
def oembed_endpoint_double(settings):
    """Video providers' oEmbed endpoints stand-in (tests/intake/oembed_double.py): no network."""
    settings.WAGTAILEMBEDS_FINDERS = [
        {"class": "tests.intake.oembed_double.OEmbedEndpointDouble"}
    ]


@pytest.fixture
def settle(django_capture_on_commit_callbacks):
    """Run what a request queued after its commit (processing, e-mails), as a worker would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def start_afresh():
    """Each example is a new visitor on an empty site (no rate limit, no older items)."""
    for cache in caches.all():
        cache.clear()
    mail.outbox = []
    Submission.objects.all().delete()


# Checks --------------------------------------------------------------------------


def soup_of(response):
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert injected(soup) == []
    return soup


def text_of(element):
    return element.get_text() if element is not None else None


def lines_of(text):
    return [line for line in text.split("\n") if line.strip()]


def json_ld_of(html):
    """Every JSON-LD block of ``html``, parsed; none can end its element early."""
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    for raw in blocks:
        assert "<" not in raw and ">" not in raw  # so no "</script" and no "<!--"
    return [json.loads(raw) for raw in blocks]


def check_emails(messages, *, text_has=(), html_has=()):
    """No header gains a line or a field from user text; the HTML escapes; the plain text has it as typed."""
    assert messages
    for message in messages:
        assert "\n" not in message.subject and "\r" not in message.subject
        sent = message_from_bytes(message.message().as_bytes(), policy=policy.default)
        assert set(sent.keys()) <= MAIL_HEADERS
        for name, value in sent.items():
            assert "\n" not in str(value) and "\r" not in str(value), name
        for html, _type in getattr(message, "alternatives", []):
            html = BeautifulSoup(html, "html.parser")
            assert injected(html) == []
            shown = html.get_text()
            for text in html_has:
                assert all(line in shown for line in lines_of(text))
    bodies = "\n".join(message.body for message in messages)
    for text in text_has:
        assert text in bodies


def check_gallery(client, page, submission, photo):
    response = client.get(page.url)
    soup = soup_of(response)
    (item,) = soup.select(".ugc-item")
    assert text_of(item.select_one(".ugc-credit__name")) == submission.credit_line
    caption = item.select_one(".ugc-item__text")
    if submission.text:
        assert text_of(caption) == Truncator(submission.text).chars(280)
    assert item.select_one("img")["alt"] == photo.alt_text
    (data,) = json_ld_of(response.content.decode())
    (image,) = data["@graph"]
    assert image.get("caption", "") == submission.text
    assert image["creditText"] == submission.credit_line
    assert image["creator"]["name"] == submission.credit_line
    assert image["copyrightNotice"] == f"© {submission.credit_line}"
    assert image.get("description") == photo.alt_text
    if submission.credit_url:
        assert image["creator"]["url"] == submission.credit_url


def snippet_url(action, submission):
    return reverse(
        f"wagtailsnippets_wagtail_ugc_submission:{action}", args=(submission.pk,)
    )


def check_queue(client, submission, photo=None):
    queue = soup_of(client.get(reverse("wagtail_ugc_queue:index")))
    (item,) = queue.select("[data-ugc-item]")
    assert item.select_one("[name=credit_line]")["value"] == submission.credit_line
    assert text_of(item.select_one(".ugc-queue__text")) == (submission.text or None)
    if photo is not None:
        assert item.select_one("[data-ugc-thumbnail]")["alt"] == photo.alt_text


def check_inspect(client, submission, *texts):
    shown = soup_of(client.get(snippet_url("inspect", submission)))
    shown = shown.select_one(".ugc-inspect").get_text()
    for text in (submission.credit_line, submission.text, *texts):
        assert all(line in shown for line in lines_of(text))


def check_edit_and_listing(client, submission):
    edit = soup_of(client.get(snippet_url("edit", submission)))
    assert edit.select_one("input[name=credit_line]")["value"] == submission.credit_line
    textarea = edit.select_one("textarea[name=text]").get_text()
    assert textarea.removeprefix("\n") == submission.text

    listing = soup_of(
        client.get(
            reverse("wagtailsnippets_wagtail_ugc_submission:list"),
            {"q": submission.credit_line},
        )
    )
    assert any(
        submission.credit_line in link.get_text() for link in listing.select("td a")
    )


def check_preview(client, submission):
    url = reverse(
        "wagtailsnippets_wagtail_ugc_submission:revisions_view",
        args=(submission.pk, submission.latest_revision_id),
    )
    shown = soup_of(client.get(url)).select_one(".ugc-preview")
    assert submission.credit_line in shown.get_text()
    assert submission.text in shown.get_text()


def submit(client, campaign, kind="photo", **fields):
    """Post the public form as a visitor; a photo comes with a small JPEG."""
    data = {
        "kind": kind,
        "email": f"visitor{next(addresses)}@example.com",
        "credit_url": "",
        "accept_terms": "on",
        "age_confirmed": "on",
        "people_shown_consented": "on",
        "leave_empty": "",
        **fields,
    }
    if kind == "photo":
        data.setdefault("photos", [upload()])
    return client.post(
        reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug}),
        data,
        REMOTE_ADDR="203.0.113.7",
    )


def upload(name="photo.jpg", data=None):
    return SimpleUploadedFile(
        name, jpeg_bytes(160, 120) if data is None else data, content_type="image/jpeg"
    )


# The public form, through moderation, to the gallery ------------------------------


@PROPERTIES
@example(**CLASSIC, credit_url="https://ana.example/</script><ugc-x>")
@example(**CLASSIC, credit_url="javascript:alert(1)")  # refused: the form comes back
@example(
    name="\u202eAda\u200b Walker",
    credit_line="W" * 100,
    text="مرحبا\u2067 بالعالم\r\n" + "W" * 1900,
    alt_text="{{ submission.creator.email }}",
    credit_url="",
)
@given(
    name=hostile_line,
    credit_line=hostile_line,
    text=hostile_markup,
    alt_text=hostile_line,
    credit_url=hostile_link,
)
def test_text_typed_into_the_public_form_is_shown_escaped_everywhere(
    client,
    moderator_client,
    campaign,
    gallery,
    settle,
    name,
    credit_line,
    text,
    alt_text,
    credit_url,
):
    start_afresh()
    response = settle(
        submit,
        client,
        campaign,
        name=name,
        credit_line=credit_line,
        text=text,
        credit_url=credit_url,
    )
    assert response.status_code in (302, 400)
    event(f"form answered {response.status_code}")
    assert injected(response.content.decode()) == []
    if response.status_code == 400:
        assert not Submission.objects.exists()
        return
    submission = Submission.objects.select_related("creator").get()
    for single_line in (submission.creator.name, submission.credit_line):
        assert forbidden_on_one_line(single_line) == []

    # The visitor's thank-you page and withdraw page.
    assert f"“{submission.credit_line}”" in soup_of(client.get(response.url)).get_text()
    withdraw = soup_of(client.get(withdraw_url(submission))).get_text()
    assert Truncator(submission.text).chars(200) in withdraw

    # The creator's confirmation, the moderators' e-mail and their digest.
    check_emails(
        mail.outbox,
        text_has=[submission.creator.name, submission.credit_line, submission.text],
        html_has=[submission.credit_line, submission.text],
    )
    mail.outbox = []
    send_moderator_digest(force=True)
    check_emails(
        mail.outbox,
        text_has=[submission.credit_line],
        html_has=[submission.credit_line],
    )

    # A moderator reads it in the queue and the admin, and types the alt text.
    photo = submission.photos.get()
    soup_of(moderator_client.get(reverse("wagtailadmin_home")))
    check_queue(moderator_client, submission, photo)
    check_inspect(moderator_client, submission)
    check_edit_and_listing(moderator_client, submission)
    check_preview(moderator_client, submission)
    saved = moderator_client.post(
        reverse("wagtail_ugc_queue:edit_inline", args=(submission.pk,)),
        {f"alt_text-{photo.uuid}": alt_text},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert saved.json()["ok"] is True
    photo.refresh_from_db()
    assert forbidden_on_one_line(photo.alt_text) == []

    # Approved from the queue: its message, the creator's e-mail, the gallery.
    mail.outbox = []
    approved = settle(
        moderator_client.post,
        reverse("wagtail_ugc_queue:approve", args=(submission.pk,)),
        follow=True,
    )
    shown = soup_of(approved).get_text()
    submission.refresh_from_db()
    assert f"by {submission.credit_line}" in shown  # "Approved: Photo #1 by …"
    assert submission.moderation_status == ModerationStatus.APPROVED
    check_emails(
        mail.outbox,
        text_has=[submission.creator.name, submission.credit_line],
        html_has=[submission.creator.name, submission.credit_line],
    )
    check_gallery(client, gallery, submission, photo)


# Rejected: the creator's e-mail ------------------------------------------------


@PROPERTIES
@example(
    name=CLASSIC["name"], credit_line=CLASSIC["credit_line"], reason=CLASSIC["text"]
)
@given(name=hostile_line, credit_line=hostile_line, reason=hostile_markup)
def test_a_rejection_email_shows_the_name_and_reason_escaped(
    client,
    moderator_client,
    campaign,
    settle,
    creators_told_of_rejection,
    name,
    credit_line,
    reason,
):
    start_afresh()
    response = settle(
        submit,
        client,
        campaign,
        kind="review",
        rating="2",
        text=reason,
        name=name,
        credit_line=credit_line,
    )
    assert response.status_code in (302, 400)
    event(f"form answered {response.status_code}")
    assert injected(response.content.decode()) == []
    if response.status_code == 400:
        return
    submission = Submission.objects.select_related("creator").get()

    mail.outbox = []
    rejected = settle(
        moderator_client.post,
        reverse("wagtail_ugc_queue:reject", args=(submission.pk,)),
        {"category": "other", "comment": reason},
        follow=True,
    )
    soup_of(rejected)
    submission.refresh_from_db()
    assert submission.moderation_status == ModerationStatus.REJECTED
    (message,) = mail.outbox
    assert message.to == [submission.creator.email]
    check_emails(
        mail.outbox,
        text_has=[submission.creator.name, submission.rejection_reason],
        html_has=[submission.creator.name, submission.rejection_reason],
    )
    check_inspect(moderator_client, submission, submission.rejection_reason)


# A credit chosen on the creator's rights page ----------------------------------


@settings(PROPERTIES, max_examples=15)
@example(  # refused: the page comes back with what was typed
    credit_line=CLASSIC["credit_line"],
    credit_other=CLASSIC["text"],
    credit_url="ftp://ana.example/",
)
@example(
    credit_line=CLASSIC["credit_line"],
    credit_other=CLASSIC["name"],
    credit_url='https://ana.example/?q="ugc-x="1"><ugc-x>\'',
)
@given(credit_line=hostile_line, credit_other=hostile_line, credit_url=hostile_link)
def test_a_credit_chosen_on_the_rights_page_is_shown_escaped_everywhere(
    client,
    moderator_client,
    moderator,
    campaign,
    gallery,
    settle,
    credit_line,
    credit_other,
    credit_url,
):
    start_afresh()
    # Found content: the credit an editor copied from the post, still uncleaned.
    submission = SubmissionFactory(
        kind=Kind.PHOTO,
        rating=None,
        live=False,
        campaign=campaign,
        creator=CreatorFactory(email=f"found{next(addresses)}@example.com", name="Ana"),
        source=Source.RIGHTS_REQUEST,
        credit_line=credit_line.replace("\x00", ""),  # PostgreSQL stores no NUL
        text="",
    )
    photo = add_photo(submission, alt_text="A tent by a lake", width=160, height=120)
    submission_ready.send(sender=Submission, submission=submission)
    rights_request = settle(request_rights, submission)
    url = rights_request_url(rights_request)

    offered = soup_of(client.get(url))
    choices = [field["value"] for field in offered.select("[name=credit_choice]")]
    assert all(forbidden_on_one_line(choice) == [] for choice in choices)

    mail.outbox = []
    answered = settle(
        client.post,
        url,
        {
            "answer": "grant",
            "credit_choice": "other",
            "credit_other": credit_other,
            "credit_url": credit_url,
            "people_shown_consented": "on",
        },
    )
    assert answered.status_code in (200, 400)
    event(f"rights page answered {answered.status_code}")
    assert injected(answered.content.decode()) == []
    submission.refresh_from_db()
    if answered.status_code == 400:
        assert submission.rights_status == RightsStatus.REQUESTED
        return
    assert forbidden_on_one_line(submission.credit_line) == []
    assert (
        submission.credit_line
        in BeautifulSoup(answered.content.decode(), "html.parser").get_text()
    )
    check_emails(mail.outbox, text_has=[submission.credit_line])

    check_queue(moderator_client, submission, photo)
    check_inspect(moderator_client, submission)  # its consent record has the credit
    rights_page = moderator_client.get(
        reverse("wagtail_ugc_rights:submission", args=(submission.pk,))
    )
    assert submission.credit_line in soup_of(rights_page).get_text()
    mail.outbox = []
    settle(actions.approve, submission, moderator)
    check_emails(
        mail.outbox,
        text_has=[submission.credit_line],
        html_has=[submission.credit_line],
    )
    check_gallery(client, gallery, submission, photo)


# A video link and its caption ----------------------------------------------------

#: A TikTok link is accepted on its pattern alone; what follows it is the visitor's.
TIKTOK = "https://www.tiktok.com/@ana.walks/video/7234567890123456789"
hostile_video_link = st.builds(
    lambda payload, text: TIKTOK + "?q=" + "".join((payload + text).split()),
    st.sampled_from(PAYLOADS),
    hostile_text,
)


@settings(PROPERTIES, max_examples=15)
@example(
    video_url=TIKTOK + '?q="ugc-x="1"></script><ugc-x>',
    credit_line=CLASSIC["credit_line"],
    text=CLASSIC["text"],
)
@given(video_url=hostile_video_link, credit_line=hostile_line, text=hostile_markup)
def test_a_video_link_and_its_caption_are_shown_escaped(
    client,
    moderator_client,
    moderator,
    campaign,
    gallery,
    settle,
    oembed_endpoint_double,
    video_url,
    credit_line,
    text,
):
    start_afresh()
    response = settle(
        submit,
        client,
        campaign,
        kind="video",
        video_url=video_url,
        name="Ana",
        credit_line=credit_line,
        text=text,
    )
    assert response.status_code in (302, 400)
    event(f"form answered {response.status_code}")
    assert injected(response.content.decode()) == []
    if response.status_code == 400:
        return
    submission = Submission.objects.get()
    assert forbidden_on_one_line(submission.video_url) == []

    check_queue(moderator_client, submission)
    check_inspect(moderator_client, submission, submission.video_url)
    check_preview(moderator_client, submission)
    settle(actions.approve, submission, moderator)

    page = client.get(gallery.url)
    (item,) = soup_of(page).select(".ugc-item")
    assert item.select_one("a.ugc-video")["href"] == submission.video_url
    assert text_of(item.select_one(".ugc-credit__name")) == submission.credit_line
    (data,) = json_ld_of(page.content.decode())
    (video,) = data["@graph"]
    assert video["url"] == submission.video_url
    assert video.get("description", "") == submission.text
    assert video["creditText"] == submission.credit_line


# A photo's file name -------------------------------------------------------------


@PROPERTIES
@example(filename="<script>alert(1)</script>.jpg")
@example(filename='"><ugc-x ugc-x="1">\u202egpj.exe')
@given(filename=hostile_line)
def test_a_refused_files_name_is_repeated_escaped(client, campaign, filename):
    start_afresh()
    response = submit(
        client, campaign, name="Ana", photos=[upload(filename, b"not an image")]
    )

    assert response.status_code == 400
    assert injected(response.content.decode()) == []
    assert not Submission.objects.exists()


# Every field of the public forms at once: never a 500 ----------------------------


def either(valid, hostile):
    return st.one_of(st.just(valid), hostile)


@settings(PROPERTIES, max_examples=30)
@given(
    st.fixed_dictionaries(
        {
            "kind": either("review", hostile_line),
            "rating": either("4", hostile_line),
            "video_url": either("", hostile_link),
            "text": either("Dry all night.", hostile_markup),
            "name": either("Ana", hostile_line),
            "email": either("ana@example.com", hostile_line),
            "credit_line": either("", hostile_line),
            "credit_url": either("", hostile_link),
            "accept_terms": either("on", hostile_line),
            "age_confirmed": either("on", hostile_line),
            "scopes": either([], st.lists(hostile_line, max_size=2)),
            "leave_empty": either("", hostile_line),
        }
    )
)
def test_any_field_of_the_public_form_answers_without_an_error_page(
    client, campaign, settle, oembed_endpoint_double, fields
):
    start_afresh()
    response = settle(
        client.post, reverse("wagtail_ugc:submit", args=[campaign.slug]), fields
    )

    assert response.status_code in (302, 400)
    event(f"form answered {response.status_code}")
    assert injected(response.content.decode()) == []
    for submission in Submission.objects.select_related("creator"):
        for single_line in (submission.creator.name, submission.credit_line):
            assert forbidden_on_one_line(single_line) == []


@settings(PROPERTIES, max_examples=30)
@given(
    st.fixed_dictionaries(
        {
            "answer": either("grant", st.one_of(st.just("decline"), hostile_line)),
            "credit_choice": either("other", hostile_line),
            "credit_other": either("Ana", hostile_line),
            "credit_url": either("", hostile_link),
            "scopes": either([], st.lists(hostile_line, max_size=2)),
        }
    )
)
def test_any_field_of_the_rights_page_answers_without_an_error_page(
    client, campaign, settle, fields
):
    start_afresh()
    review = SubmissionFactory(
        kind=Kind.REVIEW,
        campaign=campaign,
        creator=CreatorFactory(email=f"found{next(addresses)}@example.com"),
        source=Source.RIGHTS_REQUEST,
    )
    url = rights_request_url(settle(request_rights, review))

    response = settle(client.post, url, fields)

    assert response.status_code in (200, 400)
    event(f"rights page answered {response.status_code}")
    assert injected(response.content.decode()) == []
    review.refresh_from_db()
    assert forbidden_on_one_line(review.credit_line) == []
