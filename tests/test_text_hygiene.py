"""The one text cleaning (wagtail_ugc.text): what it removes, what it keeps, and that it always holds."""

import unicodedata

import pytest
from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from wagtail_ugc.text import (
    EmailAddressField,
    MultiLineTextField,
    SingleLineTextField,
    WebLinkField,
    clean_text,
)

from .hostile_text import BIDI_CONTROLS, forbidden_on_one_line, hostile_text

PROPERTIES = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    "typed, single_line, multi_line",
    [
        ("gnp.exe\u202e", "gnp.exe", "gnp.exe"),
        ("\u202eBob\u202c", "Bob", "Bob"),
        ("Bob\r\nSubject: x", "Bob Subject: x", "Bob\nSubject: x"),
        ("one\rtwo\u2028three", "one two three", "one\ntwo\nthree"),
        ("B\u200bo\u2060b\ufeff", "Bob", "B\u200bo\u2060b\ufeff"),
        ("\u200fשלום\u200e", "שלום", "\u200fשלום\u200e"),
        ("  Ada \t Walker\x00\x07 ", "Ada Walker", "Ada   Walker"),
        ("cafe\u0301", "café", "café"),
        ("mi\u200cx", "mix", "mi\u200cx"),
    ],
)
def test_what_is_removed_and_what_is_kept(typed, single_line, multi_line):
    assert clean_text(typed) == single_line
    assert clean_text(typed, multiline=True) == multi_line


@pytest.mark.parametrize(
    "emoji",
    [
        "👩\u200d💻",  # woman technologist
        "👨\u200d👩\u200d👧",  # family
        "🏳\ufe0f\u200d🌈",  # rainbow flag
        "👩🏽\u200d💻",  # with a skin tone
        "❤\ufe0f\u200d🔥",  # heart on fire
    ],
)
def test_emoji_sequences_keep_their_joiner(emoji):
    assert clean_text(f"Ana {emoji}") == f"Ana {emoji}"


def test_a_joiner_between_letters_is_removed_from_a_single_line():
    assert clean_text("Ad\u200da") == "Ada"
    assert clean_text("\u200d👩") == "👩"
    assert clean_text("👩\u200d\u200d💻") == "👩💻"


def test_nothing_becomes_empty_text():
    assert clean_text(None) == ""
    assert clean_text("\u200b\u202e\r\n") == ""


@PROPERTIES
@given(hostile_text)
def test_a_single_line_holds_no_control_format_or_line_break(text):
    cleaned = clean_text(text)
    assert forbidden_on_one_line(cleaned) == []
    assert cleaned == cleaned.strip()
    assert unicodedata.is_normalized("NFC", cleaned)


@PROPERTIES
@given(hostile_text)
def test_many_lines_hold_no_control_or_direction_override(text):
    cleaned = clean_text(text, multiline=True)
    assert not any(char in BIDI_CONTROLS for char in cleaned)
    assert not any(
        unicodedata.category(char) in ("Cc", "Cs") for char in cleaned if char != "\n"
    )
    assert "\r" not in cleaned
    assert cleaned == cleaned.strip()
    assert unicodedata.is_normalized("NFC", cleaned)


@PROPERTIES
@given(hostile_text, st.booleans())
def test_cleaning_twice_changes_nothing(text, multiline):
    once = clean_text(text, multiline=multiline)
    assert clean_text(once, multiline=multiline) == once


@PROPERTIES
@given(st.one_of(st.none(), st.integers(), st.text(), st.binary().map(str)))
def test_cleaning_never_raises(value):
    assert isinstance(clean_text(value), str)
    assert isinstance(clean_text(value, multiline=True), str)


class Everything(forms.Form):
    name = SingleLineTextField(max_length=10)
    text = MultiLineTextField(required=False)
    link = WebLinkField(required=False)
    email = EmailAddressField(required=False)


def test_the_form_fields_clean_before_they_check():
    form = Everything(
        {
            "name": "\u200bAda\u202e" + "\u200b" * 20,  # 10 at most, once cleaned
            "text": "Line one\r\nLine two\u202e",
            "link": "https://ana.example/\u202ep\u200b",
            "email": "ana@exa\u202emple.com\r\n",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "name": "Ada",
        "text": "Line one\nLine two",
        "link": "https://ana.example/p",
        "email": "ana@example.com",
    }


@pytest.mark.parametrize(
    "link", ["ftp://ana.example/", "javascript:alert(1)", "data:text/html,x", "//x"]
)
def test_a_link_is_http_or_https_only(link):
    form = Everything({"name": "Ada", "link": link})
    assert not form.is_valid()
    assert form.errors["link"] == ["Enter a valid URL."]


def test_a_name_of_invisible_characters_only_is_missing():
    form = Everything({"name": "\u200b\u200e\u202e "})
    assert not form.is_valid()
    assert form.errors["name"] == ["This field is required."]
