"""Uploads for intake tests: real photos with GPS in each format, and the hostile files we must refuse."""

import io
import struct
import zlib

from PIL import Image, ImageCms
from pillow_heif import register_heif_opener

from tests.images import GPS_IFD, jpeg_bytes, photo

register_heif_opener()

GPS = {1: "N", 2: (59.0, 19.0, 44.0), 3: "E", 4: (18.0, 4.0, 7.0)}


def _exif(orientation=None, gps=True):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update(GPS)
    return exif.tobytes()


def landscape_marked():
    """640×480 with a red block in the top-left corner, so orientation can be checked."""
    image = photo(640, 480)
    image.paste((255, 0, 0), (0, 0, 120, 90))
    return image


def stored_as_portrait_for_orientation_6():
    """What a phone stores for an upright landscape shot held sideways (EXIF orientation 6).

    Rotating it 90° clockwise (what orientation 6 asks for) gives
    ``landscape_marked()`` back, with the red block top-left.
    """
    return landscape_marked().transpose(Image.Transpose.ROTATE_90)


def gps_jpeg(orientation=6):
    buffer = io.BytesIO()
    stored_as_portrait_for_orientation_6().save(
        buffer, "JPEG", quality=90, exif=_exif(orientation)
    )
    return buffer.getvalue()


def gps_webp(orientation=6):
    buffer = io.BytesIO()
    stored_as_portrait_for_orientation_6().save(
        buffer, "WEBP", quality=90, exif=_exif(orientation)
    )
    return buffer.getvalue()


def gps_heic():
    buffer = io.BytesIO()
    landscape_marked().save(buffer, "HEIF", quality=90, exif=_exif())
    return buffer.getvalue()


def png_bytes(width=320, height=240, mode="RGB"):
    buffer = io.BytesIO()
    image = photo(width, height)
    if mode == "RGBA":
        image.putalpha(128)
    image.save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_with_comment(comment):
    buffer = io.BytesIO()
    photo(320, 240).save(buffer, "JPEG", comment=comment)
    return buffer.getvalue()


def jpeg_with_icc(profile="LAB"):
    """A JPEG carrying a non-sRGB ICC profile (made with LittleCMS, nothing downloaded)."""
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    buffer = io.BytesIO()
    photo(320, 240).save(buffer, "JPEG", icc_profile=icc)
    return buffer.getvalue()


def jpeg_with_xmp():
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="59,19.73N"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    buffer = io.BytesIO()
    photo(320, 240).save(buffer, "JPEG", xmp=xmp)
    return buffer.getvalue()


def png_bomb(width=100_000, height=100_000):
    """A tiny PNG whose header claims ``width``×``height`` pixels."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def jpeg_bomb(width=65_000, height=65_000):
    """A small real JPEG whose frame header (SOF0) is rewritten to claim ``width``×``height``."""
    data = bytearray(jpeg_bytes(64, 64, gps=False))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def animated_gif(frames=300):
    images = [Image.new("P", (64, 64), n % 256) for n in range(frames)]
    buffer = io.BytesIO()
    images[0].save(
        buffer, "GIF", save_all=True, append_images=images[1:], duration=20, loop=0
    )
    return buffer.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
PDF_FILE = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
EXE_FILE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
PHP_FILE = b"<?php system($_GET['c']); ?>"
