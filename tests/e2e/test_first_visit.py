"""A resident's first visit on a phone downloads no text font (the phone's own
is used) and a small icon font, and every icon still draws as an icon, not as
its name spelt out (web/fonts.py)."""
from __future__ import annotations

import pytest

from tests.e2e import driver

pytestmark = [pytest.mark.e2e, pytest.mark.fresh_browser]  # it counts what a first visit downloads

MAP_TITLE = "Regent's Park ward safety map"
ICON_WIDTHS = """async () => { await document.fonts.ready;
    return [...document.querySelectorAll('[data-testid="stIconMaterial"]')]
        .filter(el => el.offsetParent !== null)
        .map(el => [el.textContent, Math.round(el.getBoundingClientRect().width)]); }"""


def test_a_phone_downloads_no_text_font_and_a_small_icon_font(ward_app, browser, phone_page):
    driver.first_visit(browser, ward_app)
    fonts: dict[str, int] = {}

    def seen(response):
        if response.url.endswith(".woff2"):
            fonts[response.url.rsplit("/", 1)[-1]] = len(response.body())

    phone_page.on("response", seen)
    driver.open_map(phone_page, ward_app, "/", MAP_TITLE)
    icons = phone_page.evaluate(ICON_WIDTHS)
    assert icons, "the phone layout shows at least the button that opens the menu"
    assert [(name, width) for name, width in icons if width > 40] == []  # a missing icon is its name, ~200 px wide
    assert [name for name in fonts if "SourceSans" in name] == []
    icon_fonts = {name: size for name, size in fonts.items() if name.startswith("MaterialSymbols")}
    assert icon_fonts and max(icon_fonts.values()) < 80_000  # Streamlit's own is 375 kB
