"""Real image bytes for tests, made with Pillow (no files are downloaded)."""

import io

from PIL import Image, ImageDraw

GPS_IFD = 0x8825


def photo(width=640, height=480, color=(40, 120, 90)):
    image = Image.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    draw.ellipse(
        (width // 4, height // 4, width * 3 // 4, height * 3 // 4), fill=(240, 200, 60)
    )
    draw.rectangle((0, height - height // 5, width, height), fill=(60, 60, 140))
    return image


def jpeg_bytes(width=640, height=480, *, gps=False, orientation=None, quality=90):
    image = photo(width, height)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update(
            {1: "N", 2: (59.0, 19.0, 44.0), 3: "E", 4: (18.0, 4.0, 7.0)}
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, exif=exif.tobytes())
    return buffer.getvalue()
