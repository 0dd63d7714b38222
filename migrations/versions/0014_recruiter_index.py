"""the officials' queue filters by an unregistered recruiter's name on an index the database keeps (FTS5 trigram on SQLite, pg_trgm on PostgreSQL)

Revision ID: 0014_recruiter_index
Revises: 0012_registry_integrity
Create Date: 2026-12-01 19:00:00

"""
from alembic import op

from grievances import recruiter_index

# revision identifiers, used by Alembic.
revision = '0014_recruiter_index'
down_revision = '0012_registry_integrity'
branch_labels = None
depends_on = None


def upgrade():
    # kept by the database (triggers, an expression index); the cases already there are indexed too
    for statement in recruiter_index.INDEX.statements(op.get_bind().dialect.name, fill=True):
        op.execute(statement)


def downgrade():
    for statement in recruiter_index.INDEX.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
