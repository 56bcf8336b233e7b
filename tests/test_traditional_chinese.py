"""Traditional Chinese (zh_Hant, Taiwan usage) beside Simplified: the catalogue,
the demo's language switcher, and e-mails to a creator who reads Traditional.

Django's locmem e-mail backend stands in for the mail server.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

import wagtail_ugc
from wagtail_ugc.mail import creator_language, supported_language
from wagtail_ugc.models.choices import Kind, ModerationStatus, Source
from wagtail_ugc.moderation import notifications
from wagtail_ugc.rights.requests import request_rights

from .factories import CampaignFactory, CreatorFactory, SubmissionFactory
from .rights.helpers import add_photo

LOCALE = Path(wagtail_ugc.__file__).parent / "locale"
TAIWAN_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "zh-TW,zh;q=0.9,en;q=0.5"}
MAINLAND_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9,en;q=0.5"}
ENGLISH_CHOSEN = 'value="en" lang="en" aria-current="true"'
TRADITIONAL_CHOSEN = 'value="zh-hant" lang="zh-hant" aria-current="true"'

# Characters that exist only in Simplified writing (their Traditional forms:
# 們這為發視頻說時對戶設網頁擇論評認請顯郵閱審鏈無張類圖號內關畫題網)
SIMPLIFIED_ONLY = set(
    "们这为发视频说时对户设网页择论评认请显邮阅审链无张类图号内关画题"
)
# Mainland words a character-by-character conversion leaves behind, and the
# converter's "approve" → "via" slip; Taiwan says 影片, 資訊, 使用者, 預設,
# 電子郵件, 帳號, 貼文, 審核, 發布, 權限, 類型, 通過審核.
MAINLAND_WORDS = (
    "視頻",
    "信息",
    "用戶",
    "默認",
    "郵箱",
    "賬號",
    "帖子",
    "稽核",
    "釋出",
    "許可權",
    "型別",
    "透過審核",
    "鏈接",
    "設置",
    "登錄",
)


def compiled(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


def entries(language):
    """The .po file's entries: {"msgid": ..., "msgstr": ...} (plurals: "msgstr[0]")."""
    found, entry, field = [], None, None
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            entry[field] += ast.literal_eval(line)
            continue
        field, _, text = line.partition(" ")
        starts_entry = field == "msgctxt" or (
            field == "msgid"
            and (entry is None or any(key.startswith("msgstr") for key in entry))
        )
        if starts_entry:
            entry = {}
            found.append(entry)
        entry[field] = ast.literal_eval(text)
    return found


def source(language):
    """The .po file keyed as the .mo is: msgid, (msgid, 0) for plurals, context\\x04msgid."""
    catalogue = {}
    for entry in entries(language):
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            catalogue[(msgid, 0)] = entry["msgstr[0]"]
        else:
            catalogue[msgid] = entry["msgstr"]
    return catalogue


def traditional_strings():
    return [text for key, text in compiled("zh_Hant").items() if key != ""]


# The catalogue -----------------------------------------------------------------


def test_every_simplified_chinese_string_has_a_traditional_one():
    simplified, traditional = compiled("zh_Hans"), compiled("zh_Hant")
    assert set(simplified) - set(traditional) == set()
    assert [key for key, text in traditional.items() if not text] == []


def test_the_compiled_catalogue_is_the_one_in_its_source():
    # msgfmt leaves POT-Creation-Date out of the header: compare the messages.
    messages = source("zh_Hant")
    del messages[""]
    assert {key: text for key, text in compiled("zh_Hant").items() if key} == messages


def test_the_translation_is_in_traditional_characters_and_taiwan_words():
    strings = traditional_strings()
    assert len(strings) > 700
    simplified = [text for text in strings if SIMPLIFIED_ONLY & set(text)]
    mainland = [text for text in strings if any(w in text for w in MAINLAND_WORDS)]
    assert simplified == []
    assert mainland == []
    # Quotation marks as Taiwan writes them.
    assert not [text for text in strings if "“" in text or "”" in text]


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%(?:\([a-z_]+\))?[-.0-9]*[sdf]|%%")
    for entry in entries("zh_Hant")[1:]:
        english = entry.get("msgid_plural", entry["msgid"])
        chinese = entry.get("msgstr[0]", entry.get("msgstr"))
        assert set(placeholder.findall(chinese)) == set(placeholder.findall(english)), (
            english
        )


# Languages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, language",
    [
        ("zh_Hant", "zh-hant"),
        ("zh-Hant", "zh-hant"),
        ("zh-TW", "zh-hant"),
        ("zh-HK", "zh-hant"),
        ("zh_Hans", "zh-hans"),
        ("zh-CN", "zh-hans"),
        ("zh", "zh-hans"),
    ],
)
def test_chinese_codes_in_any_spelling_find_their_script(code, language):
    assert supported_language(code) == language


