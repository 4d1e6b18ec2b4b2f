"""assists_owed: the answers each department owes, as rows; the open queue's index carries the lead department

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 16:45:00

A department's queue with what it is copied on (``copied=true``) tested each open
complaint's decision JSON for the department: 3.2 s at ten million complaints
(benchmarks/bench_store.py). A join of the owed clocks with the copied departments still
took 0.2 s: PostgreSQL could not tell how few intake clocks are still owed. The answers
owed are now rows, kept by the clocks in the transaction that moves them; the queue tests
a complaint's by its key. The open queue's index also carries the lead
department, so a department's page (what it leads, or owes) is found in queue order from
the index alone.

The rows come from the clocks still owed (thousands: open work) in one statement, which
reads the deadlines table once. The
index is built CONCURRENTLY under a new name, the old one dropped CONCURRENTLY and the new
one renamed: writes go on throughout.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

STILL_OWED = "d.kind = 'department_assist' AND d.met_at IS NULL AND d.state <> 'waived'"
COPIED = {"postgresql": "jsonb_array_elements_text(c.decision -> 'cc_departments') AS e(value)",
          "sqlite": "json_each(c.decision, '$.cc_departments') AS e"}
OPEN = "status IN ('received', 'routed', 'in_progress')"
ORDER = "level DESC, possible_level_3 DESC, next_due ASC NULLS LAST, id"


def upgrade() -> None:
    op.create_table(
        'assists_owed',
        sa.Column('department', sa.String(length=32), nullable=False),
        sa.Column('complaint_id', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('department', 'complaint_id'),
    )
    op.create_index('ix_assists_owed_complaint_id', 'assists_owed', ['complaint_id'])
    bind = op.get_bind()
    op.execute(f"""INSERT INTO assists_owed (department, complaint_id)
                   SELECT d.department, d.complaint_id FROM deadlines AS d
                   WHERE {STILL_OWED} AND d.department IS NOT NULL
                   UNION
                   SELECT e.value, c.id FROM deadlines AS d JOIN complaints AS c ON c.id = d.complaint_id,
                                             {COPIED[bind.dialect.name]}
                   WHERE {STILL_OWED} AND d.department IS NULL""")
    if bind.dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.execute(f"CREATE INDEX CONCURRENTLY ix_complaints_open_queue_new ON complaints ({ORDER}) "
                       f"INCLUDE (lead_department) WHERE {OPEN}")
            op.execute("DROP INDEX CONCURRENTLY ix_complaints_open_queue")
            op.execute("ALTER INDEX ix_complaints_open_queue_new RENAME TO ix_complaints_open_queue")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        with op.get_context().autocommit_block():
            op.execute(f"CREATE INDEX CONCURRENTLY ix_complaints_open_queue_old ON complaints ({ORDER}) WHERE {OPEN}")
            op.execute("DROP INDEX CONCURRENTLY ix_complaints_open_queue")
            op.execute("ALTER INDEX ix_complaints_open_queue_old RENAME TO ix_complaints_open_queue")
    op.drop_index('ix_assists_owed_complaint_id', table_name='assists_owed')
    op.drop_table('assists_owed')
