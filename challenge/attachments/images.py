"""Images decoded and written again: no metadata, upright, sRGB, in the widths pages ask for.

Nothing of the uploaded file is kept: its EXIF (GPS position, camera, date), XMP, comments and
colour profile go, and only the renditions written here are stored.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO, Any

import pillow_heif
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .filetypes import FileType, refused

pillow_heif.register_heif_opener()  # HEIC from phones; Pillow reads AVIF itself

WIDTHS = (480, 960, 1600)
# The format each kind of upload is written back in beside WebP: what every browser shows.
OWN_FORMAT = {
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/webp": "webp",
    "image/heic": "jpeg",
    "image/avif": "jpeg",
}
PILLOW_FORMATS = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "WEBP": "image/webp",
    "HEIF": "image/heic",
    "AVIF": "image/avif",
}
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "webp": {"format": "WEBP", "quality": 80, "method": 4},
    "jpeg": {"format": "JPEG", "quality": 85, "optimize": True, "progressive": True},
    "png": {"format": "PNG", "optimize": True},
}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # webp, jpeg or png
    data: bytes


def _upright_srgb(image: Image.Image) -> Image.Image:
    """The decoded pixels turned as the camera meant, in sRGB, RGB or RGBA, without any metadata."""
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(image, source, SRGB, outputMode=mode) or image
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: the pixels are taken as sRGB already
    image = image.convert(mode)
    image.info = {}  # EXIF, XMP, ICC, comments: nothing is carried into the renditions
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "jpeg" and image.mode == "RGBA":
        image = image.convert("RGB")
    options = dict(SAVE_OPTIONS[fmt])
    image.save(out, options.pop("format"), **options)
    return out.getvalue()


def renditions(stream: IO[bytes], kind: FileType, max_pixels: int) -> tuple[tuple[int, int], list[Rendition]]:
    """The upright size and the renditions (each width up to the image's own, WebP and its own format).

    The pixel count is read from the header and checked before any pixel is decoded.
    """
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as opened:
                if PILLOW_FORMATS.get(opened.format or "") != kind.media_type:
                    raise refused(_l("Il contenuto dell'immagine non corrisponde al suo formato."))
                if opened.width * opened.height > max_pixels:
                    raise refused(_too_big(max_pixels))
                opened.seek(0)  # an animation: its first frame
                image = _upright_srgb(opened)
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError):
        raise refused(_l("L'immagine è danneggiata o troppo grande e non si può leggere.")) from None
    widths = sorted({width for width in WIDTHS if width < image.width} | {min(image.width, WIDTHS[-1])})
    formats = sorted({"webp", OWN_FORMAT[kind.media_type]})
    made: list[Rendition] = []
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        scaled = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        made.extend(Rendition(width, height, fmt, _encode(scaled, fmt)) for fmt in formats)
    return image.size, made


def _too_big(max_pixels: int):
    return _l(
        "L'immagine ha troppi pixel (al massimo %(megapixels)d milioni): riducila e riprova.",
        megapixels=max_pixels // 1_000_000,
    )
