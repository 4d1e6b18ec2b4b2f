"""complaints.possible_level_3: grades in the level-3 risk band are reviewed first

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 08:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a constant default: PostgreSQL adds the column without rewriting the table, online
    with op.batch_alter_table('complaints') as batch:
        batch.add_column(sa.Column('possible_level_3', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('complaints') as batch:
        batch.drop_column('possible_level_3')
