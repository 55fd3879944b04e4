"""Settings, declared once: each field of `Settings` names its environment
variable, its default (one that works on a fresh machine) and a help line;
its type says how the value is read.  `load()` is called once per entry point
(the app, each command) and the result passed down.  Nothing is read or
written on import."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from collections.abc import Mapping

from geo.errors import DataError

ROOT = Path(__file__).resolve().parent.parent


def _setting(env: str, default, help_: str):
    return field(default=default, metadata={"env": env, "help": help_})


@dataclass(frozen=True)
class Settings:
    data_dir: Path = _setting("WARD_DATA_DIR", ROOT / "data", "Folder holding ward.json and the files it names.")
    state_dir: Path = _setting("STATE_DIR", ROOT / "var", "Git-ignored folder for local state (the SQLite database).")
    database_url: str = _setting("DATABASE_URL", "", "SQLAlchemy URL, e.g. postgresql://user@host/db; "
                                 "empty means an SQLite file in STATE_DIR.")
    map_tiles: str = _setting("MAP_TILES", "OpenStreetMap", "folium tile set for the map background, or 'none'.")
    asset_base_url: str = _setting("ASSET_BASE_URL", "/app/static/vendor",
                                   "Where the browser fetches Leaflet and folium's other assets "
                                   "(static/vendor/ as served); the map's own script comes from js/ beside it.")
    signin_max_failures: int = _setting("SIGNIN_MAX_FAILURES", 5,
                                        "Wrong passwords for one name from one place before that place is locked "
                                        "out of it (budgets per place and per name are multiples: geo/db/signin.py).")
    signin_lock_seconds: int = _setting("SIGNIN_LOCK_SECONDS", 900,
                                        "How long a first sign-in lock lasts; each next one lasts twice as long.")


def describe() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting, for the README and `--help`."""
    return [(f.metadata["env"], str(f.default), f.metadata["help"]) for f in fields(Settings)]


def _read(kind, env: str, text: str):
    if kind in (int, "int"):
        try:
            number = int(text.strip())
        except ValueError:
            number = 0
        if number < 1:
            raise DataError(f"The setting {env} must be a whole number from 1 up, not '{text}'.")
        return number
    if kind in (Path, "Path"):
        return Path(text)
    return text


def load(env: Mapping[str, str] | None = None) -> Settings:
    """The settings from `env` (default: the process environment); an empty value means the default.
    A value that cannot be read raises DataError naming the variable."""
    env = os.environ if env is None else env
    values = {f.name: _read(f.type, f.metadata["env"], env[f.metadata["env"]])
              for f in fields(Settings) if env.get(f.metadata["env"])}
    settings = Settings(**values)
    if not settings.database_url:
        settings = Settings(**{**settings.__dict__, "database_url": f"sqlite:///{settings.state_dir / 'ward.db'}"})
    return settings
