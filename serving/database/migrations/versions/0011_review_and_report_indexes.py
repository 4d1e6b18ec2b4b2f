"""complaints and deadlines: partial indexes for a person's queue, the review count and the summary's clocks

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 15:45:00

Measured with benchmarks/bench_store.py:

- a person's own queue (``mine``) walked the open complaints in queue order, reading each
  from the table to find the few held by that person; they are now indexed per holder in
  the queue's order, as 0010 does per department.
- the queue page counts the open complaints still to review; it read every open complaint
  from the table (0.4 s at a million complaints with 127,000 open). The few awaiting review
  are now an index of their own.
- the leadership summary joins the period's complaints with their resolve clocks; without
  an index holding those clocks' due times it read the whole deadlines table (27.6 million
  rows at ten million complaints) for a month of them.

Built CONCURRENTLY on PostgreSQL, so the migration runs while the service writes.
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

OPEN = "status IN ('received', 'routed', 'in_progress')"
ORDER = [sa.text("level DESC"), sa.text("possible_level_3 DESC"), sa.text("next_due ASC NULLS LAST"), sa.text("id")]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # the embedded store (SQLite) is small
    with op.get_context().autocommit_block():
        op.create_index('ix_complaints_open_assignee', 'complaints', [sa.text("assignee_id"), *ORDER],
                        postgresql_concurrently=True, postgresql_where=sa.text(f"{OPEN} AND assignee_id IS NOT NULL"))
        op.create_index('ix_complaints_open_to_review', 'complaints', ['level'], postgresql_concurrently=True,
                        postgresql_where=sa.text(f"{OPEN} AND needs_review IS true AND reviewed IS false"))
        op.create_index('ix_deadlines_resolve_due', 'deadlines', ['complaint_id'], postgresql_concurrently=True,
                        postgresql_include=['original_due_at', 'due_at', 'extensions'],
                        postgresql_where=sa.text("kind = 'resolve'"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index('ix_deadlines_resolve_due', table_name='deadlines')
    op.drop_index('ix_complaints_open_to_review', table_name='complaints')
    op.drop_index('ix_complaints_open_assignee', table_name='complaints')
