"""Text rules: the multilingual blocklist, link and spam heuristics, and the text fingerprint.

Text is compared in a folded form: Unicode-normalised, case-folded, accents
removed (so "Jävla", "JAVLA" and "jävla" are one word) and common
letter-for-digit swaps undone ("sh1t"). Words are matched whole in languages
that separate words with spaces; Chinese has no word boundaries, so its terms
are matched as substrings.
"""

import functools
import hashlib
import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .findings import Finding

#: Languages written without spaces between words: their terms match anywhere.
SUBSTRING_LANGUAGES = frozenset({"zh", "ja", "th"})
#: The language code of terms that apply to every submission.
ALL_LANGUAGES = "*"

# Letters that NFD does not split into a base letter and an accent.
_EXTRA_FOLDS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l", "ı": "i"}
)
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def fold(text):
    """Lower-case ``text`` and strip its accents, for comparing words."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def primary_language(code):
    """``"zh-hans"`` → ``"zh"``; ``""`` stays ``""``."""
    return (code or "").replace("_", "-").split("-")[0].lower()


def _term_pattern(term):
    # Each letter may repeat ("fuuuck"); spaces inside a phrase match any spacing.
    parts = []
    for ch in fold(term).strip():
        if ch.isspace():
            if parts and parts[-1] != r"\s+":
                parts.append(r"\s+")
        else:
            parts.append(re.escape(ch) + "+")
    return "".join(parts)


@functools.lru_cache(maxsize=4096)
def compile_terms(terms, whole_words):
    """One regular expression for a tuple of terms (cached: the list rarely changes)."""
    patterns = sorted({_term_pattern(t) for t in terms if t.strip()}, key=len)
    if not patterns:
        return None
    body = "|".join(reversed(patterns))
    if whole_words:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    return re.compile(body)


def blocklist_languages_for(submission_locale, text, available):
    """Which blocklists apply: the submission's language, Chinese wherever Chinese is
    written, terms for every language, and every list when the language is unknown."""
    language = primary_language(submission_locale)
    if not language or language not in available:
        chosen = set(available)
    else:
        chosen = {language, ALL_LANGUAGES}
    if _CJK.search(text):
        chosen |= {code for code in available if code in SUBSTRING_LANGUAGES}
    return sorted(chosen & set(available))


def find_blocklisted_terms(text, terms_by_language, submission_locale=""):
    """Return ``[(language, term), ...]`` for every blocklisted term found in ``text``."""
    if not text.strip():
        return []
    folded = fold(text)
    variants = {folded, folded.translate(_LEET)}
    found = []
    for language in blocklist_languages_for(submission_locale, text, terms_by_language):
        terms = terms_by_language[language]
        whole_words = language not in SUBSTRING_LANGUAGES
        combined = compile_terms(terms, whole_words)
        if combined is None or not any(combined.search(v) for v in variants):
            continue
        for term in terms:
            pattern = compile_terms((term,), whole_words)
            if pattern and any(pattern.search(v) for v in variants):
                found.append((language, term))
    return found


def blocklist_finding(matches, where):
    terms = ", ".join(f"“{term}” ({language})" for language, term in matches)
    return Finding(
        "blocklist",
        _("%(where)s contains blocklisted words: %(terms)s.")
        % {"where": where, "terms": terms},
    )


# Spam heuristics -------------------------------------------------------------

_LINK = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[a-z0-9-]{2,}\.(?:com|net|org|info|biz|xyz|top|io|co|ru|cn|shop|online|site|link|ly|me)\b",
    re.IGNORECASE,
)
_REPEATED_CHARACTER = re.compile(r"(\S)\1{5,}")
_REPEATED_WORD = re.compile(r"(?<!\w)(\w+)(?:\W+\1(?!\w)){3,}", re.IGNORECASE)

#: Phrases that almost only appear in spam; each with a short reason.
SPAM_PATTERNS = (
    (r"\b(?:bit\s?coin|crypto\s?currency|btc|usdt|forex)\b", "crypto or trading"),
    (r"\b(?:casino|betting|poker|slots?)\b|赌博|博彩", "gambling"),
    (r"\b(?:viagra|cialis)\b", "pharmacy"),
    (
        r"\bbuy\s+(?:cheap\s+)?(?:followers|likes|views)\b|\bfree\s+followers\b",
        "follower selling",
    ),
    (r"\b(?:click|tap)\s+(?:here|the\s+link)\b", "click bait"),
    (r"\b(?:whats\s?app|telegram|wechat|signal)\b\D{0,10}[+@]?\d", "contact number"),
    (r"加微信|加v信|加qq|代开发票|刷单", "contact or fraud offer"),
    (r"\b(?:earn|make)\s+\$?\d+.{0,20}\b(?:a|per)\s+(?:day|week|hour)\b", "easy money"),
    (r"\bwork\s+from\s+home\b", "easy money"),
    (r"\b(?:loan|credit)\s+(?:offer|approved)\b", "loan offer"),
    (r"[\w.+-]+@[\w-]+\.[\w.]+", "e-mail address"),
)
_SPAM = [(re.compile(p, re.IGNORECASE), why) for p, why in SPAM_PATTERNS]

#: Shouting: at least this many letters, and this share of them upper-case.
SHOUTING_MIN_LETTERS = 20
SHOUTING_UPPER_SHARE = 0.7


def spam_findings(text, where):
    """Links, runs of one character, shouting and known spam phrases in ``text``."""
    findings = []
    links = _LINK.findall(text)
    if links:
        findings.append(
            Finding(
                "links",
                ngettext(
                    "%(where)s contains a link: %(links)s.",
                    "%(where)s contains %(count)d links: %(links)s.",
                    len(links),
                )
                % {"where": where, "count": len(links), "links": ", ".join(links[:3])},
            )
        )
    repeated = _REPEATED_CHARACTER.search(text) or _REPEATED_WORD.search(text)
    if repeated:
        findings.append(
            Finding(
                "repeated_characters",
                _("%(where)s repeats itself: “%(sample)s”.")
                % {"where": where, "sample": repeated.group(0)[:40]},
            )
        )
    cased = [ch for ch in text if ch.isupper() or ch.islower()]
    if len(cased) >= SHOUTING_MIN_LETTERS:
        share = sum(ch.isupper() for ch in cased) / len(cased)
        if share >= SHOUTING_UPPER_SHARE:
            findings.append(
                Finding(
                    "shouting",
                    _("%(where)s is mostly in capital letters (%(percent)d%%).")
                    % {"where": where, "percent": round(share * 100)},
                )
            )
    reasons = sorted({why for pattern, why in _SPAM if pattern.search(text)})
    if reasons:
        findings.append(
            Finding(
                "spam_pattern",
                _("%(where)s looks like spam: %(reasons)s.")
                % {"where": where, "reasons": ", ".join(reasons)},
            )
        )
    return findings


# Near-duplicate text ---------------------------------------------------------

#: Texts shorter than this (folded, without spaces) are too short to compare:
#: many people write "Love it!".
MIN_FINGERPRINT_CHARACTERS = 30


def text_fingerprint(text):
    """A 64-bit simhash of ``text`` as 16 hex digits, or "" for short texts.

    Built from character 5-grams of the folded text without spaces, so it
    works for Chinese as well as for spaced languages, and small edits move
    only a few bits.
    """
    compact = "".join(ch for ch in fold(text) if ch.isalnum())
    if len(compact) < MIN_FINGERPRINT_CHARACTERS:
        return ""
    weights = [0] * 64
    for i in range(len(compact) - 4):
        digest = hashlib.blake2b(compact[i : i + 5].encode(), digest_size=8).digest()
        value = int.from_bytes(digest, "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    fingerprint = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    return f"{fingerprint:016x}"
