"""Photos for tests: a phone-like JPEG with GPS, camera and orientation EXIF."""
from __future__ import annotations

import io


def phone_jpeg(width: int = 400, height: int = 300, *, orientation: int = 6) -> bytes:
    """A JPEG whose EXIF says where it was taken (GPS), by which phone, and that it is turned
    (orientation 6: the pixels are landscape, the photo is portrait)."""
    from PIL import Image

    image = Image.new("RGB", (width, height), (40, 60, 200))
    image.paste((250, 220, 0), (0, 0, width // 4, height // 4))  # a yellow corner: shows the turn
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 31.0, 36.6), 3: "W", 4: (0.0, 8.0, 17.2)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"taken on the walk")
    return out.getvalue()
