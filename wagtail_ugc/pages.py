"""The site's own frame around the package's standalone pages.

The thank-you, closed and refused pages of intake and the withdraw and
rights-request pages extend ``wagtail_ugc/page.html``, which extends
``ugc_frame``: the site's base template (``BASE_TEMPLATE``) with the page put
in its ``BASE_TEMPLATE_BLOCK`` and the page's title in its ``title`` block, or
the package's own minimal page when the site has no such template.

Django block names cannot come from a variable, so for each (template, block)
pair a one-line template is compiled once that extends the site's template
and fills the named block with the ``ugc_page`` block ``page.html`` fills.
"""

from functools import lru_cache

from django.shortcuts import render
from django.template import Engine, TemplateDoesNotExist

from .conf import ugc_settings

#: The package's own page, for a site without the named base template.
OWN_FRAME = "wagtail_ugc/frame.html"


@lru_cache(maxsize=16)
def _frame_template(engine, base, block, head_block=""):
    head = ""
    if head_block:
        # Kept: what the site's own pages put there (its stylesheets, say).
        head = (
            "{% block " + head_block + " %}{{ block.super }}"
            "{% block ugc_head %}{% endblock %}{% endblock %}"
        )
    extends = '{% extends "' + base + '" %}'
    page = "{% block " + block + " %}{% block ugc_page %}{% endblock %}{% endblock %}"
    return engine.from_string(extends + head + page)


def site_frame(*, with_head=False):
    """The template the standalone pages extend: the site's frame or our own.

    ``with_head``: the page's ``ugc_head`` block goes into the site's
    ``BASE_TEMPLATE_HEAD_BLOCK`` (the item pages' canonical link and tags).
    """
    engine = Engine.get_default()
    base = ugc_settings.BASE_TEMPLATE
    try:
        engine.get_template(base)
    except TemplateDoesNotExist:
        return OWN_FRAME
    head_block = (ugc_settings.BASE_TEMPLATE_HEAD_BLOCK or "") if with_head else ""
    return _frame_template(engine, base, ugc_settings.BASE_TEMPLATE_BLOCK, head_block)


def render_page(request, template_name, context=None, status=None):
    """Render a standalone page in the site's frame, kept out of search engines.

    A header rather than a ``<meta>``: the site's base template may have no
    block in its ``<head>`` to put one in.
    """
    response = render(
        request,
        template_name,
        {**(context or {}), "ugc_frame": site_frame()},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
