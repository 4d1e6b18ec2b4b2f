"""complaints: the improvement a complaint suggests, and its adoption

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 13:00:00

Nullable columns without defaults: PostgreSQL adds them without rewriting the table, so
the migration runs online on a large store.
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaints') as batch:
        batch.add_column(sa.Column('improvement', sa.Text(), nullable=True))
        batch.add_column(sa.Column('improvement_by', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('improvement_adopted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('complaints') as batch:
        batch.drop_column('improvement_adopted_at')
        batch.drop_column('improvement_by')
        batch.drop_column('improvement')
