"""Turning an untrusted request body into an RGB image, or a clear error.

Order of checks: size of the body (by the server, before reading it), magic bytes, the header's dimensions
(Pillow's open() reads only the header), then decoding. Pillow's decompression-bomb guard stays on as a second
line behind our own dimension check.
"""
from __future__ import annotations

import io
import warnings

import numpy as np
from PIL import Image, ImageOps

MAX_BODY_BYTES = 15 * 1024 * 1024
MAX_SIDE = 8000
MAX_PIXELS = 48_000_000  # also per image: 8000 x 6000

Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow warns above this and refuses above twice this


class ImageError(Exception):
    """A client error about the image: an HTTP status, a stable code, an English message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def sniff(data: bytes) -> str | None:
    """The image format from its first bytes: 'JPEG', 'PNG', 'WEBP', or None."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _to_rgb(img: Image.Image) -> Image.Image:
    if img.mode == "RGB":
        return img
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        a = np.asarray(img, dtype=np.float64)
        top = 65535.0 if a.max() > 255 else 255.0
        return Image.fromarray(np.clip(a / top * 255.0 + 0.5, 0, 255).astype(np.uint8), "L").convert("RGB")
    return img.convert("RGB")


def decode(data: bytes) -> Image.Image:
    """Decodes a JPEG, PNG or WebP body into an upright RGB image, or raises ImageError."""
    if not data:
        raise ImageError(400, "empty_body", "The request body is empty; send the photo's bytes.")
    if len(data) > MAX_BODY_BYTES:
        raise ImageError(413, "body_too_large", f"The photo is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB.")
    fmt = sniff(data)
    if fmt is None:
        raise ImageError(415, "unsupported_image", "The body is not a JPEG, PNG or WebP image.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data), formats=[fmt])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageError(413, "image_too_large", f"The image is larger than {MAX_SIDE} pixels a side.")
        except Exception:
            raise ImageError(422, "corrupt_image", f"The {fmt} image could not be read (corrupt header).")
        w, h = img.size
        if w <= 0 or h <= 0:
            raise ImageError(422, "corrupt_image", "The image has no pixels.")
        if w > MAX_SIDE or h > MAX_SIDE or w * h > MAX_PIXELS:
            raise ImageError(413, "image_too_large",
                             f"The image is {w}x{h} pixels; at most {MAX_SIDE} a side and {MAX_PIXELS // 1_000_000} "
                             f"megapixels are accepted.")
        try:
            img.seek(0)
            img.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageError(413, "image_too_large", f"The image is larger than {MAX_SIDE} pixels a side.")
        except Exception:
            raise ImageError(422, "corrupt_image", f"The {fmt} image is corrupt or truncated.")
    try:
        upright = ImageOps.exif_transpose(img)
        if upright is not None:
            img = upright
    except Exception:  # a broken EXIF block: keep the pixels as stored
        pass
    try:
        return _to_rgb(img)
    except Exception:
        raise ImageError(422, "corrupt_image", "The image's pixel format is not supported.")
