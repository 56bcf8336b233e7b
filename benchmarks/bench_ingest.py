"""Ingest of phone photos: our sanitising pipeline against the bare Pillow floor, bomb refusal, peak memory.

- ``12 MP photo``: ``probe_image`` (what the form does while the visitor
  waits) plus ``sanitise_image`` (what the task does), against the bare
  Pillow floor measured in the same run: open, the same reduced-scale JPEG
  decode, ``exif_transpose``, drop metadata, resize to 2048 px, save JPEG.
  Goal: ratio ≤ 1.2×. The straightforward floor (full decode, no draft) is
  shown too, for scale.
- ``12 MP HEIC: form check``: ``probe_image`` on an iPhone-sized HEIC (box
  headers only) against decoding it, which is what the check cost before
  and what the background task still does, once.
- ``refuse bomb``: time to refuse a PNG and a JPEG whose headers claim
  10 and 4.2 gigapixels. Goal: < 100 ms.
- ``peak memory 40 Mpx``: peak RSS growth of sanitising a 40 Mpx JPEG, in a
  fresh process each, against the straightforward floor.
"""

import io
import json
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from benchmarks.harness import Row, median_seconds

ROOT = Path(__file__).resolve().parent.parent
GPS_IFD = 0x8825


def phone_photo(width, height):
    """A textured photo-like JPEG with EXIF (GPS, orientation 6) and an sRGB ICC profile, as phones write."""
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 48)
    base = Image.merge(
        "RGB", (gradient, noise, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    )
    detail = Image.effect_mandelbrot((width, height), (-2.0, -1.2, 1.0, 1.2), 80)
    image = Image.blend(base, Image.merge("RGB", (detail, detail, noise)), 0.5)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 6
    exif.get_ifd(GPS_IFD).update(
        {1: "N", 2: (59.0, 19.0, 44.0), 3: "E", 4: (18.0, 4.0, 7.0)}
    )
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif.tobytes(), icc_profile=icc)
    return buffer.getvalue()


def phone_heic(jpeg):
    """The same photo as an iPhone would store it: HEIC, with its EXIF."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    image = Image.open(io.BytesIO(jpeg))
    buffer = io.BytesIO()
    image.save(buffer, "HEIF", quality=80, exif=image.info.get("exif"))
    return buffer.getvalue()


def pillow_floor(data, *, draft=True, max_edge=2048, quality=85):
    image = Image.open(io.BytesIO(data))
    if draft:
        longest = max(image.size)
        factor = max_edge * 0.98 / longest
        image.draft("RGB", (int(image.width * factor), int(image.height * factor)))
    image.load()
    image = ImageOps.exif_transpose(image)
    image.info = {}
    image.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def png_bomb(width=100_000, height=100_000):
    def chunk(kind, body):
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def jpeg_bomb(width=65_000, height=65_000):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (90, 120, 40)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    struct.pack_into(">HH", data, data.index(b"\xff\xc0") + 5, height, width)
    return bytes(data)


PEAK_MEMORY_CHILD = """
import io, json, os, sys
sys.path[:0] = {paths!r}
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
import django
django.setup()
from benchmarks.bench_ingest import pillow_floor
from wagtail_ugc.intake.media import probe_image, sanitise_image
data = open({path!r}, "rb").read()
def peak_kb():
    # VmHWM is this process's own peak (ru_maxrss survives exec from the parent).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
before = peak_kb()
if {which!r} == "ours":
    probe_image(data)
    sanitise_image(data)
else:
    pillow_floor(data, draft=False)
after = peak_kb()
print(json.dumps({{"before": before, "after": after}}))
"""


def peak_rss_growth_mb(path, which):
    code = PEAK_MEMORY_CHILD.format(
        paths=[str(ROOT), str(ROOT / "example_site")], path=str(path), which=which
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return (result["after"] - result["before"]) / 1024


def run():
    from wagtail_ugc.intake.media import UnacceptableImage, probe_image, sanitise_image

    rows = []
    photo = phone_photo(4032, 3024)

    def ours():
        probe_image(photo)
        sanitise_image(photo)

    # Interleaved, so drift on a shared machine hits both sides alike.
    floor = median_seconds(lambda: pillow_floor(photo), repeat=10)
    ours_time = median_seconds(ours, repeat=10)
    floor_again = median_seconds(lambda: pillow_floor(photo), repeat=10)
    floor = min(floor, floor_again)
    naive = median_seconds(lambda: pillow_floor(photo, draft=False), repeat=5)
    rows.append(
        Row(
            "ingest",
            "12 MP photo: probe + sanitise vs Pillow floor",
            ours_time * 1000,
            "ms",
            floor * 1000,
            "≤ 1.2x",
        )
    )
    rows.append(
        Row(
            "ingest",
            "12 MP photo: straightforward Pillow (full decode) vs floor",
            naive * 1000,
            "ms",
            floor * 1000,
            "for scale",
        )
    )

    heic = phone_heic(photo)

    def decode_heic():
        with Image.open(io.BytesIO(heic)) as image:
            image.load()

    rows.append(
        Row(
            "ingest",
            "12 MP HEIC: form check vs decoding it",
            median_seconds(lambda: probe_image(heic), repeat=10) * 1000,
            "ms",
            median_seconds(decode_heic, repeat=5) * 1000,
            "report",
        )
    )

    for name, bomb in (("PNG 10 Gpx", png_bomb()), ("JPEG 4.2 Gpx", jpeg_bomb())):

        def refuse(bomb=bomb):
            try:
                probe_image(bomb)
            except UnacceptableImage as refusal:
                assert refusal.code == "too_many_pixels"
            else:
                raise AssertionError("bomb accepted")

        rows.append(
            Row(
                "ingest",
                f"refuse bomb ({name})",
                median_seconds(refuse, repeat=20) * 1000,
                "ms",
                goal="< 100 ms",
            )
        )

    with tempfile.TemporaryDirectory() as folder:
        big_path = Path(folder) / "40mpx.jpg"
        big_path.write_bytes(phone_photo(7296, 5472))
        ours_mb = peak_rss_growth_mb(big_path, "ours")
        floor_mb = peak_rss_growth_mb(big_path, "floor")
    rows.append(
        Row(
            "ingest",
            "peak RSS growth, 40 Mpx photo vs straightforward Pillow",
            ours_mb,
            "MB",
            floor_mb,
            "report",
        )
    )
    return rows