@pytest.mark.django_db
def test_a_taiwanese_browser_gets_the_form_in_traditional_and_a_mainland_one_in_simplified(
    client, demo_content
):
    traditional = client.get("/share/", **TAIWAN_BROWSER).content.decode()
    simplified = client.get("/share/", **MAINLAND_BROWSER).content.decode()
    for text in ("說明文字或評價", "你的電子郵件地址", "我同意以上條款。"):
        assert text in traditional
    for text in ("说明文字或评价", "我同意以上条款。"):
        assert text in simplified


# The demo's language switcher ---------------------------------------------------


@pytest.mark.django_db
def test_the_demo_switches_to_traditional_chinese_without_javascript(
    client, demo_content
):
    english = client.get("/share/").content.decode()
    switcher = english.split('<form class="language-switcher"', 1)[1].split("</form>")[
        0
    ]
    for code, name in [
        ("en", "English"),
        ("da", "Dansk"),
        ("sv", "Svenska"),
        ("zh-hans", "简体中文"),
        ("zh-hant", "繁體中文"),
    ]:
        assert f'value="{code}" lang="{code}"' in switcher
        assert f">{name}</button>" in switcher
    assert ENGLISH_CHOSEN in switcher
    assert "<script" not in switcher and "csrfmiddlewaretoken" not in switcher

    response = client.post(
        reverse("set_language"), {"language": "zh-hant", "next": "/share/"}
    )
    assert response.status_code == 302 and response["Location"] == "/share/"

    traditional = client.get("/share/").content.decode()
    assert "說明文字或評價" in traditional
    assert TRADITIONAL_CHOSEN in traditional
    assert "script-src 'self'" in client.get("/share/").headers.get(
        "Content-Security-Policy", ""
    )


@pytest.mark.django_db
def test_the_switcher_does_not_send_visitors_to_another_site(client, demo_content):
    response = client.post(
        reverse("set_language"),
        {"language": "zh-hant", "next": "https://evil.example/"},
        HTTP_REFERER="https://evil.example/",
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_with_the_page_cache_each_chosen_language_is_cached_apart(
    page_cache, demo_content
):
    from django.core.cache import caches
    from django.test import Client

    english, chinese = Client(), Client()
    assert ENGLISH_CHOSEN in english.get("/gallery/").content.decode()
    cached = len(caches["pages"]._cache)
    assert cached > 0  # the switcher leaves the page cacheable
    chinese.post(reverse("set_language"), {"language": "zh-hant", "next": "/gallery/"})

    assert TRADITIONAL_CHOSEN in chinese.get("/gallery/").content.decode()
    assert ENGLISH_CHOSEN in english.get("/gallery/").content.decode()
    assert len(caches["pages"]._cache) > cached


# The admin ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_moderator_who_reads_traditional_chinese_gets_the_queue_in_it(
    client, moderator
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "zh-hant"
    profile.save()
    SubmissionFactory(kind=Kind.REVIEW, text="很好用", rating=5)
    client.force_login(moderator)

    html = client.get(reverse("wagtail_ugc_queue:index")).content.decode()

    assert '<html lang="zh-hant"' in html
    assert "審核佇列" in html  # ours
    assert "略過至主要內容" in html  # Wagtail's own
    assert not SIMPLIFIED_ONLY & set(html)


# E-mails -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_creator_whose_language_is_zh_hant_gets_emails_in_traditional_chinese(
    django_capture_on_commit_callbacks,
):
    creator = CreatorFactory(name="林怡君", language="zh_Hant")
    submission = SubmissionFactory(
        kind=Kind.PHOTO,
        rating=None,
        creator=creator,
        campaign=CampaignFactory(title="夏日步道"),
        locale="en",
        source=Source.RIGHTS_REQUEST,
        credit_line="@lin",
    )
    add_photo(submission)
    assert creator_language(submission) == "zh-hant"

    with django_capture_on_commit_callbacks(execute=True):
        rights_request = request_rights(submission)
    assert rights_request.language == "zh-hant"
    submission.moderation_status = ModerationStatus.APPROVED
    notifications.notify_creator_of_approval(submission)

    request_mail, approval = mail.outbox
    assert request_mail.subject == "我們可以在網站上展示你的內容嗎？"
    assert "林怡君，你好：" in request_mail.body
    assert "請在此檢視內容、條款和署名方式" in request_mail.body
    assert "通過審核" in approval.body
    for message in (request_mail, approval):
        assert not SIMPLIFIED_ONLY & set(message.subject + message.body)
