"""Leaflet and folium's other browser assets, served by the app itself.

folium lists CDN URLs for the scripts and stylesheets a map needs, and the
map stays blank until every one of them loads.  `localise` points a map at
the copies that `make setup` puts in static/vendor/ (Streamlit serves
static/ at /app/static/), so the map draws with no internet.  The app's own
scripts (APP_FILES) are tracked in git under static/ and served beside
vendor/: their URL is derived from the same base.

ASSETS is the one table of {CDN URL: path under static/vendor/}: Leaflet's
script and stylesheet, the only folium assets a page of the app loads (see
LEAFLET_ONLY).  A vendored path is the file's path inside node_modules/.
"""
from __future__ import annotations

import functools
import hashlib
import posixpath
from pathlib import Path

import folium
from branca.colormap import ColorMap
from branca.element import MacroElement
from jinja2 import Template

from geo import settings

STATIC_DIR = settings.ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"

# The app's own browser files, paths under static/ (tracked in git, unlike vendor/).
WARD_MAP_JS = "js/ward-map.js"
WARD_MAP_CSS = "css/ward-map.css"
VOICE_MAP_JS = "js/voice-map.js"  # the "I felt unsafe here" map (geo/voice/voice_map.py)
APP_FILES = (WARD_MAP_JS, WARD_MAP_CSS, VOICE_MAP_JS)

ASSETS = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/dist/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/dist/leaflet.css",
}

# What a folium.Map loads when it is drawn with Leaflet alone.  folium lists jQuery,
# Bootstrap, Font Awesome, glyphicons and awesome-markers on every map, for popups,
# icon markers and `objects_to_stay_in_front`; a map using none of them (the ward map:
# its own SVG markers, text put in with textContent) is spared about 1 MB of them.
# No page of the app uses them, so none is vendored: `localise` refuses a map that
# still lists them (call `leaflet_only` first), naming the URL, rather than let it
# load them from a CDN or wait for a file the app does not serve.
LEAFLET_ONLY = {"leaflet", "leaflet_css"}

LEAFLET_IMAGES = "leaflet/dist/images"
# Directories copied whole because a script, not a stylesheet, names the files in them.
EXTRA_DIRS = (LEAFLET_IMAGES,)


class UnvendoredAsset(LookupError):
    """folium asked for a browser asset that static/vendor/ has no copy of."""


def localise(element, base_url: str | None = None):
    """Point `element` (a folium Map, or anything handed to st_folium beside it)
    and every element inside it at the vendored assets under `base_url`.

    Call it after the last child is added.  Only instance attributes change,
    never folium's classes.  The app's own files (APP_FILES) are pointed
    beside `base_url` (see `app_file_url`).  Raises UnvendoredAsset naming the
    URL when an element lists an asset that ASSETS has no copy of.  Returns
    `element`.

    `base_url` (default: the ASSET_BASE_URL setting) must be an absolute path
    such as /app/static/vendor: streamlit-folium loads the files from inside its
    component iframe, /component/streamlit_folium.st_folium/index.html, where a
    relative URL would resolve under /component/ and 404."""
    base = _base(base_url)
    if isinstance(element, folium.Map) and _ICON_PATH not in element._children:
        _DefaultIconPath(f"{base}/{LEAFLET_IMAGES}/").add_to(element, name=_ICON_PATH, index=0)
    for node in _walk(element):
        if isinstance(node, ColorMap):
            # streamlit-folium adds d3 from a CDN for any colormap, past default_js.
            raise UnvendoredAsset(
                "branca colormaps load d3 from a CDN that the app cannot serve; "
                "draw the legend as HTML instead."
            )
        for attr in ("default_js", "default_css"):
            links = getattr(node, attr, None)
            if links:
                setattr(node, attr, [(name, _local_url(url, base, node)) for name, url in links])
    return element


