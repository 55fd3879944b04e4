"""Partner teams: the teams that lead the action plan's commitments, which teams lead which
commitment, each account's team, and each commitment's earlier
target dates (a moved target shows as a slip); a progress entry may be partners-only and carry a
photo as evidence.  The history's team column is widened to take a team's id.
The rows themselves are seeded from data/teams.json at start (geo.db.seed), like the plan.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("does", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("web", sa.Text(), nullable=False),
        sa.Column("hours", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
    )
    op.create_table(
        "commitment_leads",
        sa.Column("commitment_id", sa.String(length=16), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments.id"], ondelete="CASCADE",
                                name=op.f("fk_commitment_leads_commitment_id_commitments")),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_commitment_leads_team_id_teams")),
        sa.PrimaryKeyConstraint("commitment_id", "team_id", name=op.f("pk_commitment_leads")),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("team", sa.String(length=32), nullable=True))
    with op.batch_alter_table("history") as batch:
        batch.alter_column("team", type_=sa.String(length=32), existing_type=sa.String(length=16),
                           existing_nullable=True)
    with op.batch_alter_table("commitments") as batch:
        batch.add_column(sa.Column("target_history", sa.Text(), nullable=False, server_default="[]"))
    with op.batch_alter_table("progress_entries") as batch:
        batch.add_column(sa.Column("visibility", sa.String(length=16), nullable=False, server_default="public"))
        batch.add_column(sa.Column("evidence_ref", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("evidence", sa.LargeBinary(), nullable=True))
        batch.create_unique_constraint(op.f("uq_progress_entries_evidence_ref"), ["evidence_ref"])


def downgrade() -> None:
    with op.batch_alter_table("progress_entries") as batch:
        batch.drop_constraint(op.f("uq_progress_entries_evidence_ref"), type_="unique")
        batch.drop_column("evidence")
        batch.drop_column("evidence_ref")
        batch.drop_column("visibility")
    with op.batch_alter_table("commitments") as batch:
        batch.drop_column("target_history")
    with op.batch_alter_table("history") as batch:
        batch.alter_column("team", type_=sa.String(length=16), existing_type=sa.String(length=32),
                           existing_nullable=True)
    with op.batch_alter_table("users") as batch:
        batch.drop_column("team")
    op.drop_table("commitment_leads")
    op.drop_table("teams")
