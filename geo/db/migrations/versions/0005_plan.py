"""The action plan in the database: commitments and their dated progress entries,
written by the store from now on (seeded from the plan file at first start, or
on the first start after this upgrade: geo.db.seed).  History entries can name
the commitment they are about.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commitments",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=8), nullable=False),
        sa.Column("asked", sa.Text(), nullable=False),
        sa.Column("will_do", sa.Text(), nullable=False),
        sa.Column("lead", sa.Text(), nullable=False),
        sa.Column("target_text", sa.Text(), nullable=False),
        sa.Column("target_by", sa.String(length=10), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
    )
    op.create_table(
        "progress_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("commitment_id", sa.String(length=16), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments.id"], ondelete="CASCADE",
                                name=op.f("fk_progress_entries_commitment_id_commitments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_entries")),
    )
    op.create_index("ix_progress_entries_commitment_id", "progress_entries", ["commitment_id"])
    with op.batch_alter_table("history") as batch:
        batch.add_column(sa.Column("commitment_id", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("history") as batch:
        batch.drop_column("commitment_id")
    op.drop_index("ix_progress_entries_commitment_id", table_name="progress_entries")
    op.drop_table("progress_entries")
    op.drop_table("commitments")
