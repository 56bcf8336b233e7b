"""Text hygiene: the one cleaning of everything a visitor, creator or editor types, and the one link check.

``clean_text()`` is applied where text enters, by the form fields below (the
public form, the rights forms) and by ``Submission.clean()`` and the queue's
inline edit (admin edits). What it does, and why, is in docs/intake.md,
"Text hygiene".
"""

import re
import unicodedata

from django import forms
from django.core.validators import URLValidator

#: Every way of breaking a line; they all become "\n" (or a space on one line).
LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x85\u2028\u2029]")

#: Embeddings, overrides and isolates: they reorder what follows them. Text in
#: Arabic or Hebrew never needs them (the bidirectional algorithm lays it out
#: from its letters), so they are removed from every field.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

ZERO_WIDTH_JOINER = "\u200d"
EMOJI_PRESENTATION = "\ufe0f"


def clean_text(value, *, multiline=False):
    """``value`` as safe text: NFC, no control characters, no direction overrides, trimmed.

    Both kinds of field lose control characters (a tab becomes a space) and
    the bidirectional embeddings, overrides and isolates. A multi-line field
    (a caption, a review, a note) keeps its line breaks as "\\n" and every
    other invisible character, which Persian, Indic and mixed-direction text
    need. A single-line field (a name, a credit, alt text, a link) also loses
    every format character (marks, zero-width characters, tags), except a
    zero-width joiner between two symbols (an emoji sequence such as a family),
    and its line breaks and runs of whitespace become one space.
    """
    if value is None:
        return ""
    text = LINE_BREAK.sub("\n" if multiline else " ", str(value)).replace("\t", " ")
    kept = [char for char in text if not _removed(char, multiline)]
    if not multiline:
        kept = [
            char
            for index, char in enumerate(kept)
            if char != ZERO_WIDTH_JOINER or _joins_emoji(kept, index)
        ]
    text = unicodedata.normalize("NFC", "".join(kept))
    return text.strip() if multiline else " ".join(text.split())


def _removed(char, multiline):
    if char == "\n":
        return False
    category = unicodedata.category(char)
    if category in ("Cc", "Cs") or char in BIDI_CONTROLS:
        return True
    return not multiline and category == "Cf" and char != ZERO_WIDTH_JOINER


def _joins_emoji(chars, index):
    """A joiner between two symbols (after an emoji's presentation selector or skin tone)."""
    if index == 0 or index + 1 == len(chars):
        return False
    before, after = chars[index - 1], chars[index + 1]
    return _is_symbol(after) and (
        _is_symbol(before)
        or before == EMOJI_PRESENTATION
        or "\U0001f3fb" <= before <= "\U0001f3ff"
    )


def _is_symbol(char):
    return unicodedata.category(char) == "So"


#: The one check of a link someone supplies: http or https, nothing else (no
#: ftp:, javascript: or data:). Django's message, translated in every language.
validate_web_link = URLValidator(schemes=["http", "https"])


class SingleLineTextField(forms.CharField):
    """A name, a credit, alt text: cleaned by ``clean_text()`` on one line."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


class MultiLineTextField(forms.CharField):
    """A caption, a review or a note: cleaned by ``clean_text()``, keeping its line breaks."""

    widget = forms.Textarea

    def to_python(self, value):
        return clean_text(super().to_python(value), multiline=True)


class WebLinkField(forms.URLField):
    """A link someone supplies: cleaned on one line, http or https only."""

    default_validators = [validate_web_link]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)

    def to_python(self, value):
        return super().to_python(clean_text(value))


class EmailAddressField(forms.EmailField):
    """An e-mail address, cleaned on one line before it is checked."""

    def to_python(self, value):
        return super().to_python(clean_text(value))


def web_address(url):
    """``url`` if it is an http(s) address, else "": what a page may put in an href."""
    url = (url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""