def leaflet_only(m: folium.Map) -> folium.Map:
    """Make `m` load Leaflet's script and stylesheet and none of folium's other defaults.
    Only the instance changes, never folium's class.  Returns `m`."""
    m.default_js = [(name, url) for name, url in m.default_js if name in LEAFLET_ONLY]
    m.default_css = [(name, url) for name, url in m.default_css if name in LEAFLET_ONLY]
    return m


def app_file_url(path: str, base_url: str | None = None) -> str:
    """Where browsers load the app's own file static/`path` (one of APP_FILES).

    `base_url` (default: the ASSET_BASE_URL setting) names static/vendor/ as
    served, so static/ is its parent: /app/static/vendor -> /app/static/js/...
    The URL ends in ?v=<hash of the file>, so a browser never runs a cached
    copy against a newer app."""
    if path not in APP_FILES:
        raise UnvendoredAsset(f"static/{path} is not one of geo.sites.map_assets.APP_FILES")
    return f"{posixpath.dirname(_base(base_url))}/{path}?v={_version(STATIC_DIR / path)}"


def app_file_path(url: str) -> Path:
    """The file under static/ that a URL from `app_file_url` names."""
    path = _app_file(url)
    if path is None:
        raise UnvendoredAsset(f"{url} names none of geo.sites.map_assets.APP_FILES")
    return STATIC_DIR / path


def vendored_path(url: str, base_url: str) -> Path:
    """The file under static/vendor/ that a localised `url` names."""
    prefix = base_url.rstrip("/") + "/"
    if not url.startswith(prefix):
        raise UnvendoredAsset(f"{url} is not under {prefix}")
    return VENDOR_DIR / url[len(prefix):].split("?", 1)[0]


_ICON_PATH = "default_icon_path"


class _DefaultIconPath(MacroElement):
    """Tells Leaflet where its default marker images are.  streamlit-folium adds
    leaflet.css after the map script has run, so Leaflet's own guess, made from
    the stylesheet, comes out as ".../leaflet/distmarker-icon.png"."""

    _template = Template(
        "{% macro script(this, kwargs) %}L.Icon.Default.imagePath = {{ this.path|tojson }};{% endmacro %}"
    )

    def __init__(self, path: str):
        super().__init__()
        self._name = "DefaultIconPath"
        self.path = path


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _base(base_url: str | None) -> str:
    return (settings.load().asset_base_url if base_url is None else base_url).rstrip("/")


def _app_file(url: str) -> str | None:
    """Which of APP_FILES `url` names (a bare path, or a URL for any base), if any."""
    address = url.split("?", 1)[0]
    return next((p for p in APP_FILES if address == p or address.endswith("/" + p)), None)


def _version(file: Path) -> str:
    stat = file.stat()
    return _digest(file, stat.st_mtime_ns, stat.st_size)


def _vendored_version(path: str) -> str:
    """?v=<hash> for a file under static/vendor/; nothing before `make setup` has copied it."""
    try:
        return f"?v={_version(VENDOR_DIR / path)}"
    except FileNotFoundError:
        return ""


@functools.lru_cache(maxsize=8)
def _digest(file: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()[:12]


def _local_url(url: str, base: str, node) -> str:
    own = _app_file(url)
    if own is not None:
        return app_file_url(own, base)  # the app's own file, served beside vendor/
    if url in ASSETS:  # ?v=: browsers keep it a year (web/caching.py), so a new version needs a new address
        return f"{base}/{ASSETS[url]}{_vendored_version(ASSETS[url])}"
    if url.startswith(base + "/") and url[len(base) + 1:].split("?", 1)[0] in ASSETS.values():
        return url  # already localised
    raise UnvendoredAsset(
        f"{type(node).__name__} loads {url}, which has no local copy: add it to "
        "geo.sites.map_assets.ASSETS and package.json, then run `make setup` "
        "(for folium's own defaults on a Map, call leaflet_only(m) first)."
    )

