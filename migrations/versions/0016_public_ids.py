"""public ids: every row that appears in an address gets an opaque random id, unique and indexed

Revision ID: 0016_public_ids
Revises: 0015_clause_counts
Create Date: 2026-12-01 19:10:00

Plain ADD COLUMN with an empty default (no batch rebuild: on SQLite a rebuild of `agencies` would drop
the search triggers), every existing row given its own random id, then the unique index; on PostgreSQL
the temporary default is dropped again.
"""
import secrets
import string

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_public_ids'
down_revision = '0015_clause_counts'
branch_labels = None
depends_on = None

TABLES = ('users', 'agencies', 'agency_people', 'guarantees', 'agency_documents', 'foreign_parties',
          'deployment_bans', 'contract_templates', 'contract_template_versions', 'contracts',
          'grievance_evidence')
BATCH = 1000


def new_public_id():
    """As portal.database.new_public_id (migrations import no app code): 16 letters and digits."""
    alphabet = string.ascii_letters + string.digits
    return ''.join(secrets.choice(alphabet) for _ in range(16))


def backfill(conn, name):
    rows = sa.table(name, sa.column('id', sa.Integer), sa.column('public_id', sa.String))
    ids = conn.execute(sa.select(rows.c.id)).scalars().all()
    update = rows.update().where(rows.c.id == sa.bindparam('row_id')).values(public_id=sa.bindparam('value'))
    for start in range(0, len(ids), BATCH):
        conn.execute(update, [{'row_id': i, 'value': new_public_id()} for i in ids[start:start + BATCH]])


def upgrade():
    conn = op.get_bind()
    for name in TABLES:
        op.add_column(name, sa.Column('public_id', sa.String(length=24), nullable=False, server_default=''))
        backfill(conn, name)
        op.create_index(op.f(f'ix_{name}_public_id'), name, ['public_id'], unique=True)
        if conn.dialect.name != 'sqlite':
            op.alter_column(name, 'public_id', server_default=None)


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+ drops in place, so the search triggers on agencies stay).
    for name in reversed(TABLES):
        op.drop_index(op.f(f'ix_{name}_public_id'), table_name=name)
        op.drop_column(name, 'public_id')
