"""The example site's pages rendering their StreamField each of the three usual ways.

The Wagtail tutorial (and most sites) write ``{{ page.body }}``, which gives
the blocks no request; ``include_block`` passes the page's context on.
"""

RENDERINGS = {
    "str": "{{ page.body }}",
    "include_block": "{% include_block page.body %}",
    "loop": "{% for block in page.body %}{% include_block block %}{% endfor %}",
}


def render_bodies(settings, folder, how="str"):
    """Put page templates rendering the body ``how`` in front of the example site's."""
    (folder / "home").mkdir(parents=True, exist_ok=True)
    for name in ("content_page.html", "home_page.html"):
        (folder / "home" / name).write_text(
            '{% extends "base.html" %}{% load wagtailcore_tags %}'
            "{% block content %}<h1>{{ page.title }}</h1>"
            + RENDERINGS[how]
            + "{% endblock %}"
        )
    engine, *others = settings.TEMPLATES
    settings.TEMPLATES = [{**engine, "DIRS": [folder, *engine["DIRS"]]}, *others]
