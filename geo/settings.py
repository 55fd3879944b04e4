"""Settings, declared once: a name, a default that works on a fresh machine,
and a help line.  Each is overridden by the environment variable of the
same name.  Nothing is read or written on import."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_DECLARED = {
    "WARD_DATA_DIR": (str(ROOT / "data"), "Folder holding ward.json and the files it names."),
    "STATE_DIR": (str(ROOT / "var"), "Git-ignored folder for local state (the SQLite database)."),
    "DATABASE_URL": ("", "SQLAlchemy URL; empty means an SQLite file in STATE_DIR."),
    "MAP_TILES": ("OpenStreetMap", "folium tile set for the map background, or 'none'."),
    "ASSET_BASE_URL": ("/app/static/vendor", "Where the browser fetches Leaflet and folium's other assets."),
    "SIGNIN_MAX_FAILURES": ("5", "Wrong passwords for one name from one place before that place is locked out "
                                 "of it (budgets per place and per name are multiples: geo/db/signin.py)."),
    "SIGNIN_LOCK_SECONDS": ("900", "How long a first sign-in lock lasts; each next one lasts twice as long."),
}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    state_dir: Path
    database_url: str
    map_tiles: str
    asset_base_url: str
    signin_max_failures: int
    signin_lock_seconds: int


def describe() -> list[tuple[str, str, str]]:
    """(name, default, help) for every setting, for the README and `--help`."""
    return [(name, default, help_) for name, (default, help_) in _DECLARED.items()]


def load(env: dict[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    value = {name: env.get(name) or default for name, (default, _) in _DECLARED.items()}
    state_dir = Path(value["STATE_DIR"])
    url = value["DATABASE_URL"] or f"sqlite:///{state_dir / 'ward.db'}"
    return Settings(
        data_dir=Path(value["WARD_DATA_DIR"]),
        state_dir=state_dir,
        database_url=url,
        map_tiles=value["MAP_TILES"],
        asset_base_url=value["ASSET_BASE_URL"],
        signin_max_failures=int(value["SIGNIN_MAX_FAILURES"]),
        signin_lock_seconds=int(value["SIGNIN_LOCK_SECONDS"]),
    )
