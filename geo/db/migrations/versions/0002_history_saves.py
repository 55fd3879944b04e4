"""History rows say which save they belong to and which team made them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("history") as batch:
        batch.add_column(sa.Column("team", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("save_id", sa.String(length=32), nullable=True))
    # The first load was the only thing the system recorded; other older rows stay NULL ("Staff").
    op.execute("UPDATE history SET team = 'system' WHERE actor = 'system'")


def downgrade() -> None:
    with op.batch_alter_table("history") as batch:
        batch.drop_column("save_id")
        batch.drop_column("team")
