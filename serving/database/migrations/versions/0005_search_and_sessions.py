"""complainants searchable by phone, account and name; server-side page sessions; assignees

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 11:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ('name', 'contact', 'account'):
        op.create_index(f'ix_complainants_{column}', 'complainants', [column])
    op.create_table('web_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['key_id'], ['api_keys.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_index('ix_web_sessions_key_id', 'web_sessions', ['key_id'])
    with op.batch_alter_table('complaints') as batch:
        batch.add_column(sa.Column('assignee_id', sa.String(length=16), nullable=True))
        batch.create_foreign_key('fk_complaints_assignee_id_people', 'people', ['assignee_id'], ['id'],
                                 ondelete='RESTRICT')
    op.create_index('ix_complaints_assignee_id', 'complaints', ['assignee_id'])


def downgrade() -> None:
    op.drop_index('ix_complaints_assignee_id', table_name='complaints')
    with op.batch_alter_table('complaints') as batch:
        batch.drop_constraint('fk_complaints_assignee_id_people', type_='foreignkey')
        batch.drop_column('assignee_id')
    op.drop_index('ix_web_sessions_key_id', table_name='web_sessions')
    op.drop_table('web_sessions')
    for column in ('name', 'contact', 'account'):
        op.drop_index(f'ix_complainants_{column}', table_name='complainants')
