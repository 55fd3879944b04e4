"""Copy the browser assets that geo.sites.map_assets.ASSETS names from node_modules/
into static/vendor/, which Streamlit serves at /app/static/vendor/.

Each file keeps its path inside node_modules/, and every file a stylesheet
names with url(...) (fonts, images) or a script names as its source map is
copied beside it, so relative paths keep working.  Two files no package
ships are made here.  Run by `make setup` after `npm ci`; exits 1 with one
line per missing file."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.sites.map_assets import ASSETS, EXTRA_DIRS, VENDOR_DIR  # noqa: E402

NODE_MODULES = ROOT / "node_modules"
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_SOURCE_MAP = re.compile(r"[#@] sourceMappingURL=(\S+?)(?:\s*\*/)?\s*$", re.MULTILINE)


def main() -> int:
    missing: list[str] = []
    for path in sorted(set(ASSETS.values())):
        maker = _MADE.get(path)
        if maker is not None:
            _write(path, maker())
        elif not _copy(path):
            missing.append(path)
            continue
        for ref in _references(path):
            if not _copy(ref):
                missing.append(f"{ref} (named in {path})")
    for folder in EXTRA_DIRS:
        if (NODE_MODULES / folder).is_dir():
            shutil.copytree(NODE_MODULES / folder, VENDOR_DIR / folder, dirs_exist_ok=True)
        else:
            missing.append(folder + "/")
    for item in missing:
        print(f"error: node_modules/{item} is missing; run `npm ci` first.", file=sys.stderr)
    return 1 if missing else 0


def _copy(path: str) -> bool:
    source = NODE_MODULES / path
    if not source.is_file():
        return False
    target = VENDOR_DIR / path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True


def _write(path: str, text: str) -> None:
    target = VENDOR_DIR / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _references(path: str) -> list[str]:
    """Files that the vendored file at `path` loads, relative to static/vendor/."""
    text = (VENDOR_DIR / path).read_text(encoding="utf-8", errors="replace")
    found = _SOURCE_MAP.findall(text)
    if path.endswith(".css"):
        found += _CSS_URL.findall(text)
    folder = Path(path).parent
    refs = []
    for ref in found:
        ref = re.split(r"[?#]", ref.strip(), maxsplit=1)[0]
        if ref and not re.match(r"^(data:|[a-z]+://|/)", ref):
            refs.append((folder / ref).as_posix())
    return sorted({_normalise(ref) for ref in refs})


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _glyphicons_css() -> str:
    """The glyphicon rules of Bootstrap 3 alone, as the CDN's bootstrap-glyphicons.css
    was: loading all of Bootstrap 3 would restyle the page under Bootstrap 5."""
    source = NODE_MODULES / "bootstrap3/dist/css/bootstrap.css"
    text = source.read_text(encoding="utf-8")
    rules = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        selector = re.sub(r"/\*.*?\*/", "", selector, flags=re.DOTALL).strip()
        names = [name.strip() for name in selector.split(",")]
        if selector == "@font-face" and "Glyphicons Halflings" in body:
            rules.append(f"{selector} {{{body}}}")
        elif all(re.fullmatch(r"\.glyphicon(-[\w-]+)?(:before)?", name) for name in names):
            rules.append(f"{selector} {{{body}}}")
    if len(rules) < 200:
        raise SystemExit(f"error: found only {len(rules)} glyphicon rules in {source}")
    return "/* Glyphicons from Bootstrap 3 (MIT), cut out by scripts/vendor_assets.py */\n" + "\n".join(rules) + "\n"


def _rotate_css() -> str:
    """folium's leaflet.awesome.rotate css: one class per degree for rotated marker icons."""
    return "".join(
        f".fa-rotate-{deg}{{-ms-transform:rotate({deg}deg);-webkit-transform:rotate({deg}deg);"
        f"transform:rotate({deg}deg)}}\n"
        for deg in range(1, 361)
    )


_MADE = {
    "bootstrap3/dist/css/bootstrap-glyphicons.css": _glyphicons_css,
    "folium/leaflet.awesome.rotate.min.css": _rotate_css,
}


if __name__ == "__main__":
    sys.exit(main())
