"""security: idempotency keys of grievance filings (kept hashed), so a retry returns the first filing

Revision ID: 0009_security
Revises: 0011b_two_factor
Create Date: 2026-12-01 16:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_security'
down_revision = '0011b_two_factor'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('grievance_filing_keys',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('grievance_id', sa.Integer(), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['grievance_id'], ['grievances.id'], name=op.f('fk_grievance_filing_keys_grievance_id_grievances'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_grievance_filing_keys'))
    )
    with op.batch_alter_table('grievance_filing_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grievance_filing_keys_grievance_id'), ['grievance_id'], unique=False)


def downgrade():
    with op.batch_alter_table('grievance_filing_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grievance_filing_keys_grievance_id'))
    op.drop_table('grievance_filing_keys')
