"""Settings, declared once: each field of `Settings` names its environment
variable, its default (one that works on a fresh machine) and a help line;
its type says how the value is read.  `load()` is called once per entry point
(the app, each command) and the result passed down.  Nothing is read or
written on import."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from collections.abc import Mapping
from urllib.parse import urlsplit

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
    public_url: str = _setting("WARD_PUBLIC_URL", "http://localhost:8501",
                               "The address residents reach the app at, e.g. https://map.example.gov.uk; every "
                               "absolute link the app writes (feeds, share links) starts with it, never with the "
                               "Host header a request names.")
    signin_max_failures: int = _setting("SIGNIN_MAX_FAILURES", 5,
                                        "Wrong passwords for one name from one place before that place is locked "
                                        "out of it (budgets per place and per name are multiples: geo/db/signin.py).")
    signin_lock_seconds: int = _setting("SIGNIN_LOCK_SECONDS", 900,
                                        "How long a first sign-in lock lasts; each next one lasts twice as long.")
    trusted_proxies: str = _setting("TRUSTED_PROXIES", "",
                                    "Reverse proxies' IP addresses or ranges, comma-separated (e.g. 10.0.0.5 or "
                                    "127.0.0.1); only a connection from one of them has its X-Forwarded-For "
                                    "believed, and only the hop it added (geo/proxies.py). Empty: none.")
    voice_min_count: int = _setting("VOICE_MIN_COUNT", 5,
                                    "Reports a square must hold before it is shown (k); fewer merge into a bigger "
                                    "square, then the rest of the ward (geo/voice/aggregate.py).")
    voice_retention_days: int = _setting("VOICE_RETENTION_DAYS", 365,
                                         "Days a resident's report or verdict is kept before the sweep deletes it.")
    voice_hourly_limit: int = _setting("VOICE_HOURLY_LIMIT", 10,
                                       "Reports (and, apart, verdicts) taken from one connection in an hour.")
    voice_min_seconds: int = _setting("VOICE_MIN_SECONDS", 3,
                                      "Seconds the report form must be open before it is sent: quicker is a script.")


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


def _public_url(env: str, text: str) -> str:
    """An http(s) address with a host and nothing after its path, without the trailing slash."""
    refusal = (f"The setting {env} must be the app's public address, such as https://map.example.gov.uk, "
               f"not '{text}'.")
    if not _URL_CHARACTERS.fullmatch(text.strip()):
        raise DataError(refusal)
    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number from 0 to 65535)
    except ValueError:
        raise DataError(refusal) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username is not None \
            or parts.password is not None or parts.query or parts.fragment or "?" in text or "#" in text:
        raise DataError(refusal)
    return f"{parts.scheme}://{parts.netloc}{parts.path}".rstrip("/")


_URL_CHARACTERS = re.compile(r"[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+")  # RFC 3986's, nothing to escape
def _trusted_proxies(_env: str, text: str) -> str:
    from geo.proxies import trusted

    trusted(text)  # raises DataError naming the item that is not an address or range
    return ",".join(part.strip() for part in text.split(",") if part.strip())


_CHECKS = {"public_url": _public_url, "trusted_proxies": _trusted_proxies}  # settings with checks of their own


def load(env: Mapping[str, str] | None = None) -> Settings:
    """The settings from `env` (default: the process environment); an empty value means the default.
    A value that cannot be read raises DataError naming the variable."""
    if env is None:  # read afresh whenever one of its variables changes, else made once
        return _from_values(tuple(os.environ.get(name) for name in _VARIABLES))
    return _read_all(env)


def _read_all(env: Mapping[str, str]) -> Settings:
    values = {f.name: _read(f.type, f.metadata["env"], env[f.metadata["env"]])
              for f in fields(Settings) if env.get(f.metadata["env"])}
    for name, check in _CHECKS.items():
        if name in values:
            values[name] = check(next(f.metadata["env"] for f in fields(Settings) if f.name == name), values[name])
    settings = Settings(**values)
    if not settings.database_url:
        settings = Settings(**{**settings.__dict__, "database_url": f"sqlite:///{settings.state_dir / 'ward.db'}"})
    return settings


_VARIABLES = tuple(f.metadata["env"] for f in fields(Settings))


@lru_cache(maxsize=16)
def _from_values(values: tuple[str | None, ...]) -> Settings:
    # Every page run asks for the settings several times; parsing them is a noticeable share of a run.
    return _read_all({name: value for name, value in zip(_VARIABLES, values, strict=True) if value is not None})
