"""the officials' desk counts and dates what waits on indexes: cases not assigned (oldest first), escalations by
supervisor

Revision ID: 0020_waiting_index
Revises: 0019_link_keys
Create Date: 2026-12-01 22:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0020_waiting_index'
down_revision = '0019_link_keys'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_grievances_waiting', 'grievances', ['done', 'assigned_to_id', 'filed_at'], unique=False)
    op.create_index('ix_grievance_escalations_supervisor_id', 'grievance_escalations', ['supervisor_id'], unique=False)


def downgrade():
    op.drop_index('ix_grievance_escalations_supervisor_id', table_name='grievance_escalations')
    op.drop_index('ix_grievances_waiting', table_name='grievances')
