"""supervision reports (监督举报)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 11:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('supervision_reports',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('reference_no', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('text_masked', sa.Text(), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('reporter_contact', sa.String(length=128), nullable=True),
    sa.Column('ticket_no', sa.String(length=16), nullable=True),
    sa.Column('subject_person_id', sa.String(length=16), nullable=True),
    sa.Column('subject_department', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('conclusion', sa.Text(), nullable=True),
    sa.Column('concluded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('feedback_due', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['subject_person_id'], ['people.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference_no')
    )
    op.create_index('ix_supervision_reports_status', 'supervision_reports', ['status'])


def downgrade() -> None:
    op.drop_index('ix_supervision_reports_status', table_name='supervision_reports')
    op.drop_table('supervision_reports')
