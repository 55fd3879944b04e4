"""Walk photos as evidence and as personal data: checked, turned upright, shrunk
and re-encoded as a JPEG that carries no metadata at all (no EXIF, GPS, XMP,
ICC profile or comment), so nothing about the phone or where it was survives.

A photo's size in pixels is read from its header (Pillow opens lazily) and refused
over MAX_PIXELS before a single pixel is decoded: a 0.6 MB PNG can claim 12000 x 12000
pixels and would take gigabytes to decode.  Re-encodes running at once share a budget
of pixels (geo.walks.pixel_budget), so three uploads at once cannot add up either."""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from geo.errors import InvalidInput
from geo.walks.pixel_budget import BUDGET

MAX_BYTES = 15 * 1024 * 1024  # the app's upload limit too (.streamlit/config.toml, deploy/site.conf.j2)
MAX_PIXELS = 50_000_000  # a 48-megapixel phone camera's photo passes; a pixel bomb does not
KEPT_PIXELS = 2_000_000  # what is kept: at most 2 megapixels
QUALITY = 85
_ACCEPTED = {"JPEG": "JPEG", "PNG": "PNG", "MPO": "JPEG"}  # MPO: the JPEG some phones write


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes  # JPEG, no metadata
    width: int
    height: int


class Upload(Protocol):
    name: str
    data: bytes


U = TypeVar("U", bound=Upload)


def check_photos(uploads: Sequence[U]) -> tuple[list[tuple[U, CleanPhoto]], list[str]]:
    """Every upload cleaned, or refused with a sentence naming it: (cleaned, refusals).  Nothing is
    written here, so a caller saves nothing until it has seen every refusal."""
    cleaned, refusals = [], []
    for upload in uploads:
        try:
            cleaned.append((upload, clean(upload.data, upload.name)))
        except InvalidInput as exc:
            refusals.append(str(exc))
    return cleaned, refusals


def clean(upload: bytes, name: str = "the photo") -> CleanPhoto:
    """The upload as a metadata-free JPEG of at most KEPT_PIXELS pixels, or InvalidInput."""
    from PIL import Image

    if not isinstance(upload, (bytes, bytearray)) or not upload:
        raise InvalidInput(f"{name} is empty; take or choose the photo again.")
    if len(upload) > MAX_BYTES:
        raise InvalidInput(f"{name} is {len(upload) / 1024 / 1024:.0f} MB; the most a photo can be is "
                           f"{MAX_BYTES // 1024 // 1024} MB. Choose a smaller size in the camera's settings.")
    unreadable = InvalidInput(f"{name} is not a photo this app can read (it may be damaged); send a JPEG or PNG.")
    try:
        with Image.open(io.BytesIO(upload)) as image:  # reads the header only
            _check_header(image, name)
            image.draft("RGB", kept_size(image.width, image.height))  # a JPEG decodes at 1/2, 1/4, 1/8: less
            with BUDGET.held(image.width * image.height * 4):  # its decoded bytes, at most 4 a pixel
                return _reencode(image)
    except InvalidInput:
        raise
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours: said the same way
        raise _too_many_pixels(name, None) from None
    except Exception:  # noqa: BLE001 - a damaged file makes Pillow raise SyntaxError, OSError, ValueError...
        raise unreadable from None


def _check_header(image, name: str) -> None:
    if image.format not in _ACCEPTED:
        kind = "a HEIC photo (iPhone)" if image.format in ("HEIF", "HEIC") else f"a {image.format} file"
        raise InvalidInput(f"{name} is {kind}; send a JPEG or PNG. On an iPhone: Settings, Camera, "
                           "Formats, Most Compatible.")
    if image.width * image.height > MAX_PIXELS:
        raise _too_many_pixels(name, image.size)


def _too_many_pixels(name: str, size: tuple[int, int] | None) -> InvalidInput:
    said = f" ({size[0]} x {size[1]} pixels)" if size else ""
    return InvalidInput(f"{name} is too large a picture{said}; the most this app takes is "
                        f"{MAX_PIXELS // 1_000_000} megapixels. Send the photo as the phone's camera took it, "
                        "or a smaller copy.")


def _reencode(image) -> CleanPhoto:
    """Shrunk first, so every copy after the decode (turning it upright, flattening) is a small one."""
    from PIL import Image, ImageOps

    image.load()
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")  # palette and 16-bit PNGs: shrunk smoothly, not pixel by pixel
    image.thumbnail(kept_size(image.width, image.height), Image.Resampling.LANCZOS)
    upright = ImageOps.exif_transpose(image)  # the small copy, turned as the phone's EXIF says
    if upright.mode not in ("RGB", "L"):
        background = Image.new("RGB", upright.size, "white")
        rgba = upright.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        upright = background
    # A new image holding only the pixels: nothing of the original's info travels with it.
    bare = Image.new(upright.mode, upright.size)
    bare.paste(upright)
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=QUALITY, optimize=True)
    return CleanPhoto(out.getvalue(), bare.width, bare.height)


def kept_size(width: int, height: int) -> tuple[int, int]:
    """The size a photo is kept at: its own, or shrunk to at most KEPT_PIXELS, its shape kept."""
    if width * height <= KEPT_PIXELS:
        return width, height
    scale = (KEPT_PIXELS / (width * height)) ** 0.5
    return max(1, int(width * scale)), max(1, int(height * scale))


def thumbnail(data: bytes, long_side: int = 320) -> CleanPhoto:
    """A small JPEG of a kept photo (one `clean` made), for staff to look at before publishing it."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (long_side, long_side))  # decode a JPEG at a fraction of its size: quicker
        small = image.convert("RGB")
    small.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return CleanPhoto(out.getvalue(), small.width, small.height)
