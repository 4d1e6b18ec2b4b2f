"""complaints.repeat_of: the complaint a new one repeats, found at intake

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 13:05:00

The column is added without a default (no table rewrite on PostgreSQL); the stored
complaints are then linked to their complainant's previous complaint (same phone or
account) by one UPDATE over a window, so the figures count repeats as the intake will.
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE complaints SET repeat_of = earlier.previous
FROM (
    SELECT complaint_id, max(previous) AS previous FROM (
        SELECT m.complaint_id,
               lag(m.complaint_id) OVER (PARTITION BY m.{column} ORDER BY c.received_at, c.id) AS previous
        FROM complainants AS m JOIN complaints AS c ON c.id = m.complaint_id
        WHERE m.{column} IS NOT NULL
    ) AS linked WHERE previous IS NOT NULL GROUP BY complaint_id
) AS earlier
WHERE complaints.id = earlier.complaint_id AND complaints.repeat_of IS NULL
"""


def upgrade() -> None:
    with op.batch_alter_table('complaints') as batch:
        batch.add_column(sa.Column('repeat_of', sa.String(length=32), nullable=True))
    for column in ("contact", "account"):
        op.execute(BACKFILL.format(column=column))


def downgrade() -> None:
    with op.batch_alter_table('complaints') as batch:
        batch.drop_column('repeat_of')
