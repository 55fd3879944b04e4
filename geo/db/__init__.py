"""The database layer: engine and migrations (engine.py), the schema
(tables.py), rows to dataclasses (rows.py), the store and its accounts, the
SQLite writer queue (lock.py) and first-start seeding (seed.py).

Nothing outside geo/db/ touches SQLAlchemy; callers use `Store`."""
from geo.db.store import Store

__all__ = ["Store"]
