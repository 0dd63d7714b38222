"""the officials' desk counts and dates what waits on indexes: cases not assigned (oldest first), escalations by
supervisor

Revision ID: 0020_waiting_index
Revises: 0019_link_keys
Create Date: 2026-12-01 22:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_waiting_index'
down_revision = '0019_link_keys'
branch_labels = None
depends_on = None


def upgrade():
    # open cases not assigned, by the day they were filed: a partial index, its conditions written as the queries
    # write them on each database (PostgreSQL walks no composite index on (done, assigned_to_id, filed_at) in
    # filed_at's order for "done IS false AND assigned_to_id IS NULL")
    op.create_index('ix_grievances_waiting', 'grievances', ['filed_at'], unique=False,
                    sqlite_where=sa.text('done IS 0 AND assigned_to_id IS NULL'),
                    postgresql_where=sa.text('done IS false AND assigned_to_id IS NULL'))
    op.create_index('ix_grievance_escalations_supervisor_id', 'grievance_escalations', ['supervisor_id'], unique=False)


def downgrade():
    op.drop_index('ix_grievance_escalations_supervisor_id', table_name='grievance_escalations')
    op.drop_index('ix_grievances_waiting', table_name='grievances')
