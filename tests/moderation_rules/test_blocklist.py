"""The multilingual blocklist: seeded lists, whole words vs Chinese substrings, case and accents, admin editing."""

import pytest
from django.urls import reverse

from wagtail_ugc.models import BlocklistTerm, Submission
from wagtail_ugc.moderation.rules import apply_rules

from ..factories import SubmissionFactory
from .helpers import codes

pytestmark = pytest.mark.django_db


def blocklist_flags(**fields):
    return [
        f for f in apply_rules(SubmissionFactory(**fields)) if f.code == "blocklist"
    ]


def test_seed_lists_for_english_chinese_swedish_and_danish_are_installed():
    languages = set(BlocklistTerm.objects.values_list("language", flat=True))
    assert {"en", "zh", "sv", "da"} <= languages
    assert BlocklistTerm.objects.filter(language="zh", term="傻逼").exists()


def test_an_english_swear_word_is_flagged_with_the_word_and_kept():
    (flag,) = blocklist_flags(text="Total shit, broke on day one.", locale="en")
    assert "“shit” (en)" in flag.reason
    assert "The text" in flag.reason
    submission = Submission.objects.get(pk=flag.submission_id)
    assert submission.text == "Total shit, broke on day one."


def test_english_terms_match_whole_words_only():
    assert blocklist_flags(text="Lovely day in Scunthorpe with a cocktail.") == []
    assert blocklist_flags(text="We grilled shiitake by the lake.") == []


def test_case_repeated_letters_and_digits_for_letters_do_not_hide_a_term():
    assert blocklist_flags(text="SHIT jacket", locale="en")
    assert blocklist_flags(text="shiiiit jacket", locale="en")
    assert blocklist_flags(text="sh1t jacket", locale="en")


def test_swedish_terms_match_with_or_without_accents():
    assert blocklist_flags(text="JÄVLA bra jacka!", locale="sv")
    assert blocklist_flags(text="javla bra jacka", locale="sv")


def test_a_term_of_another_language_does_not_flag_an_ordinary_word():
    # "fan" swears in Swedish but is an ordinary English word.
    assert blocklist_flags(text="I am a big fan of this tent.", locale="en") == []
    assert blocklist_flags(text="Fan vad kallt det var!", locale="sv")


def test_chinese_terms_match_inside_a_sentence_without_spaces():
    (flag,) = blocklist_flags(text="这个帐篷真是傻逼设计", locale="zh-hans")
    assert "傻逼" in flag.reason


def test_traditional_chinese_forms_are_flagged_too():
    (flag,) = blocklist_flags(text="這個帳篷真是他媽的爛", locale="zh-hant")
    assert "他媽的" in flag.reason
    assert blocklist_flags(text="幹你娘，又壞了", locale="zh-hant")


def test_chinese_terms_are_checked_whatever_language_the_submission_says():
    assert blocklist_flags(text="Nice tent 傻逼", locale="en")


def test_danish_terms_are_flagged_in_danish_submissions():
    assert blocklist_flags(text="Sikke noget lort, desværre.", locale="da")


def test_the_credit_and_alt_text_are_checked_too():
    submission = SubmissionFactory(credit_line="Shit Happens", locale="en")
    (flag,) = [f for f in apply_rules(submission) if f.code == "blocklist"]
    assert "The credit" in flag.reason


def test_a_clean_review_gets_no_flag():
    assert apply_rules(SubmissionFactory(text="Warm, light and packs small.")) == []


def test_running_the_rules_twice_does_not_repeat_a_flag():
    submission = SubmissionFactory(text="shit", locale="en")
    assert codes(apply_rules(submission)) == ["blocklist"]
    assert apply_rules(submission) == []
    assert submission.flags.count() == 1


def test_a_term_added_in_the_admin_flags_the_next_submission(client, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailsnippets_wagtail_ugc_blocklistterm:add"),
        {"language": "en", "term": "rubbish tent"},
    )
    assert response.status_code == 302
    (flag,) = blocklist_flags(text="A RUBBISH   tent, honestly.", locale="en")
    assert "rubbish tent" in flag.reason


def test_the_blocklist_is_listed_in_the_admin(client, moderator):
    client.force_login(moderator)
    response = client.get(
        reverse("wagtailsnippets_wagtail_ugc_blocklistterm:list") + "?q=jävla"
    )
    assert response.status_code == 200
    assert "jävla" in response.content.decode()
