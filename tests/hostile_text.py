"""Text as an attacker (or a careless copy-paste) types it, and what a single-line field must never hold."""

import unicodedata

from hypothesis import strategies as st

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_MARKS = "\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
LINE_BREAKS = "\r\n\x0b\x0c\x85\u2028\u2029"
#: What an attacker (or a copy-paste) mixes into text.
HOSTILE = (
    BIDI_CONTROLS + BIDI_MARKS + ZERO_WIDTH + LINE_BREAKS + "\x00\x07\t\x1b\x7f\x9b\xad"
)
EMOJI = ["👩", "💻", "👨", "👧", "🏳", "\ufe0f", "🌈", "🏽", "❤"]

#: Any text, rich in direction, invisible, control and line-break characters.
hostile_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(EMOJI),
        st.characters(codec="utf-8"),
        st.sampled_from("aé\u0301 <>&\"'/שלוםمرحبا"),
    ),
    max_size=60,
)


def forbidden_on_one_line(text):
    """Characters a single-line field must never hold; a joiner only before a symbol."""
    found = []
    for index, char in enumerate(text):
        after = text[index + 1 : index + 2]
        if char == "\u200d":
            if not (index and after and unicodedata.category(after) == "So"):
                found.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            found.append(char)
        elif char.isspace() and (char != " " or after.isspace()):
            found.append(char)  # a tab, a line break or a run of spaces
    return found
