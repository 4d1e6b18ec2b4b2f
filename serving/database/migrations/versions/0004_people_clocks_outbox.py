"""people, a clock per deadline, the notification outbox, the complainant's ticket number

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('people',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('department', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_people_department', 'people', ['department'])
    with op.batch_alter_table('api_keys') as batch:
        batch.add_column(sa.Column('person_id', sa.String(length=16), nullable=True))
        batch.create_foreign_key('fk_api_keys_person_id_people', 'people', ['person_id'], ['id'],
                                 ondelete='RESTRICT')
    with op.batch_alter_table('complaints') as batch:
        batch.add_column(sa.Column('ticket_no', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('survey_method', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('result_text', sa.Text(), nullable=True))
        batch.add_column(sa.Column('next_due', sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint('uq_complaints_ticket_no', ['ticket_no'])
    op.create_index('ix_complaints_next_due', 'complaints', ['next_due'])

    op.create_table('deadlines',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('complaint_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('department', sa.String(length=32), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('original_due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('met_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('breached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('extensions', sa.Integer(), nullable=False),
    sa.Column('provisional', sa.Boolean(), nullable=False),
    sa.Column('steps_done', sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('next_check_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('complaint_id', 'kind', name='uq_deadlines_complaint_kind')
    )
    op.create_index('ix_deadlines_complaint_id', 'deadlines', ['complaint_id'])
    # the worker's sweep reads only clocks with something ahead of them
    op.create_index('ix_deadlines_next_check', 'deadlines', ['next_check_at'],
                    postgresql_where=sa.text('next_check_at IS NOT NULL'),
                    sqlite_where=sa.text('next_check_at IS NOT NULL'))

    op.create_table('notifications',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('complaint_id', sa.String(length=32), nullable=True),
    sa.Column('event', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('person_id', sa.String(length=16), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_notifications_complaint_id', 'notifications', ['complaint_id'])
    op.create_index('ix_notifications_person_id', 'notifications', ['person_id'])
    op.create_index('ix_notifications_due', 'notifications', ['state', 'next_attempt_at'])

    # open complaints stored before clocks existed get theirs; the worker's first sweep
    # looks at each (next_check_at = now) and applies the ladder from there
    empty = "'[]'::jsonb" if op.get_bind().dialect.name == "postgresql" else "'[]'"
    for kind, column in (("respond", "respond_due"), ("plan", "plan_due"), ("resolve", "resolve_due")):
        op.execute(f"""INSERT INTO deadlines (complaint_id, kind, due_at, original_due_at, state, extensions,
                                              provisional, steps_done, next_check_at)
                       SELECT id, '{kind}', {column}, {column}, 'pending', 0, false, {empty}, CURRENT_TIMESTAMP
                       FROM complaints WHERE {column} IS NOT NULL
                         AND status IN ('received', 'routed', 'in_progress')""")
    op.execute("""UPDATE complaints SET next_due = (SELECT MIN(due_at) FROM deadlines
                                                    WHERE deadlines.complaint_id = complaints.id)
                  WHERE status IN ('received', 'routed', 'in_progress')""")


def downgrade() -> None:
    op.drop_table('notifications')
    op.drop_table('deadlines')
    op.drop_index('ix_complaints_next_due', table_name='complaints')
    with op.batch_alter_table('complaints') as batch:
        batch.drop_constraint('uq_complaints_ticket_no', type_='unique')
        for column in ('next_due', 'result_text', 'survey_method', 'ticket_no'):
            batch.drop_column(column)
    with op.batch_alter_table('api_keys') as batch:
        batch.drop_constraint('fk_api_keys_person_id_people', type_='foreignkey')
        batch.drop_column('person_id')
    op.drop_index('ix_people_department', table_name='people')
    op.drop_table('people')
