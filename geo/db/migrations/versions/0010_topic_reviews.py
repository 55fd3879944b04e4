"""Lighting and fencing are kept like gating: each site's review of a topic (geo.records.TOPIC_REVIEW),
its fields as JSON keyed by their names.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "topic_reviews",
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=16), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.site_id"], name=op.f("fk_topic_reviews_site_id_sites"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("site_id", "topic", name=op.f("pk_topic_reviews")),
    )


def downgrade() -> None:
    op.drop_table("topic_reviews")
