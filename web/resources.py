"""What the routes read: the process's settings, ward, action plan and store
(geo.process, shared with the Streamlit pages: one pool, one seed check).

Opened at startup by the app's lifespan.  If the database cannot be reached
then (or the ward's files are broken), the server starts anyway: the routes
answer 503 with the reason and try again on the next request, as the pages do."""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from anyio import to_thread

from geo import process
from geo.errors import WardError
from geo.settings import Settings

log = logging.getLogger(__name__)
Resources = process.Opened


class Opener:
    """The process's resources for these settings; thread-safe (the routes run in worker threads)."""

    def __init__(self, settings: Settings):
        self._settings = settings

    @property
    def settings(self) -> Settings:
        return self._settings

    def get(self) -> Resources:
        """The resources; raises StoreUnavailable or another WardError, with its sentence, if they
        cannot be opened just now."""
        return process.opened(self._settings)

    def close(self) -> None:
        process.close_all()

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
