"""What an import source kind is, what it finds, and the registry of kinds (``IMPORT_SOURCE_KINDS``).

A kind reads its source (through ``fetching.fetch`` only) and returns the
posts it found as ``FoundPost``s, plain text and plain links, with the state
to keep for the next poll. It imports nothing itself: ``polling`` decides
what becomes a submission. To add a kind, subclass ``ImportSourceKind`` and
name it in the setting::

    WAGTAIL_UGC = {"IMPORT_SOURCE_KINDS": {
        "rss": "wagtail_ugc.intake.importing.rss.FeedSource",
        "mastodon": "wagtail_ugc.intake.importing.mastodon.MastodonTagSource",
        "myblog": "mysite.importing.MyBlogSource",
    }}
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from ...conf import ugc_settings
from ...text import clean_text, validate_web_link
from .fetching import ImportFailed

#: Tags kept per post, and the longest tag.
MAX_TAGS = 10
MAX_TAG_LENGTH = 50
#: A language code as feeds and Mastodon give it ("en", "pt-BR", "zh_Hant").
LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}$")


@dataclass
class FoundPost:
    """One post a source found, as plain text and checked links."""

    #: The post's own id or address: the same post has the same key
    #: whichever source finds it (a hash of it is ``Submission.source_key``).
    key: str
    #: Where the post can be seen (``Submission.source_url``); may be "".
    link: str = ""
    text: str = ""
    author_name: str = ""
    author_url: str = ""
    image_urls: list = field(default_factory=list)
    #: The images' descriptions (alt text), where the source gives them.
    image_descriptions: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    locale: str = ""


@dataclass
class FoundPosts:
    posts: list
    #: What to keep in ``ImportSource.state`` once these posts are imported.
    state: dict


class ImportSourceKind:
    """A kind of import source. Subclasses set ``label`` and implement ``fetch``."""

    label = ""
    #: Whether the source needs ``ImportSource.hashtag``.
    needs_hashtag = False

    def fetch(self, source):
        """The new posts of ``source`` (an ``ImportSource``) as ``FoundPosts``; ``ImportFailed`` if it cannot be read."""
        raise NotImplementedError


def source_kinds():
    """``{name: ImportSourceKind instance}`` from ``IMPORT_SOURCE_KINDS``."""
    return {
        name: import_string(path)()
        for name, path in ugc_settings.IMPORT_SOURCE_KINDS.items()
    }


def kind_choices():
    return [(name, kind.label or name) for name, kind in source_kinds().items()]


def source_kind(name):
    kind = source_kinds().get(name)
    if kind is None:
        raise ImportFailed(
            _("“%(kind)s” is not a kind of import source this site has.")
            % {"kind": name},
            "unknown_kind",
        )
    return kind


class _TextOnly(HTMLParser):
    """The text of an HTML fragment: no element survives, scripts and styles say nothing."""

    SILENT = {"script", "style", "template", "noscript", "head", "title", "iframe"}
    BREAKS = {"br", "p", "div", "li", "tr", "blockquote", "pre", "section", "article"}
    BREAKS |= {f"h{level}" for level in range(1, 7)}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.silent = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SILENT:
            self.silent += 1
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SILENT:
            self.silent = max(0, self.silent - 1)
        elif tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.silent:
            self.parts.append(data)


def html_to_text(value, *, multiline=True):
    """Plain text from HTML someone else wrote, cleaned like typed text (``clean_text``)."""
    if not isinstance(value, str) or not value:
        return ""
    parser = _TextOnly()
    try:
        parser.feed(value)
        parser.close()
    except (AssertionError, ValueError):
        # html.parser gives up on some broken markup: keep what it read.
        pass
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return clean_text(text, multiline=multiline)


def web_link(value):
    """``value`` if it is an http(s) link of at most 500 characters, else ""."""
    if not isinstance(value, str):
        return ""
    value = clean_text(value)
    if not value or len(value) > 500:
        return ""
    try:
        validate_web_link(value)
    except ValidationError:
        return ""
    return value


def clean_tags(names):
    tags = []
    for name in names:
        name = clean_text(name if isinstance(name, str) else "").lstrip("#")
        name = name[:MAX_TAG_LENGTH].strip()
        if name and name.lower() not in (tag.lower() for tag in tags):
            tags.append(name)
        if len(tags) == MAX_TAGS:
            break
    return tags


def clean_language(value):
    value = value.strip() if isinstance(value, str) else ""
    return value[:20] if LANGUAGE_CODE.match(value) else ""
