"""What the routes read: the settings, the ward, its action plan and the store.

Opened at startup by the app's lifespan, on the same database the Streamlit
pages use.  If the database cannot be reached then (or the ward's files are
broken), the server starts anyway: the routes answer 503 with the reason and
try again on the next request, as the pages do."""
from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, UTC

from anyio import to_thread

from geo.errors import WardError
from geo.plan import ActionPlan
from geo.settings import Settings
from geo.ward import Ward

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resources:
    settings: Settings
    ward: Ward
    store: object  # geo.db.Store
    plan_modified: datetime  # when the plan file last changed (UTC)

    @property
    def plan(self) -> ActionPlan:
        """The action plan as the store has it now."""
        return self.store.plan()


class Opener:
    """Opens the resources once, on first success, and closes them at shutdown.  Thread-safe:
    the routes run in worker threads."""

    def __init__(self, settings: Settings):
        self._settings = settings
        self._resources: Resources | None = None
        self._lock = threading.Lock()

    def get(self) -> Resources:
        """The resources; raises StoreUnavailable or another WardError, with its sentence, if they
        cannot be opened just now."""
        if self._resources is None:
            with self._lock:
                if self._resources is None:
                    self._resources = _open(self._settings)
        return self._resources

    def close(self) -> None:
        with self._lock:
            if self._resources is not None:
                self._resources.store.close()
                self._resources = None

    @asynccontextmanager
    async def lifespan(self, _app):
        """st.App's lifespan hook: open at startup (seeding a new database), set the long-lived
        heap aside from the collector (web.heap), close at shutdown."""
        from web import heap

        try:
            await to_thread.run_sync(self.get)
        except WardError as exc:
            log.warning("The open-data routes will answer 503 until this is fixed: %s", exc)
        await to_thread.run_sync(heap.freeze)
        try:
            yield None
        finally:
            await to_thread.run_sync(self.close)


def _open(settings: Settings) -> Resources:
    from geo.commands import open_store
    from geo.plan import load_plan
    from geo.ward import load_ward

    ward = load_ward(settings.data_dir)
    plan_path = ward.path("plan")
    plan = load_plan(plan_path)
    modified = datetime.fromtimestamp(plan_path.stat().st_mtime, UTC)
    return Resources(settings, ward, open_store(settings, ward, plan), modified)
