"""Dates are typed as day, month by name and year in every language, whatever the browser's locale."""
import re
from datetime import date

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import DataRequired, Optional

from portal.forms import DayMonthYearField


class Form(FlaskForm):
    class Meta:
        csrf = False

    until = DayMonthYearField("Until", validators=[Optional()])
    starts = DayMonthYearField("Starts", validators=[DataRequired()])


def _post(app, pairs):
    return Form(formdata=MultiDict(pairs))


def test_day_month_by_name_and_year_in_that_order_in_the_page_language(app):
    with app.test_request_context(), force_locale("fr"):
        html = str(Form().starts())
    assert [m for m in re.findall(r'(id="starts(?:-month|-year)?")', html)] == [
        'id="starts"', 'id="starts-month"', 'id="starts-year"']
    assert ">mars<" in html and 'aria-label="Jour"' in html and 'aria-label="Année"' in html
    assert 'type="date"' not in html


def test_three_parts_make_a_date_and_an_iso_value_is_read_too(app):
    with app.test_request_context():
        form = _post(app, [("starts", "5"), ("starts", "3"), ("starts", "2027"), ("until", "2027-12-31")])
        assert form.validate(), form.errors
        assert form.starts.data == date(2027, 3, 5) and form.until.data == date(2027, 12, 31)


@pytest.mark.parametrize("year", ["2027", "27"])
def test_an_impossible_date_is_refused_with_the_parts_as_typed(app, year):
    day = "31" if year == "2027" else "28"
    with app.test_request_context():
        form = _post(app, [("starts", day), ("starts", "2"), ("starts", year)])
        assert not form.validate()
        assert form.starts.errors == ["Day, month and year, e.g. 15 March 2027."]
        html = str(form.starts())
    assert f'value="{day}"' in html and '<option selected value="2">' in html and f'value="{year}"' in html


@pytest.mark.parametrize("parts", [("", "", ""), ("", "4", "2027")])
def test_an_optional_date_left_empty_is_none_and_a_part_missing_is_an_error(app, parts):
    with app.test_request_context():
        form = _post(app, [("starts", "1"), ("starts", "1"), ("starts", "2027")] + [("until", p) for p in parts])
        valid = form.validate()
    assert valid == (parts == ("", "", ""))
    assert form.until.data is None


def test_a_required_date_left_empty_is_refused(app):
    with app.test_request_context():
        form = _post(app, [("starts", ""), ("starts", ""), ("starts", "")])
        assert not form.validate() and form.starts.errors
