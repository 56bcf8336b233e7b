"""A visitor switches the demo to Traditional Chinese and shares a photo; a creator
whose language is zh_Hant answers a rights request in Traditional Chinese."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.intake.samples import gps_jpeg
from wagtail_ugc.models import Campaign, Creator, Submission
from wagtail_ugc.models.choices import Kind, RightsStatus, Source
from wagtail_ugc.rights.requests import request_rights, rights_request_link

from ..rights.helpers import add_photo

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_switches_to_traditional_chinese_and_shares_a_photo(
    page, demo_content, tmp_path
):
    photo_path = tmp_path / "IMG_0101.JPG"
    photo_path.write_bytes(gps_jpeg())
    before = set(Submission.objects.values_list("pk", flat=True))

    page.goto("/share/")
    expect(page.get_by_label("Caption or review")).to_be_visible()
    page.get_by_role("button", name="繁體中文").click()

    expect(page).to_have_url("/share/")
    expect(page.get_by_role("button", name="繁體中文")).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.get_by_text("你的同意")).to_be_visible()
    page.get_by_role("radio", name="照片", exact=True).check()
    page.locator("input[type=file]").set_input_files(str(photo_path))
    page.get_by_label("說明文字或評價").fill("清晨的湖邊")
    page.get_by_label("你的名字").fill("林怡君")
    page.get_by_label("你的電子郵件地址").fill("yijun@example.com")
    page.get_by_label("署名為").fill("@yijun")
    page.get_by_label("我同意以上條款。").check()
    page.get_by_label("我已年滿 16 歲。").check()
    page.get_by_label("畫面中出現的所有人都已同意分享。").check()
    page.get_by_role("button", name="提交").click()

    expect(page.get_by_role("heading", name="謝謝！")).to_be_visible()
    expect(page.get_by_role("heading", name="改變主意了？")).to_be_visible()
    expect(
        page.get_by_text("我們會刪除照片中的位置資訊和其他隱藏資料。")
    ).to_be_visible()
    expect(page.get_by_role("link", name="撤回我的投稿")).to_be_visible()

    submission = Submission.objects.exclude(pk__in=before).get()
    assert submission.locale == "zh-hant"
    assert submission.credit_line == "@yijun"
    confirmation = next(m for m in mail.outbox if m.to == ["yijun@example.com"])
    assert confirmation.subject.startswith("我們已收到你為「")


@pytest.fixture
def rights_site(settings, demo_content):
    settings.ROOT_URLCONF = "tests.rights.media_urls"
    settings.WAGTAILADMIN_BASE_URL = ""


def test_a_creator_answers_a_rights_request_in_traditional_chinese(rights_site, page):
    creator = Creator.objects.for_email(
        "yijun@example.org", name="林怡君", language="zh_Hant"
    )
    submission = Submission.objects.create(
        kind=Kind.PHOTO,
        campaign=Campaign.objects.get(slug="summer-trails"),
        creator=creator,
        text="清晨的帳篷",
        credit_line="@yijun.hikes",
        source=Source.RIGHTS_REQUEST,
        source_url="https://social.example/@yijun.hikes/7",
        processing_state="ready",
    )
    photo = add_photo(submission)
    photo.alt_text = "清晨的綠色帳篷"
    photo.save()
    rights_request = request_rights(submission, send_email=False)
    assert rights_request.language == "zh-hant"

    page.goto(urlsplit(rights_request_link(rights_request)).path)

    assert page.locator("html").get_attribute("lang") == "zh-hant"
    expect(page.get_by_role("heading", name="我們可以展示你的內容嗎？")).to_be_visible()
    expect(page.get_by_text("我們應如何為你署名？")).to_be_visible()
    page.get_by_label("其中所有可被認出的人都已同意分享。").check()
    page.get_by_role("button", name="同意展示").click()

    expect(page.get_by_role("heading", name="感謝你的同意")).to_be_visible()
    submission.refresh_from_db()
    assert submission.rights_status == RightsStatus.GRANTED
