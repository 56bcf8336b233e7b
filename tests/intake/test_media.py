"""The sanitiser on its own: every accepted kind of image comes out as a clean, upright sRGB JPEG."""

import io

import pytest
from PIL import Image, ImageCms

from wagtail_ugc.intake.media import (
    UnacceptableImage,
    jpeg_is_complete,
    probe_image,
    sanitise_image,
    sniff_format,
)

from .samples import gps_jpeg, jpeg_with_xmp, png_bomb


def encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        encoded(Image.new("I;16", (100, 80), 3000), "PNG"),
        encoded(Image.new("CMYK", (100, 80), (10, 20, 30, 40)), "JPEG"),
        encoded(Image.new("LA", (100, 80), (10, 128)), "PNG"),
        encoded(Image.new("P", (100, 80), 3), "PNG", transparency=3),
        encoded(Image.new("1", (100, 80), 1), "PNG"),
        encoded(Image.new("L", (100, 80), 3), "JPEG"),
        encoded(Image.new("RGBA", (100, 80), (1, 2, 3, 100)), "HEIF"),
        encoded(Image.new("P", (100, 80), 3), "GIF", transparency=3),
        encoded(
            Image.new("RGBA", (100, 80), (1, 2, 3, 4)),
            "WEBP",
            save_all=True,
            append_images=[Image.new("RGBA", (100, 80))],
        ),
    ],
    ids=[
        "png-16bit",
        "jpeg-cmyk",
        "png-la",
        "png-palette",
        "png-1bit",
        "jpeg-grey",
        "heic-alpha",
        "gif-transparent",
        "webp-animated",
    ],
)
def test_every_accepted_mode_becomes_an_rgb_jpeg(data):
    probe_image(data)
    result = sanitise_image(data)

    image = Image.open(io.BytesIO(result.master))
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (100, 80))


def test_icc_profile_and_xmp_do_not_survive():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    with_icc = encoded(
        Image.new("RGB", (64, 48), (200, 30, 30)), "JPEG", icc_profile=icc
    )

    for data in (with_icc, jpeg_with_xmp()):
        master = sanitise_image(data).master
        image = Image.open(io.BytesIO(master))
        assert "icc_profile" not in image.info and "xmp" not in image.info
        assert b"GPSLatitude" not in master and b"ICC_PROFILE" not in master


def test_a_broken_icc_profile_is_dropped_not_trusted():
    data = encoded(
        Image.new("RGB", (64, 48), (200, 30, 30)), "JPEG", icc_profile=b"\x00" * 200
    )

    image = Image.open(io.BytesIO(sanitise_image(data).master))

    assert "icc_profile" not in image.info
    assert image.getpixel((5, 5))[0] > 150


def test_large_photo_is_capped_at_the_master_edge():
    data = encoded(Image.new("RGB", (4032, 3024), (20, 90, 30)), "JPEG")

    result = sanitise_image(data, max_edge=2048)

    assert max(result.width, result.height) <= 2048
    assert max(result.width, result.height) >= 2000


def test_bomb_is_refused_from_the_header_alone():
    with pytest.raises(UnacceptableImage) as refusal:
        probe_image(png_bomb())

    assert refusal.value.code == "too_many_pixels"


def test_type_comes_from_content_only():
    assert sniff_format(gps_jpeg()) == "jpeg"
    assert sniff_format(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert sniff_format(b"\x00\x00\x00\x1cftypavif") is None


def test_completeness_check_spots_a_cut_off_jpeg():
    data = gps_jpeg()

    assert jpeg_is_complete(data)
    assert jpeg_is_complete(data + b"<html></html>")
    assert not jpeg_is_complete(data[: len(data) // 2])
