"""An editor adds a blocklist term in the admin, and the next submission using it shows a flag."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Collection

from wagtail_ugc.models import BlocklistTerm
from wagtail_ugc.moderation.rules import apply_rules

from ..factories import SubmissionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(django_user_model):
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    return django_user_model.objects.create_superuser(
        username="erik", email="erik@example.com", password="pw"
    )


def test_a_term_added_in_the_admin_flags_the_next_submission(page, editor, screenshot):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("erik")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/admin/snippets/wagtail_ugc/blocklistterm/add/")
    page.get_by_role("textbox", name="Language").fill("sv")
    page.get_by_role("textbox", name="Term").fill("skräptält")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="skräptält")).to_be_visible()
    assert BlocklistTerm.objects.filter(language="sv", term="skräptält").exists()

    submission = SubmissionFactory(text="Ett SKRAPTALT, tyvärr.", locale="sv")
    apply_rules(submission)
    page.goto(f"/admin/snippets/wagtail_ugc/submission/inspect/{submission.pk}/")
    expect(page.get_by_text("blocklisted words: “skräptält” (sv)")).to_be_visible()
    screenshot(page, "moderation-rules-flag", full_page=True)
    page.goto("/admin/snippets/wagtail_ugc/blocklistterm/")
    screenshot(page, "moderation-rules-blocklist")
