"""Accounts an administrator can run: a forced password change after a reset,
sign-in throttling per name, client and (name, client), recent failed sign-ins.
The old per-account failure count and lock on users give way to signin_throttle.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.drop_column("failed_attempts")
        batch.drop_column("locked_until")
    with op.batch_alter_table("users") as batch:
        batch.alter_column("must_change_password", server_default=None)
    op.create_table(
        "signin_throttle",
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_ends", sa.String(length=32), nullable=True),
        sa.Column("locked_until", sa.String(length=32), nullable=True),
        sa.Column("locks", sa.Integer(), nullable=False),
        sa.Column("trusted", sa.Boolean(), nullable=False),
        sa.Column("last_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("scope", "name", "client", name=op.f("pk_signin_throttle")),
    )
    op.create_index("ix_signin_throttle_last_at", "signin_throttle", ["last_at"])
    op.create_table(
        "signin_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signin_failures")),
    )


def downgrade() -> None:
    op.drop_table("signin_failures")
    op.drop_index("ix_signin_throttle_last_at", table_name="signin_throttle")
    op.drop_table("signin_throttle")
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.String(length=32), nullable=True))
        batch.drop_column("must_change_password")
    with op.batch_alter_table("users") as batch:
        batch.alter_column("failed_attempts", server_default=None)
