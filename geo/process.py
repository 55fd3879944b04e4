"""What one server process has open: the ward, its plan and one store, shared
by the Streamlit pages (ui.context) and the web routes (web.resources), so a
process has one connection pool and checks the seed once.

Keyed by the database and the ward's folder, so tests that give each case its
own database get their own; `close_all()` closes them (at shutdown, and after
each such test).  A failed open keeps nothing: the next call tries again."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, UTC

from geo.plan.action_plan import ActionPlan
from geo.settings import Settings
from geo.sites.ward import Ward


@dataclass(frozen=True)
class Opened:
    settings: Settings
    ward: Ward
    store: object  # geo.db.Store
    plan_modified: datetime  # when the plan file last changed (UTC)

    @property
    def plan(self) -> ActionPlan:
        """The action plan as the store has it now."""
        return self.store.plan()


_lock = threading.Lock()
_opened: dict[tuple[str, str], Opened] = {}


def opened(settings: Settings) -> Opened:
    """This process's ward, plan and store for `settings`, opened (and seeded if new) on first use.
    Raises StoreUnavailable or another WardError, with its sentence, if they cannot be opened now."""
    key = (settings.database_url, str(settings.data_dir))
    found = _opened.get(key)
    if found is not None:
        return found
    with _lock:
        if key not in _opened:
            _opened[key] = _open(settings)
        return _opened[key]


def close_all() -> None:
    with _lock:
        while _opened:
            _key, done = _opened.popitem()
            done.store.close()


def _open(settings: Settings) -> Opened:
    from geo.commands import open_store
    from geo.plan.action_plan import load_plan
    from geo.sites.ward import load_ward

    ward = load_ward(settings.data_dir)
    plan_path = ward.path("plan")
    modified = datetime.fromtimestamp(plan_path.stat().st_mtime, UTC)
    return Opened(settings, ward, open_store(settings, ward, load_plan(plan_path)), modified)
