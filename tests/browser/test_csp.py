"""The public pages of the demo under the example site's strict Content-Security-Policy.

Every page the browser loads must carry the header, and no script, style,
image or frame may be refused: Chromium fires `securitypolicyviolation` and
logs a "Content Security Policy" console error for each thing it blocks.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.intake.samples import gps_jpeg
from wagtail_ugc.rights.requests import request_rights, rights_request_link

from .forms import fill_photo_form, send_review_without_rating
from .test_rights import found_photo

pytestmark = pytest.mark.django_db(transaction=True)

# Run again after intake.js writes a failed submission's answer into the page:
# document.open() erases the listeners (the console still reports).
COLLECT_VIOLATIONS = """
window.__cspViolations = window.__cspViolations || [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`
  );
});
"""


@pytest.fixture
def csp_page(page):
    """A page that records CSP violations, console reports and each HTML answer's header."""
    page.add_init_script(COLLECT_VIOLATIONS)
    page.console_reports = []
    page.answers = []
    page.on(
        "console",
        lambda message: (
            page.console_reports.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            page.answers.append(
                (
                    urlsplit(response.url).path,
                    response.header_value("content-security-policy"),
                )
            )
            if (response.header_value("content-type") or "").startswith("text/html")
            else None
        ),
    )
    return page


def assert_no_violation(page):
    """Check the document now shown; call it before leaving each page."""
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    assert page.console_reports == []
    assert page.answers
    for path, policy in page.answers:
        assert policy and "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy, path


def test_home_share_and_gallery_pages_run_under_the_policy(csp_page, demo_content):
    page = csp_page
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_violation(page)

    page.goto("/share/")
    send_review_without_rating(page)
    expect(page.get_by_text("Choose a rating from 1 to 5.")).to_be_visible()
    page.evaluate(COLLECT_VIOLATIONS)
    assert_no_violation(page)
    assert "/ugc/submit/summer-trails/" in [path for path, _ in page.answers]

    page.goto("/gallery/")
    page.locator(".ugc-gallery--grid [data-ugc-full]").first.click()
    dialog = page.locator("dialog.ugc-lightbox[open]")
    dialog.wait_for()
    expect(dialog.locator("img")).to_be_visible()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    items = page.locator(".ugc-gallery--grid .ugc-gallery__items > li")
    shown = items.count()
    page.locator(".ugc-gallery--grid").get_by_role("link", name="Load more").click()
    page.wait_for_function(  # a function: the policy refuses to eval a string
        "shown => document.querySelectorAll('.ugc-gallery--grid .ugc-gallery__items > li').length > shown",
        arg=shown,
    )
    page.mouse.wheel(0, 20000)  # lazy images below the fold load too
    assert_no_violation(page)
    assert (
        page.evaluate(
            "[...document.images].filter(i => i.complete && i.naturalWidth === 0).length"
        )
        == 0
    )
    assert {"/", "/share/", "/gallery/"} <= {path for path, _ in page.answers}


def test_thanks_withdraw_and_rights_pages_run_under_the_policy(
    csp_page, demo_content, settings, tmp_path
):
    settings.WAGTAILADMIN_BASE_URL = ""
    page = csp_page
    photo_path = tmp_path / "IMG_0044.JPG"
    photo_path.write_bytes(gps_jpeg())

    page.goto("/share/")
    fill_photo_form(page, photo_path)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    assert_no_violation(page)

    page.get_by_role("link", name="Withdraw my submission").click()
    page.get_by_role("button", name="Withdraw it").click()
    expect(
        page.get_by_role("heading", name="Your submission is withdrawn")
    ).to_be_visible()
    assert_no_violation(page)

    page.goto("/ugc/withdraw/not-a-signed-token/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_violation(page)

    rights_request = request_rights(found_photo(), send_email=False)
    page.goto(urlsplit(rights_request_link(rights_request)).path)
    image = page.locator("main img").first
    image.wait_for()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    page.get_by_label(
        "Everyone who can be recognised in it agreed to share it."
    ).check()
    page.get_by_role("button", name="Yes, you may show it").click()
    page.get_by_role("heading", name="Thank you for saying yes").wait_for()
    assert_no_violation(page)
    paths = [path for path, _ in page.answers]
    assert "/ugc/withdraw/not-a-signed-token/" in paths
    assert sum(path.startswith("/ugc/withdraw/") for path in paths) >= 3
    assert sum(path.startswith("/ugc/rights/") for path in paths) >= 2


def test_an_inline_style_would_be_reported(csp_page, demo_content):
    """The checks above can fail: the policy refuses what a template must not do."""
    page = csp_page
    page.goto("/")
    page.evaluate(
        """() => {
          const style = document.createElement("style");
          style.textContent = "body { color: red; }";
          document.head.append(style);
        }"""
    )
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert "style-src" in page.evaluate("window.__cspViolations")[0]
    assert any("Content Security Policy" in text for text in page.console_reports)


def test_the_admin_is_left_out_of_the_policy(page, live_server):
    response = page.goto("/admin/login/")
    assert response.status == 200
    assert response.header_value("content-security-policy") is None
