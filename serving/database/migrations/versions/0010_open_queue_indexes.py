"""complaints: partial indexes for the queue's first page (open work in its order)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 14:45:00

The queue lists open complaints (received, routed, in_progress) by level, the possible
level 3 first, then the next deadline. At ten million complaints the first page sorted
136,000 open rows (0.7 s; benchmarks/bench_store.py); these indexes hold the open rows in
that order, for everyone and per lead department. On PostgreSQL they are built
CONCURRENTLY, so the migration runs while the service writes.
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

OPEN = "status IN ('received', 'routed', 'in_progress')"
ORDER = [sa.text("level DESC"), sa.text("possible_level_3 DESC"), sa.text("next_due ASC NULLS LAST"), sa.text("id")]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # the embedded store (SQLite) is small, and its indexes know no NULLS LAST
    where = sa.text(OPEN)
    with op.get_context().autocommit_block():
        op.create_index('ix_complaints_open_queue', 'complaints', ORDER, postgresql_concurrently=True,
                        postgresql_where=where)
        op.create_index('ix_complaints_open_department', 'complaints', [sa.text("lead_department"), *ORDER],
                        postgresql_concurrently=True, postgresql_where=where)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index('ix_complaints_open_department', table_name='complaints')
    op.drop_index('ix_complaints_open_queue', table_name='complaints')
