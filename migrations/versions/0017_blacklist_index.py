"""the public blacklist search on the database's own index: foreign parties' normalised names indexed by trigram
(FTS5 on SQLite, pg_trgm on PostgreSQL), their words in a trigram-indexed table, the list by status and name

Revision ID: 0017_blacklist_index
Revises: 0016_public_ids
Create Date: 2026-12-01 20:10:00

Plain ADD COLUMN and new tables and indexes (no batch rebuild); the names already there are normalised and indexed.
"""
import unicodedata

from alembic import op
import sqlalchemy as sa

from registry import foreign_index

# revision identifiers, used by Alembic.
revision = '0017_blacklist_index'
down_revision = '0016_public_ids'
branch_labels = None
depends_on = None
BATCH = 1000


def normalise(text):
    """As registry.services.names.normalise (migrations import no app services): lower case, no accents or
    punctuation, single spaces."""
    decomposed = unicodedata.normalize('NFKD', text or '')
    plain = ''.join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return ' '.join(''.join(c if c.isalnum() else ' ' for c in plain).split())[:200].rstrip()


def backfill(conn):
    parties = sa.table('foreign_parties', sa.column('id', sa.Integer), sa.column('name', sa.String),
                       sa.column('search_name', sa.String))
    rows = conn.execute(sa.select(parties.c.id, parties.c.name)).all()
    update = parties.update().where(parties.c.id == sa.bindparam('row_id')).values(search_name=sa.bindparam('value'))
    for start in range(0, len(rows), BATCH):
        conn.execute(update, [{'row_id': i, 'value': normalise(name)} for i, name in rows[start:start + BATCH]])


def upgrade():
    conn = op.get_bind()
    op.add_column('foreign_parties', sa.Column('search_name', sa.String(length=200), nullable=False,
                                               server_default=''))
    backfill(conn)
    if conn.dialect.name != 'sqlite':
        op.alter_column('foreign_parties', 'search_name', server_default=None)
    op.create_index('ix_foreign_parties_watchlist_name', 'foreign_parties', ['watchlist_status', 'name'])
    op.create_table('foreign_party_words',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_foreign_party_words')),
    sa.UniqueConstraint('word', name=op.f('uq_foreign_party_words_word'))
    )
    # kept by the database (triggers, a trigram index); the parties already there are indexed too
    for statement in foreign_index.INDEX.statements(conn.dialect.name, fill=True):
        op.execute(statement)


def downgrade():
    for statement in foreign_index.INDEX.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table('foreign_party_words')
    op.drop_index('ix_foreign_parties_watchlist_name', table_name='foreign_parties')
    op.drop_column('foreign_parties', 'search_name')
