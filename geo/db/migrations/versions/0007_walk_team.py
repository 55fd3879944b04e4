"""Each walk keeps the team that planned it (its organiser): Open311 names it as the
agency responsible for a finding that did not become part of the action plan.
Walks planned before this revision take the team their 'walk_planned' history entry
names, or Community Safety, who lead walks.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("walks") as batch:
        batch.add_column(sa.Column("team", sa.String(length=16), nullable=False, server_default="community_safety"))
    conn = op.get_bind()
    walks = sa.table("walks", sa.column("id"), sa.column("ref"), sa.column("team"))
    history = sa.table("history", sa.column("field"), sa.column("new"), sa.column("team"))
    for walk_id, ref in conn.execute(sa.select(walks.c.id, walks.c.ref)).all():
        team = conn.execute(sa.select(history.c.team).where(
            history.c.field == "walk_planned", history.c.new.like(f"Walk {ref}:%"),
            history.c.team.is_not(None)).limit(1)).scalar()
        if team:
            conn.execute(sa.update(walks).where(walks.c.id == walk_id).values(team=team))


def downgrade() -> None:
    with op.batch_alter_table("walks") as batch:
        batch.drop_column("team")
