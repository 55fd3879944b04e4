"""web/fonts.py: a phone downloads a small icon font with every icon the app
draws, and no Source Sans at all."""
from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from tests.asgi import get
from web import fonts

# Drawn by Streamlit's own chrome on the map page at 390 px: the sidebar and
# expander arrows and the password field's eye (seen in Chromium).
STREAMLIT_CHROME = {"keyboard_double_arrow_right", "keyboard_double_arrow_left", "keyboard_arrow_right",
                    "keyboard_arrow_down", "visibility", "expand_more", "close", "check", "content_copy"}
INDEX = """<!DOCTYPE html><html><head>
    <link
      rel="preload"
      href="./static/media/SourceSansVF-Upright.ttf.BsWL4Kly.woff2"
      as="font"
      type="font/woff2"
      crossorigin
    />
    <title>Streamlit</title>
    <link rel="stylesheet" crossorigin href="./static/css/index.css">
  </head><body>app</body></html>"""


@pytest.fixture(scope="module")
def icon_font():
    source = next((fonts.streamlit_static() / "media").glob(fonts.ICON_FONT))
    return source, fonts.subset_icons(source, fonts.icon_names())


def test_every_icon_our_pages_name_is_in_the_small_font(icon_font):
    ours = fonts.our_icons()
    assert {"map", "checklist", "call", "directions_walk"} <= ours
    kept = fonts.ligatures(TTFont(io.BytesIO(icon_font[1])))
    assert ours - set(kept) == set()
    assert STREAMLIT_CHROME - set(kept) == set()


def test_the_small_font_is_a_seventh_of_streamlits_and_drops_icons_nobody_names(icon_font):
    source, small = icon_font
    assert len(small) < source.stat().st_size / 7
    everything = fonts.ligatures(TTFont(source))
    kept = fonts.ligatures(TTFont(io.BytesIO(small)))
    assert "rocket_launch" in everything and "rocket_launch" not in kept
    assert len(kept) < len(everything) / 5


def _app(tmp_path, icons=True):
    icon_dir = tmp_path / "icons"
    if icons:
        icon_dir.mkdir(exist_ok=True)
        (icon_dir / "MaterialSymbols-Rounded.abc.woff2").write_bytes(b"small font")
    return Starlette(
        routes=[Route("/", lambda _r: HTMLResponse(INDEX)),
                Route("/static/media/{name}", lambda _r: Response(b"big font", media_type="font/woff2"))],
        middleware=[Middleware(fonts.LighterFonts, icon_dir=icon_dir)],
    )


def test_the_page_asks_for_no_source_sans_and_names_the_system_font_instead(tmp_path):
    reply = get(_app(tmp_path), "/")
    assert "SourceSans" not in reply.text
    assert reply.text.index("index.css") < reply.text.index('font-family:"Source Sans"') < reply.text.index("</head>")
    assert 'local("system-ui")' in reply.text
    assert int(reply.headers["content-length"]) == len(reply.body)


def test_the_icon_font_url_serves_the_small_copy_for_a_year(tmp_path):
    reply = get(_app(tmp_path), "/static/media/MaterialSymbols-Rounded.abc.woff2")
    assert reply.body == b"small font"
    assert reply.headers["content-type"] == "font/woff2" and "immutable" in reply.headers["cache-control"]
    assert get(_app(tmp_path), "/static/media/other.woff2").body == b"big font"


def test_without_a_built_copy_streamlits_font_is_served_as_it_is(tmp_path):
    reply = get(_app(tmp_path, icons=False), "/static/media/MaterialSymbols-Rounded.abc.woff2")
    assert reply.body == b"big font"
