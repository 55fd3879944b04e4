"""Copy the browser assets that geo.sites.map_assets.ASSETS names from node_modules/
into static/vendor/, which Streamlit serves at /app/static/vendor/.

Each file keeps its path inside node_modules/, and every file a stylesheet
names with url(...) (fonts, images) is copied beside it, so relative paths
keep working.  Source maps are left out: no page loads one (a browser asks
for it only with its developer tools open).  Run by `make setup` after
`npm ci`; first removes what an earlier run left (all but OTHERS); exits 1
with one line per missing file."""
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


# Made in static/vendor/ by another step of `make setup` (web/fonts.py), so kept here.
OTHERS = {"icons"}


def main() -> int:
    _clear()
    missing: list[str] = []
    for path in sorted(set(ASSETS.values())):
        if not _copy(path):
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


def _clear() -> None:
    """Remove what an earlier run copied, so a package dropped from ASSETS leaves no file behind."""
    if not VENDOR_DIR.is_dir():
        return
    for entry in VENDOR_DIR.iterdir():
        if entry.name in OTHERS or entry.name.startswith(".installed-"):
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _copy(path: str) -> bool:
    source = NODE_MODULES / path
    if not source.is_file():
        return False
    target = VENDOR_DIR / path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True


def _references(path: str) -> list[str]:
    """Files that the vendored file at `path` loads, relative to static/vendor/."""
    text = (VENDOR_DIR / path).read_text(encoding="utf-8", errors="replace")
    found = _CSS_URL.findall(text) if path.endswith(".css") else []
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


if __name__ == "__main__":
    sys.exit(main())
