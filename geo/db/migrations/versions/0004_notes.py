"""Design notes that can be taken back, and the crime summary.

Notes get a random public ref, a version, `public_since` (the first history
id the public may see about the note) and `withdrawn_at`; history entries name
their note (`annotation_id`).  Existing notes get refs, and the history's
"#<id>" at the start of each note entry becomes "Note <ref>:", since public
ids counted the partners-only notes in between.  `crime_summary` holds the
offences per month and offence group, summed from the counts already loaded.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-26
"""
import re

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_annotations = sa.table("annotations", sa.column("id"), sa.column("visibility"), sa.column("ref"),
                        sa.column("version"), sa.column("public_since"))
_history = sa.table("history", sa.column("id"), sa.column("field"), sa.column("new"), sa.column("annotation_id"))
_counts = sa.table("crime_counts", sa.column("major"), sa.column("month"), sa.column("count"))
_summary = sa.table("crime_summary", sa.column("month"), sa.column("offence_group"), sa.column("count"))


def upgrade() -> None:
    with op.batch_alter_table("annotations") as batch:
        batch.add_column(sa.Column("ref", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("public_since", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("withdrawn_at", sa.String(length=32), nullable=True))
    with op.batch_alter_table("history") as batch:
        batch.add_column(sa.Column("annotation_id", sa.Integer(), nullable=True))
    op.create_index("ix_history_annotation_id", "history", ["annotation_id"])
    _give_notes_refs(op.get_bind())
    with op.batch_alter_table("annotations") as batch:
        batch.alter_column("ref", existing_type=sa.String(length=16), nullable=False)
        batch.alter_column("version", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint(op.f("uq_annotations_ref"), ["ref"])
    op.create_table(
        "crime_summary",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("offence_group", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "offence_group", name=op.f("pk_crime_summary")),
    )
    _sum_crime_counts(op.get_bind())


def _give_notes_refs(conn) -> None:
    from geo.db.note_store import new_ref

    refs: dict[int, str] = {}
    for note_id, visibility in conn.execute(sa.select(_annotations.c.id, _annotations.c.visibility)):
        ref = new_ref()
        while ref in refs.values():
            ref = new_ref()
        refs[note_id] = ref
        conn.execute(_annotations.update().where(_annotations.c.id == note_id).values(
            ref=ref, version=1, public_since=0 if visibility == "public" else None))
    h = _history
    for entry_id, text in conn.execute(sa.select(h.c.id, h.c.new).where(h.c.field == "annotation")).all():
        found = re.match(r"#(\d+) ", text or "")
        if found and int(found[1]) in refs:
            note_id = int(found[1])
            conn.execute(h.update().where(h.c.id == entry_id).values(
                annotation_id=note_id, new=f"Note {refs[note_id]}: {text[found.end():]}"))


def _sum_crime_counts(conn) -> None:
    from geo.crime.offences import MonthlyTotals

    c = _counts
    sums = conn.execute(sa.select(c.c.major, c.c.month, sa.func.sum(c.c.count)).group_by(c.c.major, c.c.month))
    totals = MonthlyTotals.of((major, "", month, int(n)) for major, month, n in sums)
    cells = [dict(month=m, offence_group=g, count=n) for m, g, n in totals.cells()]
    if cells:
        conn.execute(_summary.insert(), cells)


def downgrade() -> None:
    op.drop_table("crime_summary")
    op.drop_index("ix_history_annotation_id", table_name="history")
    with op.batch_alter_table("history") as batch:
        batch.drop_column("annotation_id")
    with op.batch_alter_table("annotations") as batch:
        batch.drop_constraint(op.f("uq_annotations_ref"), type_="unique")
        batch.drop_column("withdrawn_at")
        batch.drop_column("public_since")
        batch.drop_column("version")
        batch.drop_column("ref")
