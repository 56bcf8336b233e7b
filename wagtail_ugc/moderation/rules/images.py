"""Photo rules measured with Pillow: a perceptual hash, size and sharpness of the master."""

from PIL import Image, ImageFilter, ImageStat

#: Edge of the grey thumbnail sharpness is measured on, so the measure does
#: not depend on how large the master is.
SHARPNESS_EDGE = 512
_LAPLACIAN = ImageFilter.Kernel(
    (3, 3), (0, 1, 0, 1, -4, 1, 0, 1, 0), scale=1, offset=128
)


def perceptual_hash(grey):
    """A 64-bit difference hash (dHash) as 16 hex digits.

    Each bit says whether a cell of a 9×8 grey thumbnail is brighter than its
    right neighbour: resizing, recompressing or small colour changes leave
    almost every bit alone.
    """
    small = grey.resize((9, 8), Image.Resampling.BOX)
    pixels = small.tobytes()
    value = 0
    for row in range(8):
        for col in range(8):
            left = pixels[row * 9 + col]
            right = pixels[row * 9 + col + 1]
            value = value << 1 | (left > right)
    return f"{value:016x}"


def sharpness(grey):
    """Variance of the Laplacian of a grey copy at most SHARPNESS_EDGE wide: low means blurry or flat."""
    edges = grey.filter(_LAPLACIAN)
    return ImageStat.Stat(edges).var[0]


def hamming_distance(a, b):
    return (int(a, 16) ^ int(b, 16)).bit_count()


def measure_master(file):
    """``(width, height, grey)``: full size of the photo and a small grey copy to measure."""
    image = Image.open(file)
    width, height = image.size
    image.draft("L", (SHARPNESS_EDGE, SHARPNESS_EDGE))
    grey = image.convert("L")
    grey.thumbnail((SHARPNESS_EDGE, SHARPNESS_EDGE), Image.Resampling.BOX)
    return width, height, grey
