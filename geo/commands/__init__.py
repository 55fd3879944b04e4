"""One module per `python -m geo` command."""
from __future__ import annotations


def open_store(config, ward, plan=None):
    """The store at the configured database, filled from the ward's files if it is new
    (a command may be the first thing ever run against it)."""
    from geo.db import Store
    from geo.db.seed import seed_from_ward

    store = Store.open(config.database_url, ward, settings=config)
    try:
        seed_from_ward(store, ward, plan)
    except BaseException:
        store.close()
        raise
    return store
