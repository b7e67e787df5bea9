"""Pure image checks and renditions with Pillow: no ORM, no translation.

``inspect_image`` reads an uploaded file the careful way (size of the bytes first, then the
header's dimensions, and only then the pixels) and raises ``ImageRefused`` with a reason code
and the figures; the model turns the code into a translated message naming the asset.
``render`` makes a channel's rendition of an image that passed ``inspect_image``.
"""

import base64
import binascii
import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps, WebPImagePlugin  # noqa: F401 (Odoo preloads only a few formats)

# Defaults of the upload limits; each can be changed with a system parameter (see kobo_asset.py).
MAX_FILE_SIZE_MB = 20
MAX_MEGAPIXELS = 40
MIN_SIDE_PX = 100
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")

# EXIF orientations whose pixels are stored turned a quarter: width and height swap on screen.
_QUARTER_TURN_ORIENTATIONS = (5, 6, 7, 8)
_EXIF_ORIENTATION = 0x0112


class ImageRefused(ValueError):
    """The file is refused; ``reason`` says why, ``figures`` holds what the message shows."""

    def __init__(self, reason, **figures):
        super().__init__(reason, figures)
        self.reason = reason
        self.figures = figures


@dataclass(frozen=True)
class ImageFacts:
    width: int
    height: int
    image_format: str
    file_size: int
    checksum: str


def decode_base64(value):
    """The bytes of a Binary field value (base64 as str or bytes), or ``ImageRefused('base64')``."""
    if isinstance(value, str):
        value = value.encode("ascii", errors="replace")
    try:
        return base64.b64decode(value.translate(None, delete=b"\r\n"), validate=True)
    except (binascii.Error, ValueError):
        raise ImageRefused("base64") from None


def _open(raw):
    """Open lazily (header only). Pillow's bomb warning becomes an error, like its bomb error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(raw))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRefused("bomb", max_megapixels=Image.MAX_IMAGE_PIXELS / 1e6) from None
        except Exception:  # Pillow raises many kinds (OSError, SyntaxError, struct.error…)
            raise ImageRefused("not_image") from None


def _shown_size(image):
    """Width and height as shown, after the EXIF orientation, read without decoding pixels
    (``getexif()`` would load a PNG's pixels)."""
    width, height = image.size
    exif = Image.Exif()
    try:
        exif.load(image.info.get("exif") or b"")
    except Exception:  # a broken EXIF block does not change the pixels
        return width, height
    if exif.get(_EXIF_ORIENTATION, 1) in _QUARTER_TURN_ORIENTATIONS:
        return height, width
    return width, height


def _is_damaged(image, raw):
    """True when the pixels cannot all be decoded.

    ``Image.load()`` cannot tell: Odoo's report module sets Pillow's global
    ``LOAD_TRUNCATED_IMAGES``, which makes a truncated file load with grey rows. ``verify()``
    checks PNG chunks; the incremental parser fails on an incomplete GIF or WebP; a JPEG
    whose entropy-coded data is not followed by its end marker was cut short.
    """
    try:
        image.verify()  # the image is only read here; verify() consumes it
        parser = ImageFile.Parser()
        parser.feed(raw)
        parser.close()
    except Exception:  # Pillow raises many kinds (OSError, SyntaxError, struct.error…)
        return True
    # 0xFF in JPEG entropy-coded data is stuffed as FF 00, so FF D9 after the last scan
    # header (FF DA) can only be the end-of-image marker.
    return image.format == "JPEG" and raw.rfind(b"\xff\xd9") < raw.rfind(b"\xff\xda")


def inspect_image(
    raw, max_file_size_mb=MAX_FILE_SIZE_MB, max_megapixels=MAX_MEGAPIXELS, min_side=MIN_SIDE_PX
):
    """The facts of an uploaded image, or ``ImageRefused``.

    Order matters: the byte size and the header's dimensions are checked before a single
    pixel is decoded, so a decompression bomb (a few KB declaring billions of pixels) is
    refused before it can take the server's memory.
    """
    file_size = len(raw)
    if not file_size:
        raise ImageRefused("empty")
    if file_size > max_file_size_mb * 1024 * 1024:
        raise ImageRefused("file_size", size_mb=file_size / 1024 / 1024, max_mb=max_file_size_mb)
    image = _open(raw)
    if image.format not in ACCEPTED_FORMATS:
        raise ImageRefused("format", image_format=image.format or "?", accepted=", ".join(ACCEPTED_FORMATS))
    width, height = image.size
    if width * height > max_megapixels * 1e6:
        raise ImageRefused(
            "megapixels",
            width=width,
            height=height,
            megapixels=width * height / 1e6,
            max_megapixels=max_megapixels,
        )
    width, height = _shown_size(image)
    if min(width, height) < min_side:
        raise ImageRefused("too_small", width=width, height=height, min_side=min_side)
    if _is_damaged(image, raw):
        raise ImageRefused("damaged")
    return ImageFacts(
        width=width,
        height=height,
        image_format=image.format,
        file_size=file_size,
        checksum=hashlib.sha1(raw).hexdigest(),  # noqa: S324 same digest as ir.attachment.checksum
    )


@dataclass(frozen=True)
class RenditionSpec:
    """How a channel wants its images: the key names one stored rendition per asset."""

    image_format: str = "jpeg"  # jpeg or png
    max_side: int = 0  # longest side in px; 0 keeps the source's size
    square: bool = False  # pad to a square on the background colour
    background: str = "#FFFFFF"
    quality: int = 90

    @property
    def key(self):
        shape = "square" if self.square else "fit"
        return (
            f"{self.image_format}-{self.max_side or 'full'}-{shape}-{self.background.upper()}-q{self.quality}"
        )


def parse_colour(value):
    """``(r, g, b)`` of a ``#RRGGBB`` string, or ``None`` when it is not one."""
    value = (value or "").strip()
    if len(value) != 7 or not value.startswith("#"):
        return None
    try:
        return tuple(int(value[index : index + 2], 16) for index in (1, 3, 5))
    except ValueError:
        return None


def render(raw, spec):
    """``(bytes, width, height)`` of the rendition of ``raw`` for ``spec``.

    Never enlarges: a channel's minimum size is a requirement the source must meet (the
    completeness check reports it), not something to fake by upscaling.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(io.BytesIO(raw))
        image = ImageOps.exif_transpose(image)
    if spec.max_side and max(image.size) > spec.max_side:
        image.thumbnail((spec.max_side, spec.max_side), Image.Resampling.LANCZOS)
    background = parse_colour(spec.background) or (255, 255, 255)
    # Transparency is flattened onto the channel's background: JPEG has none, and channels
    # show a transparent PNG on whatever colour their page has.
    image = image.convert("RGBA")
    width, height = image.size
    side = max(width, height) if spec.square else 0
    canvas = Image.new("RGB", (side, side) if side else (width, height), background)
    offset = ((side - width) // 2, (side - height) // 2) if side else (0, 0)
    canvas.paste(image, offset, mask=image)
    output = io.BytesIO()
    if spec.image_format == "png":
        canvas.save(output, format="PNG", optimize=True)
    else:
        canvas.save(output, format="JPEG", quality=spec.quality, optimize=True, progressive=True)
    return output.getvalue(), canvas.width, canvas.height
