"""contract templates: the standard clauses say their numbers with their nouns from plural messages ({duration},
{working_hours}, {weekly_rest}, {paid_leave}, {probation}), so every language counts them right; English clauses
still worded as the old standard text take the new one (and back on downgrade). Clauses a ministry wrote itself
are left as written.

Revision ID: 0015_clause_counts
Revises: 0014_recruiter_index
Create Date: 2026-12-01 19:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_clause_counts'
down_revision = '0014_recruiter_index'
branch_labels = None
depends_on = None

clauses = sa.table('contract_template_clauses', sa.column('language', sa.String), sa.column('body', sa.Text))

# (the standard wording before, the standard wording now): written out here, as migrations must not follow the code.
REWORDED = [
    ("This contract is made between {employer} (the employer) and {worker_name} (the worker), through "
     "{origin_agency} (licence {origin_agency_licence}) and {partner_agency}. The worker is employed as "
     "{job_title} at {place_of_work}, {destination}, from {start_date} for {duration_months} months.",
     "This contract is made between {employer} (the employer) and {worker_name} (the worker), through "
     "{origin_agency} (licence {origin_agency_licence}) and {partner_agency}. The worker is employed as "
     "{job_title} at {place_of_work}, {destination}, from {start_date} for {duration}."),
    ("The employer pays {monthly_wage} every month, in full, into an account in the worker's name. Work is "
     "at most {hours_per_week} hours a week, with {weekly_rest_days} full rest day(s) a week and "
     "{annual_leave_days} days of paid leave a year. Probation lasts at most {probation_months} months.",
     "The employer pays {monthly_wage} every month, in full, into an account in the worker's name. Working "
     "hours: {working_hours}. Rest: {weekly_rest}. Paid leave: {paid_leave}. Probation: at most {probation}."),
]


def _reword(pairs):
    for before, after in pairs:
        op.execute(clauses.update().where(clauses.c.language == 'en', clauses.c.body == before).values(body=after))


def upgrade():
    _reword(REWORDED)


def downgrade():
    _reword([(after, before) for before, after in REWORDED])
