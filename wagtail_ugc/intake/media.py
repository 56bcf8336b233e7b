"""Upload sanitising: decide the real type by content, refuse bombs from the header, re-encode without metadata.

Two steps, both on bytes already received:

- ``probe_image`` runs while the visitor waits: content sniffing, the pixel
  limit read from the header (before any decoding), and a cheap integrity
  check, so a bad file gets a form error in milliseconds.
- ``sanitise_image`` runs in the background task: decode (at a reduced JPEG
  scale when the master will be smaller anyway), apply EXIF orientation,
  convert to sRGB, drop every piece of metadata and re-encode a JPEG master
  and a small preview.
"""

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from ..conf import ugc_settings
from .errors import RefusedInput

register_heif_opener()

#: Our format name -> the one Pillow plugin allowed to open it.
PILLOW_FORMATS = {
    "jpeg": "JPEG",
    "png": "PNG",
    "webp": "WEBP",
    "gif": "GIF",
    "heic": "HEIF",
}

HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}

#: Longest edge of the preview moderators see in the queue.
PREVIEW_MAX_EDGE = 480
PREVIEW_QUALITY = 80

#: A JPEG is decoded at the smallest DCT scale (1/2, 1/4, 1/8) whose long edge
#: is still within this share of MASTER_MAX_EDGE: 4032 px decodes at half
#: scale to 2016 px instead of being decoded whole and resized to 2048 px.
DRAFT_TOLERANCE = 0.98

SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class UnacceptableImage(RefusedInput):
    """An image upload we refuse."""


@dataclass(frozen=True)
class ImageProbe:
    format: str
    width: int
    height: int


@dataclass(frozen=True)
class SanitisedImage:
    master: bytes
    preview: bytes
    width: int
    height: int


