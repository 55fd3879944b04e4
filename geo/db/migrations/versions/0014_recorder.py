"""The walk recorder that works offline: ids the phone makes for stops and photos (a resend is
recognised), where and when the phone was at each stop, the walk's track, and sign-ins kept in a cookie.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("walk_stops") as batch:
        batch.add_column(sa.Column("client_ref", sa.String(length=40), nullable=True))
        batch.create_unique_constraint("uq_walk_stops_client_ref", ["walk_id", "client_ref"])
    with op.batch_alter_table("walk_photos") as batch:
        batch.add_column(sa.Column("client_ref", sa.String(length=40), nullable=True))
        batch.create_unique_constraint(op.f("uq_walk_photos_client_ref"), ["client_ref"])
    op.create_table(
        "stop_fixes",
        sa.Column("stop_id", sa.Integer(), nullable=False),
        sa.Column("phone_time", sa.String(length=32), nullable=False),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("accuracy_m", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(["stop_id"], ["walk_stops.id"], name=op.f("fk_stop_fixes_stop_id_walk_stops"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("stop_id", name=op.f("pk_stop_fixes")),
    )
    op.create_table(
        "track_points",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("stop_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(length=16), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lon", sa.Double(), nullable=False),
        sa.Column("accuracy_m", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(["walk_id"], ["walks.id"], name=op.f("fk_track_points_walk_id_walks"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["stop_id"], ["walk_stops.id"], name=op.f("fk_track_points_stop_id_walk_stops"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_track_points")),
    )
    op.create_index("ix_track_points_walk_id", "track_points", ["walk_id"])
    op.create_table(
        "sign_in_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("credential", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_sign_in_sessions")),
    )
    op.create_index("ix_sign_in_sessions_expires_at", "sign_in_sessions", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_sessions_expires_at", table_name="sign_in_sessions")
    op.drop_table("sign_in_sessions")
    op.drop_index("ix_track_points_walk_id", table_name="track_points")
    op.drop_table("track_points")
    op.drop_table("stop_fixes")
    with op.batch_alter_table("walk_photos") as batch:
        batch.drop_constraint(op.f("uq_walk_photos_client_ref"), type_="unique")
        batch.drop_column("client_ref")
    with op.batch_alter_table("walk_stops") as batch:
        batch.drop_constraint("uq_walk_stops_client_ref", type_="unique")
        batch.drop_column("client_ref")
