"""A history entry's field holds "account " and an account name, which is up to 64
characters itself: the column was 64 long, so PostgreSQL refused the history entry for an
account with a long name.  SQLite never enforced the length.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("history") as batch:
        batch.alter_column("field", type_=sa.String(length=80), existing_type=sa.String(length=64),
                           existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("history") as batch:
        batch.alter_column("field", type_=sa.String(length=64), existing_type=sa.String(length=80),
                           existing_nullable=False)
