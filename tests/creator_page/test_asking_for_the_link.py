"""Asking for the link: the same answer for any address; the e-mail only to a creator we hold."""

import re

import pytest
from django.core import mail
from django.test import Client

from wagtail_ugc.models import Creator

from ..factories import SubmissionFactory

pytestmark = pytest.mark.django_db

FORM = "/ugc/my-submissions/"


def ask(email, client=None, **extra):
    return (client or Client()).post(FORM, {"email": email}, **extra)


def test_the_form_is_a_page_of_the_site():
    response = Client().get(FORM)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="email"' in html and "csrfmiddlewaretoken" in html
    assert response["X-Robots-Tag"].startswith("noindex")


def test_a_known_address_gets_a_link_in_the_creators_language():
    creator = Creator.objects.for_email("ana@example.org", name="Ana", language="sv")
    SubmissionFactory(creator=creator)
    response = ask(" Ana@Example.org ")
    assert response.status_code == 200
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    link = re.search(r"https?://\S+/my-submissions/\S+/", message.body).group(0)
    assert link.startswith("http://testserver/ugc/my-submissions/")
    html, _type = message.alternatives[0]
    # Swedish, as the creator chose, whatever the request's language.
    assert 'lang="sv"' in html
    assert Client().get(link.removeprefix("http://testserver")).status_code == 200


def test_an_unknown_address_gets_the_same_answer_and_no_email():
    creator = Creator.objects.for_email("ana@example.org", name="Ana")
    SubmissionFactory(creator=creator)
    known = ask("ana@example.org")
    unknown = ask("nobody@example.org")
    assert unknown.status_code == known.status_code == 200
    assert unknown.content == known.content
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_the_link_uses_the_sites_address_never_the_requests_host(settings):
    settings.ALLOWED_HOSTS = ["*"]
    Creator.objects.for_email("ana@example.org", name="Ana")
    ask("ana@example.org", HTTP_HOST="evil.example")
    (message,) = mail.outbox
    assert "evil.example" not in message.body
    assert "http://testserver/ugc/my-submissions/" in message.body


@pytest.mark.parametrize(
    "value",
    ["", "not an address", "a@b" + "c" * 300 + ".org", "<script>x</script>@x.org"],
)
def test_a_bad_address_is_refused_with_a_clear_message(value):
    response = ask(value)
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html
    assert "<script>x</script>" not in html
    assert mail.outbox == []


def test_posting_without_the_csrf_token_is_refused():
    Creator.objects.for_email("ana@example.org", name="Ana")
    response = ask("ana@example.org", client=Client(enforce_csrf_checks=True))
    assert response.status_code == 403
    assert mail.outbox == []


def test_only_get_and_post_are_answered():
    assert Client().put(FORM).status_code == 405


def test_the_address_is_limited_whether_it_is_known_or_not(settings):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "CREATOR_LINK_RATE_LIMIT_PER_EMAIL": 2,
    }
    Creator.objects.for_email("ana@example.org", name="Ana")
    for email in ("ana@example.org", "nobody@example.org"):
        answers = [ask(email, REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(3)]
        assert answers == [200, 200, 429], email
    assert len(mail.outbox) == 2


def test_an_ip_address_is_limited_across_addresses(settings):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "CREATOR_LINK_RATE_LIMIT_PER_IP": 2}
    answers = [ask(f"person{n}@example.org").status_code for n in range(3)]
    assert answers == [200, 200, 429]
    response = ask("person9@example.org")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many requests" in response.content.decode()
