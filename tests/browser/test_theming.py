"""The form, a gallery, the open lightbox and the rights page stay readable in the site's light or dark look.

axe-core checks every page (colour contrast included) in three looks: the demo
site in the light and in the dark colour scheme, and a site with a dark theme
of its own that does not use prefers-color-scheme.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from wagtail_ugc.rights.requests import request_rights, rights_request_link

from .forms import send_review_without_rating
from .test_rights import found_photo

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
STYLESHEETS = [
    ROOT / "wagtail_ugc" / "static" / "wagtail_ugc" / name
    for name in ("intake.css", "gallery.css", "pages.css")
]

# A site's own dark theme, switched on without prefers-color-scheme (as by a
# theme toggle). Its paragraph colour is still the light theme's outside the
# content area, where the lightbox lives.
SITE_DARK_THEME = """
p { color: #3d3d3d; }
body { background: #121212; color: #e8e8e8; }
main p, footer p { color: inherit; }
a { color: #8ab4f8; }
"""

THEMES = {
    "light": ("light", None),
    "dark": ("dark", None),
    "site-dark": ("light", SITE_DARK_THEME),
}


@pytest.fixture(params=THEMES)
def theme(request):
    return request.param


@pytest.fixture
def themed_page(theme, browser, live_server, gallery_site):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        color_scheme=THEMES[theme][0],
        bypass_csp=True,  # for the test's own inline theme stylesheet
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_readable(page, theme):
    css = THEMES[theme][1]
    if css:  # switched on after loading, as a theme toggle does
        page.add_style_tag(content=css)
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (body == "rgb(251, 250, 247)") == (theme == "light"), body
    results = Axe().run(page, options={"resultTypes": ["violations", "incomplete"]})
    problems = [
        f"{rule['id']}: {node['target']}: {node['failureSummary']}"
        for rule in results.response["violations"]
        for node in rule["nodes"]
    ]
    assert problems == [], "\n".join(problems)
    # Contrast axe could not work out is contrast nobody checked. Star glyphs
    # (an image with a label) and carousel items scrolled out of view are the
    # expected exceptions.
    unsure = [
        (node["target"], node["any"][0]["message"])
        for rule in results.response["incomplete"]
        if rule["id"] == "color-contrast"
        for node in rule["nodes"]
        if not page.locator(node["target"][0]).evaluate(
            "e => !!e.closest('.ugc-stars, .ugc-gallery--carousel')"
        )
    ]
    assert unsure == [], unsure


def test_the_form_is_readable(theme, themed_page):
    themed_page.goto("/share/")
    expect(themed_page.locator(".ugc-terms")).to_be_visible()
    assert_readable(themed_page, theme)


def test_the_form_with_errors_is_readable(theme, themed_page):
    page = themed_page
    page.goto("/share/")
    send_review_without_rating(page)
    expect(page.get_by_text("Choose a rating from 1 to 5.")).to_be_visible()
    expect(page.locator(".ugc-alert")).to_be_visible()
    assert_readable(page, theme)


def test_the_gallery_is_readable(theme, themed_page):
    themed_page.goto("/gallery/")
    assert_readable(themed_page, theme)


def test_the_open_lightbox_is_readable(theme, themed_page):
    page = themed_page
    page.goto("/gallery/")
    page.locator(".ugc-gallery--masonry [data-ugc-full]").first.click()
    expect(page.locator("dialog.ugc-lightbox[open] figcaption")).to_contain_text("©")
    assert_readable(page, theme)


def test_the_rights_request_with_errors_is_readable(theme, themed_page):
    link = rights_request_link(request_rights(found_photo(), send_email=False))
    page = themed_page
    page.goto(urlsplit(link).path)
    page.get_by_label("Another name or handle (type it below)").check()
    page.get_by_role("button", name="Yes, you may show it").click()
    expect(page.locator(".ugc-rights .errorlist").first).to_be_visible()
    expect(page.locator(".ugc-terms")).to_be_visible()
    assert_readable(page, theme)


def test_a_site_re_colours_the_form_from_its_own_stylesheet(page, demo_content):
    def site_css(route):
        css = route.fetch().text() + ".ugc-form { --ugc-accent: #c00; }"
        route.fulfill(body=css, content_type="text/css")

    page.goto("/share/")
    button = page.get_by_role("button", name="Send")
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == (
        "rgb(11, 110, 79)"
    )
    # The site's stylesheet loads before the form's own.
    page.route("**/css/site.css", site_css)
    page.reload()
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == (
        "rgb(204, 0, 0)"
    )


def test_every_custom_property_is_documented_and_left_to_the_site():
    css = "".join(path.read_text(encoding="utf-8") for path in STYLESHEETS)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    used = set(re.findall(r"var\((--ugc-[a-z-]+)", css))
    table = (ROOT / "docs" / "theming.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(--ugc-[a-z-]+)`", table, re.MULTILINE))
    assert used == documented
    # Defaults are var() fallbacks: a --ugc-* set here would beat the site's.
    assert re.findall(r"(--ugc-[a-z-]+)\s*:", css) == []
