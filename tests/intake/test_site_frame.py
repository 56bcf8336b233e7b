"""The standalone pages take the site's frame: its header, footer and title.

``BASE_TEMPLATE`` and ``BASE_TEMPLATE_BLOCK`` name the site's base template
and the block the page goes in; a site without that template gets the
package's own minimal page.
"""

from datetime import timedelta
from pathlib import Path

import pytest
import wagtail
from django.core.checks import run_checks
from django.template import Context, Engine
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from .conftest import form_data

pytestmark = pytest.mark.django_db

HEADER = '<a class="site-name" href="/">Northwind Outdoor</a>'
FOOTER = "A demo site for wagtail-ugc."


def submit_url(campaign):
    return reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})


@pytest.fixture
def thanks_page(client, submit, campaign):
    submit(**form_data(kind="review", rating="5"))
    return lambda: client.get(
        reverse("wagtail_ugc:submit_thanks", kwargs={"campaign_slug": campaign.slug})
    )


def use_site_templates(settings, folder, **files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    engine, *others = settings.TEMPLATES
    settings.TEMPLATES = [{**engine, "DIRS": [folder, *engine["DIRS"]]}, *others]


def set_frame(settings, **frame):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, **frame}


def test_the_thank_you_page_is_in_the_example_site_s_frame(thanks_page):
    response = thanks_page()
    html = response.content.decode()

    assert response.status_code == 200
    assert HEADER in html and FOOTER in html
    assert "<title>Thank you! · Northwind Outdoor</title>" in html
    assert html.index(HEADER) < html.index("What happens next") < html.index(FOOTER)
    assert html.count("<main") == 1
    assert "/static/wagtail_ugc/pages.css" in html
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize("method", ["get", "put"])
def test_the_form_and_refusal_pages_are_in_the_frame(client, campaign, method):
    response = getattr(client, method)(submit_url(campaign))
    html = response.content.decode()

    assert response.status_code == (200 if method == "get" else 405)
    assert HEADER in html and FOOTER in html
    assert response["X-Robots-Tag"] == "noindex"


def test_the_closed_page_is_in_the_frame(client, campaign):
    campaign.closes_at = timezone.now() - timedelta(days=1)
    campaign.save()

    response = client.get(submit_url(campaign))
    html = response.content.decode()

    assert response.status_code == 403
    assert HEADER in html and "This campaign is closed" in html
    assert "<title>Summer trails · Northwind Outdoor</title>" in html


def test_a_site_without_the_base_template_gets_the_package_s_own_page(
    settings, thanks_page
):
    set_frame(settings, BASE_TEMPLATE="no/such/base.html")

    response = thanks_page()
    html = response.content.decode()

    assert response.status_code == 200
    assert HEADER not in html
    assert "<title>Thank you!</title>" in html
    assert '<main class="ugc-page" id="main">' in html
    assert "What happens next" in html
    assert response["X-Robots-Tag"] == "noindex"


def test_a_custom_block_is_the_one_filled(settings, tmp_path, thanks_page):
    use_site_templates(
        settings,
        tmp_path / "templates",
        **{
            "site/layout.html": (
                "<title>{% block title %}{% endblock %} | Acme</title>"
                "<aside>{% block content %}The sidebar{% endblock %}</aside>"
                "<section>{% block main_area %}{% endblock %}</section>"
            )
        },
    )
    set_frame(
        settings, BASE_TEMPLATE="site/layout.html", BASE_TEMPLATE_BLOCK="main_area"
    )

    html = thanks_page().content.decode()

    assert "<title>Thank you! | Acme</title>" in html
    assert "<aside>The sidebar</aside>" in html
    section = html.split("<section>", 1)[1].split("</section>", 1)[0]
    assert "What happens next" in section


def wagtail_start_base_html():
    """The base.html of a site made by ``wagtail start mysite``, rendered as it does."""
    template = Path(wagtail.__file__).parent / "project_template/project_name/templates"
    source = (template / "base.html").read_text()
    return (
        Engine()
        .from_string(source)
        .render(Context({"project_name": "mysite"}, autoescape=False))
    )


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "editor"])
def test_wagtail_start_s_base_template_frames_the_pages_without_a_page(
    settings, tmp_path, thanks_page, client, moderator, signed_in
):
    use_site_templates(
        settings, tmp_path / "templates", **{"base.html": wagtail_start_base_html()}
    )
    Site.objects.update(site_name="My site")  # read by {% wagtail_site %}
    if signed_in:
        client.force_login(moderator)  # {% wagtailuserbar %} renders for editors

    response = thanks_page()
    html = response.content.decode()

    assert response.status_code == 200
    assert "/static/css/mysite.css" in html
    assert "What happens next" in html
    title = " ".join(html.split("<title>", 1)[1].split("</title>", 1)[0].split())
    assert title == "Thank you! - My site"
    assert ("wagtail-userbar" in html) is signed_in


@pytest.mark.parametrize(
    "frame",
    [
        {"BASE_TEMPLATE": ""},
        {"BASE_TEMPLATE": None},
        {"BASE_TEMPLATE_BLOCK": "main content"},
        {"BASE_TEMPLATE_BLOCK": "title"},
        {"BASE_TEMPLATE_BLOCK": "ugc_page"},
    ],
)
def test_a_frame_setting_that_cannot_work_fails_the_system_check(settings, frame):
    set_frame(settings, **frame)

    assert "wagtail_ugc.E080" in [error.id for error in run_checks()]


@pytest.mark.parametrize("block", ["content", "main-content"])
def test_block_names_a_template_can_have_pass_the_system_check(settings, block):
    set_frame(settings, BASE_TEMPLATE="layouts/site.html", BASE_TEMPLATE_BLOCK=block)

    assert "wagtail_ugc.E080" not in [error.id for error in run_checks()]
