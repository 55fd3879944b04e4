"""Residents' voice: "I felt unsafe here" reports (by 100 m square only), verdicts on commitments and
sites, and each day's key for hashing where they came from.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voice_reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("easting", sa.Integer(), nullable=False),
        sa.Column("northing", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("time_of_day", sa.String(length=16), nullable=False),
        sa.Column("when_felt", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_reports")),
        sa.UniqueConstraint("source", "easting", "northing", name="uq_voice_reports_source"),
    )
    op.create_index("ix_voice_reports_received_at", "voice_reports", ["received_at"])
    op.create_table(
        "voice_verdicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("target_kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.String(length=255), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voice_verdicts")),
        sa.UniqueConstraint("source", "target_kind", "target_id", name="uq_voice_verdicts_source"),
    )
    op.create_index("ix_voice_verdicts_received_at", "voice_verdicts", ["received_at"])
    op.create_table(
        "voice_day_keys",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("key", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_voice_day_keys")),
    )


def downgrade() -> None:
    op.drop_table("voice_day_keys")
    op.drop_table("voice_verdicts")
    op.drop_table("voice_reports")
