"""Walkabouts: walks and their routes, stops recorded on a phone (scores, reasons,
findings and what became of them), positions proposed from a phone for a planner to
confirm or reject, and photos re-encoded without metadata (stored as bytes, so every
app instance can serve them).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('walks',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('ref', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('on_date', sa.String(length=10), nullable=False),
    sa.Column('starts', sa.String(length=5), nullable=False),
    sa.Column('phase', sa.String(length=16), nullable=False),
    sa.Column('follows', sa.Text(), nullable=False),
    sa.Column('invited', sa.Text(), nullable=False),
    sa.Column('repeats', sa.Integer(), nullable=True),
    sa.Column('attendance', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['repeats'], ['walks.id'], name=op.f('fk_walks_repeats_walks'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_walks')),
    sa.UniqueConstraint('ref', name=op.f('uq_walks_ref'))
    )
    op.create_table('position_proposals',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('walk_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.String(length=64), nullable=False),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('accuracy_m', sa.Double(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('team', sa.String(length=16), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['sites.site_id'], name=op.f('fk_position_proposals_site_id_sites'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['walk_id'], ['walks.id'], name=op.f('fk_position_proposals_walk_id_walks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_position_proposals'))
    )
    op.create_table('walk_route',
    sa.Column('walk_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.String(length=64), nullable=True),
    sa.Column('lon', sa.Double(), nullable=False),
    sa.Column('lat', sa.Double(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['walk_id'], ['walks.id'], name=op.f('fk_walk_route_walk_id_walks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('walk_id', 'seq', name=op.f('pk_walk_route'))
    )
    op.create_table('walk_stops',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('walk_id', sa.Integer(), nullable=False),
    sa.Column('route_seq', sa.Integer(), nullable=True),
    sa.Column('site_id', sa.String(length=64), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('scores', sa.Text(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('felt_safe', sa.Boolean(), nullable=True),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('positives', sa.Text(), nullable=False),
    sa.Column('priority', sa.String(length=16), nullable=False),
    sa.Column('cpted', sa.Text(), nullable=False),
    sa.Column('finding', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('outcome_ref', sa.String(length=64), nullable=False),
    sa.Column('outcome_reason', sa.Text(), nullable=False),
    sa.Column('team', sa.String(length=16), nullable=False),
    sa.Column('recorded_at', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['walk_id'], ['walks.id'], name=op.f('fk_walk_stops_walk_id_walks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_walk_stops'))
    )
    op.create_index('ix_walk_stops_site_id', 'walk_stops', ['site_id'], unique=False)
    op.create_index('ix_walk_stops_walk_id', 'walk_stops', ['walk_id'], unique=False)
    op.create_table('walk_photos',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('walk_id', sa.Integer(), nullable=False),
    sa.Column('stop_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=16), nullable=False),
    sa.Column('caption', sa.Text(), nullable=False),
    sa.Column('good_feature', sa.Boolean(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['stop_id'], ['walk_stops.id'], name=op.f('fk_walk_photos_stop_id_walk_stops'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['walk_id'], ['walks.id'], name=op.f('fk_walk_photos_walk_id_walks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_walk_photos')),
    sa.UniqueConstraint('ref', name=op.f('uq_walk_photos_ref'))
    )
    op.create_index('ix_walk_photos_walk_id', 'walk_photos', ['walk_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_walk_photos_walk_id', table_name='walk_photos')
    op.drop_table('walk_photos')
    op.drop_index('ix_walk_stops_walk_id', table_name='walk_stops')
    op.drop_index('ix_walk_stops_site_id', table_name='walk_stops')
    op.drop_table('walk_stops')
    op.drop_table('walk_route')
    op.drop_table('position_proposals')
    op.drop_table('walks')
