"""officials' other lists on indexes: the applications queue's stored sort key (licences.waiting_since, and
agencies.review_flagged_at it is made from), the contracts desk's keyset indexes, and audit_checks (the
scheduled verifications of the audit chain)

Revision ID: 0022_desk_lists
Revises: 0021_search_words_gin
Create Date: 2026-12-01 22:05:00

Plain ADD COLUMN (no batch rebuild: on SQLite a rebuild of `agencies` would drop the search triggers); the
sort key of what already waits is computed as the queue computed it (a flag's moment: the agency's updated_at).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022_desk_lists'
down_revision = '0021_search_words_gin'
branch_labels = None
depends_on = None

CONTRACT_INDEXES = {
    'ix_contracts_desk': ['updated_at', 'id'],
    'ix_contracts_desk_status': ['status', 'updated_at', 'id'],
    'ix_contracts_desk_agency': ['origin_agency_id', 'updated_at', 'id'],
    'ix_contracts_desk_destination': ['destination_country', 'updated_at', 'id'],
}

# As registry.services.applications computed "waiting since" in Python before this revision.
BACKFILL = """
UPDATE licences SET waiting_since = (
  SELECT MIN(moment) FROM (
    SELECT (SELECT e.at FROM licence_events e WHERE e.licence_id = licences.id ORDER BY e.id LIMIT 1) AS moment
      WHERE licences.status IN ('application', 'under_review')
    UNION ALL SELECT (SELECT a.created_at FROM agencies a WHERE a.id = licences.agency_id)
      WHERE licences.status IN ('application', 'under_review')
        AND NOT EXISTS (SELECT 1 FROM licence_events e WHERE e.licence_id = licences.id)
    UNION ALL SELECT licences.renewal_requested_at
    UNION ALL SELECT a.review_flagged_at FROM agencies a WHERE a.id = licences.agency_id
  ) AS moments
)
WHERE licences.status IN ('application', 'under_review') OR licences.renewal_requested_at IS NOT NULL
   OR licences.agency_id IN (SELECT id FROM agencies WHERE review_flag)
"""


def upgrade():
    op.add_column('agencies', sa.Column('review_flagged_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('licences', sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE agencies SET review_flagged_at = updated_at WHERE review_flag")
    op.execute(BACKFILL)
    op.create_index('ix_licences_waiting', 'licences', ['waiting_since', 'agency_id'])
    for name, columns in CONTRACT_INDEXES.items():
        op.create_index(name, 'contracts', columns)
    op.create_table(
        'audit_checks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('entries', sa.Integer(), nullable=False),
        sa.Column('head', sa.String(length=64), nullable=False),
        sa.Column('broken_at', sa.Integer(), nullable=True),
        sa.Column('problem', sa.Text(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'],
                                name=op.f('fk_audit_checks_requested_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checks')),
    )
    op.create_index(op.f('ix_audit_checks_checked_at'), 'audit_checks', ['checked_at'])


def downgrade():
    op.drop_index(op.f('ix_audit_checks_checked_at'), table_name='audit_checks')
    op.drop_table('audit_checks')
    for name in CONTRACT_INDEXES:
        op.drop_index(name, table_name='contracts')
    op.drop_index('ix_licences_waiting', table_name='licences')
    # Plain DROP COLUMN (SQLite 3.35+ drops in place, so the search triggers on agencies stay).
    op.drop_column('licences', 'waiting_since')
    op.drop_column('agencies', 'review_flagged_at')
