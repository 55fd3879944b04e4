"""Review meetings of the action plan: each meeting, open until published, and each commitment
it went through with a note and the next review date.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("held_on", sa.String(length=10), nullable=False),
        sa.Column("published_at", sa.String(length=32), nullable=True),
        sa.Column("summary", sa.Text(), server_default="", nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("held_on", name=op.f("uq_reviews_held_on")),
    )
    op.create_table(
        "review_items",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("next_review", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], ondelete="CASCADE",
                                name=op.f("fk_review_items_review_id_reviews")),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitments.id"], ondelete="CASCADE",
                                name=op.f("fk_review_items_commitment_id_commitments")),
        sa.PrimaryKeyConstraint("review_id", "commitment_id", name=op.f("pk_review_items")),
    )


def downgrade() -> None:
    op.drop_table("review_items")
    op.drop_table("reviews")
