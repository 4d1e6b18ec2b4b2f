"""deadlines: a partial index on the department_assist clocks still owed

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 15:30:00

A department's queue with what it is copied on (``copied=true``) looks up the assist
clocks that still wait for an answer. At ten million complaints (27.6 million clocks) the
test per queued complaint took 3.2 s (benchmarks/bench_store.py); the few thousand clocks
still owed are found here by department (NULL: owed by every copied department). Built
CONCURRENTLY on PostgreSQL, so the migration runs while the service writes.
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

STILL_OWED = "kind = 'department_assist' AND met_at IS NULL AND state <> 'waived'"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # the embedded store (SQLite) is small: the complaint index serves it
    with op.get_context().autocommit_block():
        op.create_index('ix_deadlines_assist_owed', 'deadlines', ['department', 'complaint_id'],
                        postgresql_concurrently=True, postgresql_where=sa.text(STILL_OWED))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index('ix_deadlines_assist_owed', table_name='deadlines')
