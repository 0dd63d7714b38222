"""licence history: the system-written English reason of an application is dropped (the step's translated
label says it)

Revision ID: 0013_system_reasons
Revises: 0010b_queue
Create Date: 2026-12-01 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_system_reasons'
down_revision = '0010b_queue'
branch_labels = None
depends_on = None

events = sa.table('licence_events', sa.column('action', sa.String), sa.column('reason', sa.Text))


def upgrade():
    op.execute(events.update().where(events.c.action == 'apply', events.c.reason == 'Application received')
               .values(reason=''))


def downgrade():
    op.execute(events.update().where(events.c.action == 'apply', events.c.reason == '')
               .values(reason='Application received'))
