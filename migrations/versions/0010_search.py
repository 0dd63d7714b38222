"""search on the database's own index: trigram index of agency names, their words, compact numbers

Revision ID: 0010_search
Revises: 0011_sessions
Create Date: 2026-12-01 16:10:00

"""
from alembic import op
import sqlalchemy as sa

from registry import search_index

# revision identifiers, used by Alembic.
revision = '0010_search'
down_revision = '0011_sessions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_words',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_words')),
    sa.UniqueConstraint('word', name=op.f('uq_search_words_word'))
    )
    # the index is kept by the database (triggers, expression indexes); the rows already there are indexed too
    for statement in search_index.INDEX.statements(op.get_bind().dialect.name, fill=True):
        op.execute(statement)


def downgrade():
    for statement in search_index.INDEX.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table('search_words')