def sniff_format(head):
    """The image format of these first bytes, by content only; None if not one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "heic"
    return None


def _refuse_not_an_image():
    return UnacceptableImage(
        _("This is not a photo we can accept. Send a JPEG, PNG, WebP, HEIC or GIF."),
        "unsupported_type",
    )


def _refuse_damaged():
    return UnacceptableImage(
        _("This photo is damaged or incomplete. Try sending it again."), "damaged"
    )


def _read(source):
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(source)
    source.seek(0)
    return source


def open_image(source):
    """Open lazily (header only) after sniffing; refuse unknown types and too many pixels."""
    stream = _read(source)
    head = stream.read(32)
    stream.seek(0)
    if not head:
        raise UnacceptableImage(_("The file is empty."), "empty")
    kind = sniff_format(head)
    if kind is None:
        raise _refuse_not_an_image()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(stream, formats=[PILLOW_FORMATS[kind]])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse_too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise _refuse_damaged() from None
    width, height = image.size
    if width < 1 or height < 1:
        raise _refuse_damaged()
    if width * height > ugc_settings.MAX_PIXELS:
        image.close()
        raise _refuse_too_many_pixels()
    return kind, image


def _refuse_too_many_pixels():
    megapixels = ugc_settings.MAX_PIXELS // 1_000_000
    return UnacceptableImage(
        _("This photo is too large: at most %(megapixels)s megapixels, please.")
        % {"megapixels": megapixels},
        "too_many_pixels",
    )


def probe_image(source):
    """Check an upload while the visitor waits; return its real format and size.

    The pixel count comes from the header before anything is decoded. A JPEG
    is then checked for completeness by walking its segments to the end of
    the image marker (a cut-off upload has none), and a HEIC by walking its
    boxes to the end of the file: a scan of the bytes rather than a decode,
    which the background task does once. Other formats decode their first
    frame.
    """
    kind, image = open_image(source)
    with image:
        width, height = image.size
        try:
            if kind == "jpeg":
                if not jpeg_is_complete(_read(source).read()):
                    raise _refuse_damaged()
            elif kind == "heic":
                if not heif_is_complete(_read(source).read()):
                    raise _refuse_damaged()
            else:
                image.load()
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError):
            raise _refuse_damaged() from None
    return ImageProbe(kind, width, height)


def jpeg_is_complete(data):
    """Whether the JPEG's segments lead to a scan that ends with an end-of-image marker.

    Entropy-coded data never contains 0xFFD9 (0xFF bytes are stuffed), so an
    end marker after the first scan starts means the upload was not cut off;
    bytes appended after it are ignored by decoders and dropped on re-encode.
    """
    position, size = 2, len(data)
    while position + 4 <= size:
        if data[position] != 0xFF:
            return False
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
        elif marker == 0x01 or 0xD0 <= marker <= 0xD8:
            position += 2
        elif marker == 0xDA:
            return data.rfind(b"\xff\xd9") > position
        else:
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return False


def heif_is_complete(data):
    """Whether the HEIF file's top-level boxes all end within the file, metadata included.

    An upload cut off part-way leaves its last box (usually the coded image
    data) shorter than its header says. Only box headers are read: decoding a
    12 MP HEIC to find out costs a few hundred milliseconds.
    """
    position, size, seen = 0, len(data), set()
    while position + 8 <= size:
        length = int.from_bytes(data[position : position + 4], "big")
        header = 8
        if length == 1:
            if position + 16 > size:
                return False
            length = int.from_bytes(data[position + 8 : position + 16], "big")
            header = 16
        elif length == 0:
            length = size - position
        if length < header:
            return False
        seen.add(data[position + 4 : position + 8])
        position += length
    # A few stray bytes after the last box hide nothing; a box running past
    # the end means the upload was cut off.
    return position <= size and {b"ftyp", b"meta"} <= seen


def sanitise_image(source, *, max_edge=None, quality=None):
    """Decode, orient, convert to sRGB, strip all metadata and re-encode as JPEG."""
    max_edge = max_edge or ugc_settings.MASTER_MAX_EDGE
    quality = quality or ugc_settings.JPEG_QUALITY
    kind, image = open_image(source)
    with image:
        try:
            if kind == "jpeg":
                _draft_for_edge(image, max_edge)
            image.load()
            pixels = _upright_srgb(image)
        except UnacceptableImage:
            raise
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError):
            raise _refuse_damaged() from None
    pixels.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
    master = _encode_jpeg(pixels, quality)
    preview_image = pixels.copy()
    preview_image.thumbnail(
        (PREVIEW_MAX_EDGE, PREVIEW_MAX_EDGE), Image.Resampling.BILINEAR
    )
    preview = _encode_jpeg(preview_image, PREVIEW_QUALITY)
    return SanitisedImage(
        master=master, preview=preview, width=pixels.width, height=pixels.height
    )


def _draft_for_edge(image, max_edge):
    width, height = image.size
    longest = max(width, height)
    if longest <= max_edge:
        return
    factor = (max_edge * DRAFT_TOLERANCE) / longest
    image.draft(
        "RGB" if image.mode == "RGB" else None,
        (max(1, int(width * factor)), max(1, int(height * factor))),
    )


def _upright_srgb(image):
    """The pixels only, upright and in sRGB: nothing of the original's metadata survives."""
    ImageOps.exif_transpose(image, in_place=True)
    icc_profile = image.info.get("icc_profile")
    if image.mode not in ("RGB", "L", "CMYK"):
        image = _flatten(image)
    if icc_profile:
        image = _to_srgb(image, icc_profile)
    if image.mode != "RGB":
        image = image.convert("RGB")
    # Only the pixels go on: EXIF, GPS, XMP, IPTC, comments, thumbnails and
    # ICC all live in ``info``/``getexif()`` and are dropped here.
    image.info = {}
    image._exif = None
    return image


def _flatten(image):
    """Transparent or palette images onto white, so the JPEG has no black holes."""
    if image.mode in ("P", "PA"):
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "La", "RGBa"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _to_srgb(image, icc_profile):
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if "srgb" in (ImageCms.getProfileDescription(source) or "").lower():
            return image
        return ImageCms.profileToProfile(image, source, SRGB_PROFILE, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        # A broken or hostile profile: keep the pixels as they are, drop the profile.
        return image


def _encode_jpeg(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
