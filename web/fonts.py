"""Fonts for a lighter first visit: the two fonts Streamlit sends were a third
of what a phone downloads before the map (375 kB of icons, 171 kB of text).

- Text: `.streamlit/config.toml` sets the theme font to the phone's own system
  font.  Streamlit still draws its first frame, before the theme arrives, in
  Source Sans, so `LighterFonts` drops the index page's preload of it and
  points the name "Source Sans" at the system font (a later @font-face with
  the same descriptors wins).
- Icons: Streamlit draws its chrome and our page icons with Material Symbols,
  a 4,300-icon font where each icon is a ligature of its name.  `build()`
  (run by `make setup`: `python -m web.fonts`) writes a copy that keeps only
  the icons named anywhere in Streamlit's script bundles or as `:material/…:`
  in our pages, about 50 kB; `LighterFonts` serves it at the original URL.
  A name missing from the copy would show as its letters, so the tests check
  every icon we name and the ones Streamlit's chrome draws on a phone.

Without the built copy (a setup that skipped it) everything passes through
unchanged: the app is heavier, never broken."""
from __future__ import annotations

import hashlib
import io
import re
import sys
from pathlib import Path

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "static" / "vendor" / "icons"
ICON_FONT = "MaterialSymbols-Rounded.*.woff2"
OUR_CODE = ("app.py", "geo/navigation.py", "pages/*.py", "ui/*.py")
_OUR_ICON = re.compile(r":material/([a-z0-9_]+):")
_BUNDLE_WORD = re.compile(r"""["'`:/]([a-z0-9_]{2,})["'`:]""")
_TEXT_PRELOAD = re.compile(rb'\s*<link\s+rel="preload"\s+href="[^"]*SourceSans[^"]*"[^>]*/>')
SYSTEM_TEXT = (b"<style>" + b"".join(
    b'@font-face{font-family:"Source Sans";font-weight:100 900;font-style:%s;'
    b'src:local("system-ui"),local("Roboto"),local("Helvetica Neue"),local("Arial")}' % style
    for style in (b"normal", b"italic")) + b"</style>\n  </head>")


def streamlit_static() -> Path:
    import streamlit

    return Path(streamlit.__file__).parent / "static" / "static"


def icon_names(static: Path | None = None, root: Path = ROOT) -> set[str]:
    """Every word Streamlit's bundles quote (a superset of its icon names) and every icon our pages name."""
    static = static or streamlit_static()
    names = our_icons(root)
    for bundle in (static / "js").glob("*.js"):
        names |= set(_BUNDLE_WORD.findall(bundle.read_text(errors="ignore")))
    return names


def our_icons(root: Path = ROOT) -> set[str]:
    """The icons our pages name as :material/NAME:."""
    return {name for pattern in OUR_CODE for source in root.glob(pattern)
            for name in _OUR_ICON.findall(source.read_text())}


def ligatures(font) -> dict[str, str]:
    """Icon name -> glyph name, read from the font's ligature substitutions."""
    spell = _speller(font)
    found: dict[str, str] = {}
    for table in _ligature_tables(font):
        for first, ligs in table.ligatures.items():
            for lig in ligs:
                found.setdefault(spell(first, lig), lig.LigGlyph)
    return found


def subset_icons(source: Path, names: set[str]) -> bytes:
    """The icon font with only the ligatures spelling one of `names` (and the letters)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    spell = _speller(font)
    kept: set[str] = set()
    for table in _ligature_tables(font):
        for first in list(table.ligatures):
            ligs = [lig for lig in table.ligatures[first] if spell(first, lig) in names]
            if ligs:
                table.ligatures[first] = ligs
                kept |= {lig.LigGlyph for lig in ligs}
            else:
                del table.ligatures[first]
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for code in font.getBestCmap() if code < 0x80], glyphs=sorted(kept))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def build(out_dir: Path = ICON_DIR) -> list[Path]:
    """Write the small icon font beside Streamlit's name for it; returns what was written."""
    static = streamlit_static()
    names = icon_names(static)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.woff2"):
        old.unlink()
    written = []
    for source in (static / "media").glob(ICON_FONT):
        target = out_dir / source.name
        target.write_bytes(subset_icons(source, names))
        written.append(target)
    return written


def _speller(font):
    """(first glyph, ligature) -> the word it spells, e.g. "map"; a glyph no letter maps to spells NUL."""
    letter = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    return lambda first, lig: "".join(letter.get(glyph, "\0") for glyph in (first, *lig.Component))


def _ligature_tables(font):
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = table.ExtSubTable if lookup.LookupType == 7 else table
            if hasattr(table, "ligatures"):
                yield table


class LighterFonts:
    """Serve the small icon font in place of Streamlit's; on pages, no download of Source Sans."""

    def __init__(self, app: ASGIApp, icon_dir: Path = ICON_DIR):
        self.app = app
        self.icons = {path.name: path.read_bytes() for path in icon_dir.glob("*.woff2")} if icon_dir.is_dir() else {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        body = self.icons.get(path.rsplit("/", 1)[-1]) if path.startswith("/static/media/") else None
        if body is not None:
            await _font_response(body)(scope, receive, send)
            return
        if scope["method"] == "HEAD" or "." in path.rsplit("/", 1)[-1]:  # a file, not a page
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, _without_text_preload(send))


def _font_response(body: bytes) -> Response:
    return Response(body, media_type="font/woff2", headers={
        "Cache-Control": "public, immutable, max-age=31536000",
        "ETag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"'})


def _without_text_preload(send: Send) -> Send:
    """Hold an uncompressed HTML answer until its body is whole, then send it without Source Sans."""
    held: dict = {}

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = Headers(raw=message["headers"])
            if headers.get("content-type", "").startswith("text/html") and "content-encoding" not in headers:
                held["start"], held["body"] = message, b""
                return
            await send(message)
            return
        if "start" not in held:
            await send(message)
            return
        held["body"] += message.get("body", b"")
        if message.get("more_body"):
            return
        body = _TEXT_PRELOAD.sub(b"", held["body"]).replace(b"</head>", SYSTEM_TEXT, 1)
        start = held.pop("start")
        MutableHeaders(scope=start)["content-length"] = str(len(body))
        await send(start)
        await send({"type": "http.response.body", "body": body})

    return sending


def main() -> int:
    for path in build():
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1e3:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
