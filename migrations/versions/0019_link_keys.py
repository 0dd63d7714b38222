"""phoenix-firm matching on an index: what agencies share (registration number, phones, e-mails, address, people's
ID numbers and the words of their names) normalised in agency_keys, indexed by (kind, key); people's name words
also by trigram (FTS5 on SQLite, pg_trgm on PostgreSQL)

Revision ID: 0019_link_keys
Revises: 0018_search_words_gist
Create Date: 2026-12-01 20:15:00

A new table and indexes (no batch rebuild of agencies); the agencies already there get their keys.
"""
import re
import unicodedata

import phonenumbers
import sqlalchemy as sa
from alembic import op
from flask import current_app, has_app_context

from registry import link_index

# revision identifiers, used by Alembic.
revision = '0019_link_keys'
down_revision = '0018_search_words_gist'
branch_labels = None
depends_on = None
BATCH = 1000


# As registry.services (migrations import no app services): normalise, id_key, phone_key and link_keys.
def normalise(text):
    decomposed = unicodedata.normalize('NFKD', text or '')
    plain = ''.join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return ' '.join(''.join(c if c.isalnum() else ' ' for c in plain).split())


def id_key(number):
    return re.sub(r'[^0-9A-Z]', '', (number or '').upper())


def phone_key(number, region):
    try:
        parsed = phonenumbers.parse(number or '', region)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return re.sub(r'\D', '', number or '')


def link_keys(agency, people, region):
    keys = {('registration', id_key(agency.registration_number))}
    keys |= {('phone', k) for k in (phone_key(agency.phone, region), phone_key(agency.complaints_officer_phone, region))
             if len(k) >= 7}
    keys |= {('email', e.strip().lower()) for e in (agency.email, agency.complaints_officer_email) if '@' in (e or '')}
    address = normalise(agency.address)
    if len(address) >= 8:
        keys.add(('address', address))
    for person in people:
        keys.add(('person_id', id_key(person.id_number)))
        keys |= {(link_index.PERSON_WORD, word) for word in normalise(person.name).split()}
    return {(kind, key[:254]) for kind, key in keys if key}


def backfill(conn):
    region = current_app.config.get('PHONE_REGION', 'UG') if has_app_context() else 'UG'
    people = {}
    for person in conn.execute(sa.text('SELECT agency_id, name, id_number FROM agency_people')):
        people.setdefault(person.agency_id, []).append(person)
    rows = []
    for agency in conn.execute(sa.text('SELECT id, registration_number, phone, complaints_officer_phone, email, '
                                       'complaints_officer_email, address FROM agencies ORDER BY id')):
        rows += [{'agency_id': agency.id, 'kind': kind, 'key': key}
                 for kind, key in sorted(link_keys(agency, people.get(agency.id, []), region))]
    keys = sa.table('agency_keys', sa.column('agency_id', sa.Integer), sa.column('kind', sa.String),
                    sa.column('key', sa.String))
    for start in range(0, len(rows), BATCH):
        conn.execute(keys.insert(), rows[start:start + BATCH])


def upgrade():
    op.create_table('agency_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_keys_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_keys'))
    )
    op.create_index(op.f('ix_agency_keys_agency_id'), 'agency_keys', ['agency_id'], unique=False)
    op.create_index('ix_agency_keys_kind_key', 'agency_keys', ['kind', 'key'], unique=False)
    conn = op.get_bind()
    backfill(conn)
    # the trigram index of people's name words, kept by the database; the keys just written are indexed too
    for statement in link_index.INDEX.statements(conn.dialect.name, fill=True):
        op.execute(statement)


def downgrade():
    for statement in link_index.INDEX.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_index('ix_agency_keys_kind_key', table_name='agency_keys')
    op.drop_index(op.f('ix_agency_keys_agency_id'), table_name='agency_keys')
    op.drop_table('agency_keys')
