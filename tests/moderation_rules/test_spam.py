"""Link and spam heuristics: each leaves a flag saying what it saw."""

import pytest

from wagtail_ugc.moderation.rules import apply_rules

from ..factories import SubmissionFactory
from .helpers import codes

pytestmark = pytest.mark.django_db


def flags_for(text):
    return apply_rules(SubmissionFactory(text=text, locale="en"))


def test_links_in_the_text_are_flagged_with_the_link():
    (flag,) = flags_for("Great! More at https://cheap-jackets.example/deal")
    assert flag.code == "links"
    assert "https://cheap-jackets.example/deal" in flag.reason


def test_a_bare_domain_counts_as_a_link():
    assert codes(flags_for("see cheapjackets.shop for more")) == ["links"]


def test_a_run_of_one_character_is_flagged():
    assert codes(flags_for("Best tent ever!!!!!!!!")) == ["repeated_characters"]


def test_the_same_word_over_and_over_is_flagged():
    assert codes(flags_for("buy buy buy buy the tent")) == ["repeated_characters"]


def test_shouting_is_flagged_but_one_acronym_is_not():
    assert codes(flags_for("THIS IS THE BEST TENT I HAVE EVER OWNED")) == ["shouting"]
    assert flags_for("The GPS pocket fits my phone and a map perfectly.") == []


def test_known_spam_phrases_are_flagged_with_what_they_look_like():
    (flag,) = flags_for("Earn 500 a day with bitcoin")
    assert flag.code == "spam_pattern"
    assert "crypto" in flag.reason and "easy money" in flag.reason


def test_chinese_contact_spam_is_flagged():
    assert "spam_pattern" in codes(flags_for("帐篷不错 加微信 12345"))


def test_an_ordinary_negative_review_is_not_spam():
    assert flags_for("Leaked in the first rain. The zip broke after a week.") == []
