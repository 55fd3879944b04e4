"""Hostile photos: a pixel bomb is refused from its header, before any pixel is decoded (the
process's memory does not grow); a damaged file gets a sentence naming it; re-encodes at once
share one budget of pixels; a stop's photos are all checked before anything is kept."""
from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import threading
import time
import zlib

import pytest
from PIL import Image

from geo.errors import InvalidInput
from geo.walks import photo_cleaner as photos
from geo.walks.pixel_budget import PixelBudget
from tests.conftest import ROOT
from tests.photo_files import phone_jpeg


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int, height: int, bits: int = 1) -> bytes:
    """A valid black PNG of width x height pixels, a few kilobytes long (gray, `bits` per pixel)."""
    row = b"\0" * (1 + (width * bits + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, bits, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def broken_png() -> bytes:
    """A small PNG whose IDAT chunk's checksum is wrong: Pillow raises SyntaxError reading it."""
    good = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(good, "PNG")
    data = bytearray(good.getvalue())
    at = data.index(b"IDAT")
    data[at + 6] ^= 0xFF  # a byte inside the chunk, so its CRC no longer matches
    return bytes(data)


def test_the_broken_png_is_one_pillow_cannot_read():
    with pytest.raises((SyntaxError, OSError, ValueError)):
        Image.open(io.BytesIO(broken_png())).load()


@pytest.mark.parametrize("make, words", [
    (lambda: png_bomb(20000, 20000), "is too large a picture"),
    (lambda: png_bomb(13000, 13000), "(13000 x 13000 pixels)"),
    (lambda: png_bomb(12000, 12000, bits=8), "the most this app takes is 50 megapixels"),
])
def test_a_pixel_bomb_is_refused_with_a_sentence(make, words):
    data = make()
    assert len(data) < 1024 * 1024  # small on the wire: only its header gives it away
    with pytest.raises(InvalidInput, match="bomb.png") as refused:
        photos.clean(data, "bomb.png")
    assert words in str(refused.value)


# The child's own peak (VmHWM): ru_maxrss would carry over the parent's through exec on Linux.
CHILD = """
import json, sys
from geo.walks import photo_cleaner
from geo.errors import InvalidInput
def peak_kb():
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
data = open(sys.argv[1], "rb").read()
before = peak_kb()
try:
    photo_cleaner.clean(data, "bomb.png")
    said = ""
except InvalidInput as exc:
    said = str(exc)
print(json.dumps({"before_kb": before, "after_kb": peak_kb(), "said": said}))
"""


@pytest.mark.parametrize("width, height", [(20000, 20000), (13000, 13000)])
def test_a_pixel_bomb_is_refused_before_it_is_decoded(tmp_path, width, height):
    """In a process of its own, so its peak memory is the refusal's alone: decoding a 13000 x 13000
    image would take at least 169 MB; refusing it from its header takes next to nothing."""
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_bomb(width, height))
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", CHILD, str(bomb)], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    seen = json.loads(done.stdout)
    assert seen["after_kb"] - seen["before_kb"] < 20 * 1024  # under 20 MB more at its peak
    assert "too large a picture" in seen["said"]


def test_a_damaged_photo_gets_a_sentence_naming_it():
    with pytest.raises(InvalidInput, match=r"^lamp\.png is not a photo this app can read \(it may be damaged\)"):
        photos.clean(broken_png(), "lamp.png")


def test_a_12_megapixel_photo_is_kept_at_2_megapixels_with_its_shape():
    cleaned = photos.clean(phone_jpeg(4000, 3000, orientation=1))
    assert cleaned.width * cleaned.height <= photos.KEPT_PIXELS
    assert (cleaned.width, cleaned.height) == (1632, 1224)
    with Image.open(io.BytesIO(cleaned.data)) as kept:
        assert kept.format == "JPEG" and not kept.getexif() and "comment" not in kept.info


class Named:
    def __init__(self, name: str, data: bytes):
        self.name, self.data = name, data


def test_check_photos_names_every_refused_photo_and_cleans_the_rest():
    good, bad, bomb = Named("gate.jpg", phone_jpeg()), Named("lamp.png", broken_png()), \
        Named("huge.png", png_bomb(13000, 13000))
    cleaned, refusals = photos.check_photos([bad, good, bomb])
    assert [upload.name for upload, _ in cleaned] == ["gate.jpg"]
    assert cleaned[0][1].data.startswith(b"\xff\xd8")
    assert len(refusals) == 2
    assert refusals[0].startswith("lamp.png is not a photo") and refusals[1].startswith("huge.png is too large")


def test_re_encodes_at_once_wait_for_the_pixel_budget():
    budget = PixelBudget(10)
    most, lock = [0], threading.Lock()

    def decode():
        with budget.held(4):
            with lock:
                most[0] = max(most[0], budget.in_use)
            time.sleep(0.05)

    threads = [threading.Thread(target=decode) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 8 and budget.in_use == 0  # two at once (4 + 4 <= 10), never three
    with budget.held(1_000):  # larger than the whole budget: it runs alone instead of waiting forever
        assert budget.in_use == 10
