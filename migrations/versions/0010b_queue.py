"""the public list walks an index of names; the case queue walks a stored sort key; agencies carry a public version (cache key)

Revision ID: 0010b_queue
Revises: 0009_security
Create Date: 2026-12-01 16:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010b_queue'
down_revision = '0009_security'
branch_labels = None
depends_on = None


QUEUE_INDEXES = {
    'ix_grievances_queue': ['done', 'next_due_at', 'id'],
    'ix_grievances_urgent_queue': ['urgent', 'done', 'next_due_at', 'id'],
    'ix_grievances_agency_queue': ['agency_id', 'done', 'next_due_at', 'id'],
    'ix_grievances_destination_queue': ['destination_country', 'done', 'next_due_at', 'id'],
}


def upgrade():
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agencies_legal_name'), ['legal_name'], unique=False)
    # plain ADD COLUMN (no table rebuild), so that the search index's triggers on agencies stay
    op.add_column('agencies', sa.Column('public_version', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('grievances', sa.Column('done', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('grievances', sa.Column('next_due_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE grievances SET "
               "done = status NOT IN ('received', 'acknowledged', 'investigating', 'referred'), "
               "next_due_at = CASE WHEN status = 'received' THEN acknowledge_due_at ELSE resolve_due_at END")
    for name, columns in QUEUE_INDEXES.items():
        op.create_index(name, 'grievances', columns, unique=False)


def downgrade():
    for name in QUEUE_INDEXES:
        op.drop_index(name, table_name='grievances')
    with op.batch_alter_table('grievances', schema=None) as batch_op:
        batch_op.drop_column('next_due_at')
        batch_op.drop_column('done')
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agencies_legal_name'))
    op.drop_column('agencies', 'public_version')
