"""Walk photos as evidence and as personal data: checked, turned upright, shrunk
and re-encoded as a JPEG that carries no metadata at all (no EXIF, GPS, XMP,
ICC profile or comment), so nothing about the phone or where it was survives."""
from __future__ import annotations

import io
from dataclasses import dataclass

from geo.errors import InvalidInput

MAX_BYTES = 15 * 1024 * 1024
LONG_SIDE = 2048
QUALITY = 85
_ACCEPTED = {"JPEG": "JPEG", "PNG": "PNG", "MPO": "JPEG"}  # MPO: the JPEG some phones write


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes  # JPEG, no metadata
    width: int
    height: int


def clean(upload: bytes, name: str = "the photo") -> CleanPhoto:
    """The upload as a metadata-free JPEG at most LONG_SIDE pixels on its long side, or InvalidInput."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not isinstance(upload, (bytes, bytearray)) or not upload:
        raise InvalidInput(f"{name} is empty; take or choose the photo again.")
    if len(upload) > MAX_BYTES:
        raise InvalidInput(f"{name} is {len(upload) / 1024 / 1024:.0f} MB; the most a photo can be is "
                           f"{MAX_BYTES // 1024 // 1024} MB. Choose a smaller size in the camera's settings.")
    try:
        with Image.open(io.BytesIO(upload)) as image:
            if image.format not in _ACCEPTED:
                kind = "a HEIC photo (iPhone)" if image.format in ("HEIF", "HEIC") else f"a {image.format} file"
                raise InvalidInput(f"{name} is {kind}; send a JPEG or PNG. On an iPhone: Settings, Camera, "
                                   "Formats, Most Compatible.")
            image.load()
            upright = ImageOps.exif_transpose(image)
    except InvalidInput:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise InvalidInput(f"{name} is not a photo this app can read; send a JPEG or PNG.") from None
    if upright.mode not in ("RGB", "L"):
        background = Image.new("RGB", upright.size, "white")
        rgba = upright.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        upright = background
    upright.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    # A new image holding only the pixels: nothing of the original's info travels with it.
    bare = Image.new(upright.mode, upright.size)
    bare.paste(upright)
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=QUALITY, optimize=True)
    return CleanPhoto(out.getvalue(), bare.width, bare.height)


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
