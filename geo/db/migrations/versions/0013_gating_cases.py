"""Gating cases: one per gate, moving through the statutory stages (geo.gating.stages), with their
consultations and representations.  Each site's free-text gating review becomes its first case, every
word kept (geo.gating.legacy); the old reviews stay in gating_reviews, untouched.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gating_cases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("gate", sa.String(length=100), nullable=False),
        sa.Column("stands_at", sa.Text(), nullable=False),
        sa.Column("closes", sa.Text(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.site_id"], name=op.f("fk_gating_cases_site_id_sites"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gating_cases")),
    )
    op.create_table(
        "gating_consultations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("consultee", sa.String(length=16), nullable=False),
        sa.Column("addresses", sa.Integer(), nullable=False),
        sa.Column("consulted_on", sa.String(length=10), nullable=False),
        sa.Column("which", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["gating_cases.id"], ondelete="CASCADE",
                                name=op.f("fk_gating_consultations_case_id_gating_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gating_consultations")),
    )
    op.create_table(
        "gating_representations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("received_on", sa.String(length=10), nullable=False),
        sa.Column("gist", sa.Text(), nullable=False),
        sa.Column("considered", sa.Text(), nullable=False),
        sa.Column("made_by", sa.String(length=100), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["gating_cases.id"], ondelete="CASCADE",
                                name=op.f("fk_gating_representations_case_id_gating_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gating_representations")),
    )
    op.create_table(
        "gating_notice_photos",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["gating_cases.id"], ondelete="CASCADE",
                                name=op.f("fk_gating_notice_photos_case_id_gating_cases")),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_gating_notice_photos")),
    )
    _cases_from_reviews(op.get_bind())


def _cases_from_reviews(conn) -> None:
    """A first case for each site with a free-text review or a gating status at work (geo.gating.legacy)."""
    from geo.gating.legacy import REVIEW_LABELS, first_case, wants_case

    names = [name for name, _ in REVIEW_LABELS]
    sites = sa.table("sites", sa.column("site_id"), sa.column("name"), sa.column("seq"))
    topics = sa.table("site_topics", sa.column("site_id"), sa.column("topic"), sa.column("status"),
                      sa.column("detail"))
    reviews = sa.table("gating_reviews", sa.column("site_id"), *(sa.column(n) for n in names))
    cases = sa.table("gating_cases", *(sa.column(c) for c in (
        "site_id", "gate", "stands_at", "closes", "stage", "items", "version")))
    found = {r.site_id: dict(r._mapping) for r in conn.execute(sa.select(reviews))}
    query = (sa.select(sites.c.site_id, sites.c.name, topics.c.status, topics.c.detail)
             .join(topics, (topics.c.site_id == sites.c.site_id) & (topics.c.topic == "gating"))
             .order_by(sites.c.seq))
    for site_id, name, status, detail in conn.execute(query):
        review = {k: v or "" for k, v in found.get(site_id, {}).items() if k in names}
        if wants_case(status, review):
            case = first_case(name, detail, review)
            conn.execute(cases.insert().values(site_id=site_id, version=1, **{**case, "items": json.dumps(case["items"])}))


def downgrade() -> None:
    op.drop_table("gating_notice_photos")
    op.drop_table("gating_representations")
    op.drop_table("gating_consultations")
    op.drop_table("gating_cases")
