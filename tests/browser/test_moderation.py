"""A moderator works the queue in a real browser, by keyboard."""

import time

import pytest
from playwright.sync_api import expect
from wagtail.models import Collection, ModelLogEntry

from wagtail_ugc.models import Submission
from wagtail_ugc.models.choices import Kind
from wagtail_ugc.moderation.defaults import ensure_moderation_defaults
from wagtail_ugc.moderation.views import QUEUE_PAGE_SIZE

from ..images import jpeg_bytes
from ..moderation.helpers import make_moderator, pending_submission

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def moderator(django_user_model):
    # A transactional test starts from a flushed database: put back the rows
    # migrations make (root collection for public images, moderation set-up).
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    ensure_moderation_defaults()
    return make_moderator(django_user_model, "mira")


def log_in(page, username="mira", password="pw"):  # noqa: S107 - test user
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("body")).to_contain_text("awaiting moderation")


def test_moderator_approves_a_public_form_submission_by_keyboard(
    browser, live_server, demo_content, page, screenshot, tmp_path, django_user_model
):
    moderator = make_moderator(django_user_model, "mira")
    before = set(Submission.objects.values_list("pk", flat=True))

    visitor = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    photo_path = tmp_path / "IMG_0042.JPG"
    photo_path.write_bytes(jpeg_bytes(1200, 900))
    visitor.goto("/share/")
    visitor.get_by_label("Photo", exact=True).check()
    visitor.get_by_label("Photos").set_input_files(str(photo_path))
    visitor.get_by_label("Caption or review").fill(
        "First light at the lake, more on https://example.com/ada"
    )
    visitor.get_by_label("Your name").fill("Ada Walker")
    visitor.get_by_label("Your e-mail").fill("ada@example.com")
    visitor.get_by_label("Credit me as").fill("@ada_walks")
    visitor.get_by_label("I agree to the terms above.").check()
    visitor.get_by_label("I am 16 or older.").check()
    visitor.get_by_label("Everyone shown agreed to share it.").check()
    visitor.get_by_role("button", name="Send").click()
    expect(visitor.get_by_role("heading", name="Thank you!")).to_be_visible()
    visitor.context.close()
    submission = Submission.objects.exclude(pk__in=before).get()
    assert submission.flags.exists()

    log_in(page)
    expect(page.get_by_text("awaiting moderation, oldest waiting")).to_be_visible()
    page.goto("/admin/ugc/queue/")
    item = page.locator(f"[data-ugc-item][data-inspect-url*='/{submission.pk}/']")
    expect(item.locator("[data-ugc-flags]")).to_contain_text("link")
    item.scroll_into_view_if_needed()
    thumbnail = item.locator("img[data-ugc-thumbnail]")
    expect(thumbnail).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    # The form asks for no alt text: the moderator writes it, then approves.
    expect(item.locator("[data-ugc-missing]")).to_contain_text("no alt text")
    item.get_by_label("Alt text, photo 1").fill("A lake at sunrise")
    item.get_by_label("Alt text, photo 1").press("Enter")
    expect(page.locator("[data-ugc-status]")).to_have_text("Saved.")
    page.keyboard.press("Escape")
    expect(item).to_be_focused()
    screenshot(page, "moderation-queue")

    page.keyboard.press("a")
    expect(page.locator("[data-ugc-status]")).to_contain_text("Approved")
    submission.refresh_from_db()
    assert submission.live and submission.moderation_status == "approved"

    page.goto(f"/admin/snippets/wagtail_ugc/submission/history/{submission.pk}/")
    history = page.locator("main")
    expect(history).to_contain_text("Approved")
    expect(history).to_contain_text("mira")
    entry = ModelLogEntry.objects.get(
        object_id=str(submission.pk), action="wagtail.workflow.approve"
    )
    assert entry.user == moderator and entry.timestamp
    screenshot(page, "moderation-history")


def test_reject_by_keyboard_with_a_reason(page, moderator):
    from wagtail_ugc.models import RejectionReason

    RejectionReason.objects.create(title="Off topic", text="It does not show our gear.")
    submission = pending_submission(kind=Kind.REVIEW)
    log_in(page)
    page.goto("/admin/ugc/queue/")
    expect(page.locator("[data-ugc-item]").first).to_be_focused()
    page.keyboard.press("r")
    select = page.locator("[data-ugc-reject] select[name=reason_template]").first
    expect(select).to_be_focused()
    select.select_option(label="Off topic (Breaks the guidelines)")
    select.press("Enter")
    expect(page.locator("[data-ugc-status]")).to_contain_text("Rejected")
    submission.refresh_from_db()
    assert submission.rejection_reason == "It does not show our gear."


def test_alt_text_and_credit_are_editable_inline(page, moderator):
    submission = pending_submission(alt_text="", credit_line="")
    log_in(page)
    page.goto("/admin/ugc/queue/")
    item = page.locator("[data-ugc-item]").first
    expect(item.locator("[data-ugc-missing]")).to_contain_text("credit line is missing")
    item.get_by_label("Credit").fill("Ana B.")
    item.get_by_label("Alt text, photo 1").fill("A green tent by a lake")
    item.get_by_label("Alt text, photo 1").press("Enter")
    expect(page.locator("[data-ugc-status]")).to_have_text("Saved.")
    expect(item.locator("[data-ugc-missing] li")).to_have_count(0)
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect(page.locator("[data-ugc-status]")).to_contain_text("Approved")
    assert Submission.objects.get(pk=submission.pk).credit_line == "Ana B."


def test_clearing_100_clean_submissions_by_keyboard(page, moderator):
    for index in range(100):
        pending_submission(
            kind=Kind.PHOTO if index % 10 == 0 else Kind.REVIEW,
            text=f"Clean submission {index}",
        )
    log_in(page)
    started = time.perf_counter()
    page.goto("/admin/ugc/queue/")
    remaining = page.locator("[data-ugc-remaining]")
    for done in range(1, 101):
        expect(page.locator("[data-ugc-item].is-current")).to_be_focused()
        if done % QUEUE_PAGE_SIZE == 0 and done < 100:
            # The last item of a page: the queue loads the next batch.
            with page.expect_navigation():
                page.keyboard.press("a")
        else:
            page.keyboard.press("a")
            expect(remaining).to_have_text(f"{100 - done} awaiting moderation")
    elapsed = time.perf_counter() - started
    print(
        f"\nCleared 100 clean submissions by keyboard in {elapsed:.1f} s (goal < 180 s)"
    )
    assert Submission.objects.filter(live=True).count() == 100


def test_j_k_move_and_enter_opens(page, moderator):
    first = pending_submission(kind=Kind.REVIEW, text="First in line")
    second = pending_submission(kind=Kind.REVIEW, text="Second in line")
    log_in(page)
    page.goto("/admin/ugc/queue/")
    items = page.locator("[data-ugc-item]")
    expect(items.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(items.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(items.nth(0)).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        f"/admin/snippets/wagtail_ugc/submission/inspect/{second.pk}/"
    )
    expect(page.locator("main")).to_contain_text("Second in line")
    assert Submission.objects.get(pk=first.pk).moderation_status == "pending"
