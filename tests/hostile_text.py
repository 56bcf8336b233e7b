"""Text as an attacker (or a careless copy-paste) types it, and what a single-line field must never hold."""

import unicodedata

from bs4 import BeautifulSoup
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


# Markup and template syntax ---------------------------------------------------

#: The attribute and element name every payload below tries to create.
INJECTED = "ugc-x"
#: Classic payloads: unescaped, each makes an element, an attribute or a
#: script (or ends the one it is in); escaped, each is shown as typed.
PAYLOADS = [
    "<script>alert(1)</script>",
    "</script><ugc-x>",
    "<ugc-x ugc-x>",
    '"><ugc-x ugc-x="1">',
    "'><ugc-x ugc-x='1'>",
    '" ugc-x="1',
    "' ugc-x='1",
    "<img src=x onerror=alert(1) ugc-x>",
    "</textarea><ugc-x>",
    "</title></style></noscript><ugc-x>",
    "<!-- <ugc-x> -->",
    "<!--",
    "<![CDATA[<ugc-x>]]>",
    "<svg/onload=alert(1)>",
    "{{ request.user }}{{ csrf_token }}",
    "{% debug %}{% csrf_token %}",
    "{# x #}%(name)s %s {0}",
    "&lt;ugc-x&gt; &amp; &#60;",
    "\\u003C/script\\u003E",
]
RIGHT_TO_LEFT = [
    "שלום, אוהל מצוין",
    "مرحبا بالعالم",
    "\u202bעברית\u202c",
    "سلام\u200cدنیا",
]
EMOJI_SEQUENCES = [
    "👩\u200d💻",
    "👨\u200d👩\u200d👧",
    "🏳\ufe0f\u200d🌈",
    "❤\ufe0f\u200d🔥",
]

#: A long word with no space to break it.
long_word = st.integers(min_value=40, max_value=300).map(lambda n: "W" * n)
_fragment = st.one_of(
    st.sampled_from(PAYLOADS),
    hostile_text,
    long_word,
    st.sampled_from(RIGHT_TO_LEFT),
    st.sampled_from(EMOJI_SEQUENCES),
)
_fragments = st.lists(_fragment, max_size=2).map("".join)

#: Text with at least one payload, among invisible, right-to-left and long text.
hostile_markup = st.builds(
    lambda before, payload, after: before + payload + after,
    _fragments,
    st.sampled_from(PAYLOADS),
    _fragments,
)
#: The same, short enough for a single-line field (a name or a credit).
hostile_line = st.builds(
    lambda before, payload, after: before[:30] + payload + after[:30],
    _fragments,
    st.sampled_from(PAYLOADS),
    _fragments,
)


def injected(html):
    """What in ``html`` (text or parsed) a payload made: elements, attributes or scripts no template has."""
    if not isinstance(html, BeautifulSoup):
        html = BeautifulSoup(html, "html.parser")
    found = []
    for element in html.find_all(True):
        if element.name == INJECTED:
            found.append(f"<{element.name}>")
        found.extend(
            f"{element.name}[{name}]"
            for name in element.attrs
            if name in (INJECTED, "onerror", "onload")
        )
        if element.name == "script" and "alert(1)" in element.get_text():
            if element.get("type") != "application/ld+json":
                found.append("<script>alert(1)</script>")
    return found
