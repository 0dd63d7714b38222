"""users: a session version (raised to end every session of an account) and when the password changed

Revision ID: 0011_sessions
Revises: 0003
Create Date: 2026-12-01 16:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_sessions'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('password_changed_at')
        batch_op.drop_column('session_version')
