"""search words: a GiST trigram index on PostgreSQL (nearest words first, ORDER BY word <-> … LIMIT) instead of GIN, which the planner read whole

Revision ID: 0018_search_words_gist
Revises: 0017_blacklist_index
Create Date: 2026-12-01 20:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018_search_words_gist'
down_revision = '0017_blacklist_index'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_search_words_trgm")
        op.execute("CREATE INDEX ix_search_words_trgm ON search_words USING gist (word gist_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_search_words_trgm")
        op.execute("CREATE INDEX ix_search_words_trgm ON search_words USING gin (word gin_trgm_ops)")
