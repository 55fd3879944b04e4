"""Alembic environment.  The store runs migrations itself (geo.db.engine.migrate)
and hands over an open connection inside its own transaction, so there is no
alembic.ini and no URL here."""
from alembic import context

from geo.db.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through geo.db (python -m geo init-db), not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs table copies to alter columns
)
with context.begin_transaction():
    context.run_migrations()
