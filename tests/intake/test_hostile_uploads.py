"""Every hostile upload gets a clear form error (never a 500) and leaves nothing behind."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from wagtail_ugc.models import ConsentRecord, Creator, Submission
from wagtail_ugc.storage import private_storage

from .conftest import form_data, private_files, upload
from .samples import (
    EXE_FILE,
    HTML_PAGE,
    PDF_FILE,
    PHP_FILE,
    SVG_WITH_SCRIPT,
    animated_gif,
    gps_heic,
    gps_jpeg,
    jpeg_bomb,
    jpeg_with_comment,
    png_bomb,
)

pytestmark = pytest.mark.django_db

NOT_A_PHOTO = "This is not a photo we can accept."
DAMAGED = "This photo is damaged or incomplete."
TOO_MANY_PIXELS = "This photo is too large: at most 40 megapixels, please."


def assert_refused(response, message, private_root):
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert 'class="errorlist' in content
    assert not Submission.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not Creator.objects.exists()
    assert private_files(private_root) == []


@pytest.mark.parametrize(
    "data, name, message",
    [
        (png_bomb(), "bomb.png", TOO_MANY_PIXELS),
        (jpeg_bomb(), "bomb.jpg", TOO_MANY_PIXELS),
        (SVG_WITH_SCRIPT, "image.svg", NOT_A_PHOTO),
        (SVG_WITH_SCRIPT, "image.jpg", NOT_A_PHOTO),
        (HTML_PAGE, "page.jpg", NOT_A_PHOTO),
        (PDF_FILE, "document.jpg", NOT_A_PHOTO),
        (EXE_FILE, "setup.jpg", NOT_A_PHOTO),
        (PHP_FILE, "shell.jpg", NOT_A_PHOTO),
        (PHP_FILE, "shell.php.jpg", NOT_A_PHOTO),
        (bytes(range(256)) * 40, "noise.jpg", NOT_A_PHOTO),
        (gps_jpeg()[:2000], "cut.jpg", DAMAGED),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "header-only.jpg", DAMAGED),
        (gps_heic()[:-200], "cut.heic", DAMAGED),
        (gps_heic() + b"\x00\x00\x01\x00mdat", "overlong.heic", DAMAGED),
    ],
    ids=[
        "png-bomb",
        "jpeg-bomb",
        "svg-with-script",
        "svg-named-jpg",
        "html-named-jpg",
        "pdf-named-jpg",
        "exe-named-jpg",
        "php-named-jpg",
        "php-double-extension",
        "random-bytes",
        "truncated-jpeg",
        "jpeg-header-only",
        "truncated-heic",
        "heic-box-past-the-end",
    ],
)
def test_hostile_file_is_refused_with_a_clear_message(
    submit, private_root, data, name, message
):
    response = submit(**form_data(photos=[upload(data, name=name)]))

    assert_refused(response, message, private_root)
    assert f"“{name}”" in response.content.decode()


def test_browser_mime_type_is_ignored(submit, private_root):
    response = submit(
        **form_data(photos=[upload(HTML_PAGE, name="x.jpg", content_type="image/jpeg")])
    )
    assert_refused(response, NOT_A_PHOTO, private_root)


def test_empty_file_is_refused(submit, private_root):
    response = submit(**form_data(photos=[upload(b"", name="empty.jpg")]))

    assert response.status_code == 400
    assert "The submitted file is empty." in response.content.decode()
    assert not Submission.objects.exists()
    assert private_files(private_root) == []


def test_oversized_file_is_refused_while_streaming(submit, settings, private_root):
    settings.WAGTAIL_UGC = {**settings.WAGTAIL_UGC, "MAX_UPLOAD_BYTES": 200_000}
    big = gps_jpeg() + b"\x00" * 300_000

    response = submit(**form_data(photos=[upload(big, name="huge.jpg")]))

    assert_refused(response, "“huge.jpg” is too big: 195.3\xa0KB at most", private_root)


def test_request_bigger_than_any_submission_gets_413(client, campaign, settings):
    settings.WAGTAIL_UGC = {
        **settings.WAGTAIL_UGC,
        "MAX_UPLOAD_BYTES": 100_000,
        "MAX_PHOTOS_PER_SUBMISSION": 1,
    }
    url = reverse("wagtail_ugc:submit", kwargs={"campaign_slug": campaign.slug})
    data = form_data(photos=[upload(b"\xff\xd8\xff" + b"\x00" * 1_300_000)])

    response = client.post(url, data)

    assert response.status_code == 413
    assert "Too much to upload" in response.content.decode()
    assert not Submission.objects.exists()


def test_more_photos_than_allowed_are_refused(submit, private_root):
    photos = [upload(name=f"p{n}.jpg") for n in range(4)]

    response = submit(**form_data(photos=photos))

    assert_refused(response, "Send at most 3 photos.", private_root)


def test_valid_jpeg_with_html_appended_is_stored_without_it(submit):
    submit(**form_data(photos=[upload(gps_jpeg() + HTML_PAGE, name="mixed.jpg")]))

    photo = Submission.objects.get().photos.get()
    with private_storage.open(photo.master.name) as master:
        data = master.read()
    assert b"<script" not in data
    assert b"<html" not in data.lower()


def test_jpeg_comment_with_script_is_dropped(submit):
    data = jpeg_with_comment(b"<script>alert(1)</script>")
    submit(**form_data(photos=[upload(data, name="comment.jpg")]))

    photo = Submission.objects.get().photos.get()
    with private_storage.open(photo.master.name) as master:
        stored = master.read()
    assert b"<script" not in stored
    assert "comment" not in Image.open(io.BytesIO(stored)).info


def test_animated_gif_becomes_a_still(submit):
    submit(**form_data(photos=[upload(animated_gif(300), name="anim.gif")]))

    photo = Submission.objects.get().photos.get()
    with private_storage.open(photo.master.name) as master:
        image = Image.open(io.BytesIO(master.read()))
    assert image.format == "JPEG"
    assert getattr(image, "n_frames", 1) == 1
    assert photo.received_format == "gif"


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd.jpg",
        "..\\..\\windows\\win.ini.jpg",
        "фото 📷.jpg",
        "evil\u202egpj.exe",
        '<img src=x onerror="alert(1)">.jpg',
    ],
    ids=["traversal", "windows-traversal", "unicode", "rtl-override", "html"],
)
def test_hostile_file_names_are_never_used_nor_echoed_raw(submit, private_root, name):
    response = submit(**form_data(photos=[upload(PHP_FILE, name=name)]))

    content = response.content.decode()
    assert response.status_code == 400
    assert "<img src=x" not in content
    assert "\u202e" not in content
    assert private_files(private_root) == []

    submit(**form_data(photos=[upload(gps_jpeg(), name=name)]))
    photo = Submission.objects.get().photos.get()
    for stored in private_files(private_root):
        assert stored.startswith(("masters/", "previews/"))
        assert "passwd" not in stored and "win.ini" not in stored
    assert photo.master.name.endswith(".jpg")
