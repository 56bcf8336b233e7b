"""Rendition generation with and without the licensing XMP, on one 2048 px master (no database).

Run from example_site/: PYTHONPATH=.:.. DJANGO_SETTINGS_MODULE=example_site.settings
SECRET_KEY=x ../.venv/bin/python ../tests/licensing/rendition_timing.py
"""

import io
import time

import django

django.setup()

from PIL import Image, ImageDraw  # noqa: E402
from wagtail.images.models import Filter  # noqa: E402

from wagtail_ugc.licensing import FileRights, LicensedFilter, xmp_packet  # noqa: E402
from wagtail_ugc.models import UGCImage  # noqa: E402
from wagtail_ugc.publication import RENDITION_SPECS  # noqa: E402

picture = Image.new("RGB", (2048, 1536), (40, 120, 90))
ImageDraw.Draw(picture).ellipse((300, 300, 1700, 1200), fill=(240, 200, 60))
buffer = io.BytesIO()
picture.save(buffer, "JPEG", quality=85)
master = buffer.getvalue()
image = UGCImage(width=2048, height=1536, file="ugc/x.jpg", collection_id=1)
xmp = xmp_packet(FileRights("Ada", "https://e.example/l", "https://e.example/i"))


def run(make_filter, rounds=3):
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for spec in RENDITION_SPECS:
            make_filter(spec).run(image, io.BytesIO(), source=io.BytesIO(master))
        best = min(best, time.perf_counter() - start)
    return best


plain = run(lambda spec: Filter(spec))
licensed = run(lambda spec: LicensedFilter(spec, xmp))
print(
    f"7 renditions, plain: {plain:.3f} s, with XMP: {licensed:.3f} s, ratio {licensed / plain:.3f}"
)
start = time.perf_counter()
for _ in range(1000):
    xmp_packet(FileRights("Ada", "https://e.example/l", "https://e.example/i"))
print(f"xmp_packet: {(time.perf_counter() - start) * 1000:.3f} µs each")
