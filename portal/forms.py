"""What every form shares: select fields and their choices, a list of checkboxes, dates, amounts, and the login
form."""
import itertools
from datetime import date

from babel.dates import get_month_names
from flask_babel import get_locale
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import DateField, DecimalField, EmailField, PasswordField, StringField
from wtforms import SelectField as WTFormsSelectField
from wtforms import SelectMultipleField as WTFormsSelectMultipleField
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget, Select, html_params

from portal.database import MAX_AMOUNT, is_amount
from portal.text import _l, _ln, _lp

_LARGEST = f"{MAX_AMOUNT:,.2f}"
AMOUNT_HINT = _l("Write the amount as a number from 0 to %(max)s, e.g. 1200.50.", max=_LARGEST)


def choices(pairs, blank=None) -> list[SelectChoice]:
    """Select options from (value, label) pairs, with an empty first option when blank is given."""
    items = [SelectChoice("", blank)] if blank is not None else []
    return items + [SelectChoice(str(value), label) for value, label in pairs]


class QuickSelect(Select):
    """WTForms' select, written in one pass: its general writer (inspect.signature at each select, html_params and
    Markup.format at each option) cost about 15 µs an option, 4 ms for the 250 countries many pages offer. Choices
    shared as a tuple of plain text (portal.countries makes one per language) are written once, the chosen marked."""

    _written: dict[int, tuple[tuple, str | None]] = {}  # id → (the choices, their options unchosen, if plain text)

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        flags = {k: getattr(field.flags, k) for k in self.validation_attrs if getattr(field.flags, k, False)}
        options = self._shared(field.choices) if not self.multiple else None
        if options is None:
            groups = field.iter_groups() if field.has_groups() else [(None, field.iter_choices())]
            options = self._written_out(groups)
        elif field.data is not None:  # the chosen value's option, found by its exact text (values are unique)
            unchosen = f'<option value="{escape(field.data)}">'
            options = options.replace(unchosen, unchosen.replace("<option", "<option selected", 1), 1)
        return Markup(f"<select {html_params(name=field.name, **(flags | kwargs))}>{options}</select>")

    def _shared(self, choices) -> str | None:
        """The options of a shared tuple of plain-text choices, none chosen, written once."""
        if not isinstance(choices, tuple):
            return None
        entry = self._written.get(id(choices))
        if entry is None or entry[0] is not choices:
            if len(self._written) >= 256:
                self._written.clear()
            plain = all(isinstance(c, SelectChoice) and type(c.label) is str and not c.render_kw
                        and type(c.value) is str and (c.optgroup is None or type(c.optgroup) is str) for c in choices)
            entry = self._written[id(choices)] = (choices, self._written_out(_grouped(choices)) if plain else None)
        return entry[1]

    def _written_out(self, groups) -> str:
        """Options, each group of them in its optgroup (None: no group)."""
        written = []
        for group, choices in groups:
            options = "".join(self.render_option(c) for c in choices)
            written.append(f"<optgroup {html_params(label=group)}>{options}</optgroup>" if group is not None
                           else options)
        return "".join(written)

    @classmethod
    def render_option(cls, choice, **kwargs) -> Markup:
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        chosen = " selected" if choice.selected else ""
        label = escape(choice.label) if choice.label is not None else ""  # a lazy label translated once
        return Markup(f'<option{chosen} value="{escape(choice.value)}">{label or escape(choice.value)}</option>')


def _grouped(choices: tuple[SelectChoice, ...]):
    """Shared choices as WTForms groups them: runs of the same optgroup, none chosen."""
    for group, members in itertools.groupby(choices, key=lambda c: c.optgroup):
        yield group, [Choice(c.value, c.label, False, {}) for c in members]


class SelectField(WTFormsSelectField):
    """Every form's single choice (a select)."""

    widget = QuickSelect()


class SelectMultipleField(WTFormsSelectMultipleField):
    """Every form's multiple choice as a select list."""

    widget = QuickSelect(multiple=True)


class MultiCheckboxField(WTFormsSelectMultipleField):
    """A multiple choice shown as checkboxes (no JavaScript needed on a phone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


DATE_HINT = _l("Day, month and year, e.g. 15 March 2027.")


def _date_parts_widget(field, **kwargs) -> Markup:
    """Day, month (by name, in the page's language) and year: the same order whatever the browser's locale,
    where a browser's date box would show 12/01/2027 to one official and 01/12/2027 to another."""
    day, month, year = field.parts()
    shared = {key: value for key, value in kwargs.items() if key.startswith("aria-")}
    months = get_month_names("wide", context="stand-alone", locale=get_locale())
    options = [(str(n), months[n]) for n in range(1, 13)]
    options = "".join(f'<option {html_params(value=value, selected=value == month)}>{escape(name)}</option>'
                      for value, name in [("", _lp("date part", "Month")), *options])
    day_input = html_params(type="text", id=field.id, name=field.name, value=day, inputmode="numeric", maxlength=2,
                            size=2, autocomplete="off", aria_label=_lp("date part", "Day"), **shared)
    month_select = html_params(id=field.id + "-month", name=field.name, aria_label=_lp("date part", "Month"),
                               **shared)
    year_input = html_params(type="text", id=field.id + "-year", name=field.name, value=year, inputmode="numeric",
                             maxlength=4, size=4, autocomplete="off", aria_label=_lp("date part", "Year"), **shared)
    return Markup(f'<span class="date-parts" role="group"><input {day_input}><select {month_select}>{options}'
                  f'</select><input {year_input}></span>')


class DayMonthYearField(DateField):
    """A date typed as day, month chosen by name, and year (three inputs of one name). A single ISO value
    (2027-03-15) is read too, as scripts and the API post it."""

    widget = staticmethod(_date_parts_widget)

    def parts(self) -> tuple[str, str, str]:
        """What the three inputs show: as typed after a refusal, else the date's own parts."""
        if self.raw_data and len(self.raw_data) == 3:
            return tuple(self.raw_data)
        if isinstance(self.data, date):
            return str(self.data.day), str(self.data.month), str(self.data.year)
        return "", "", ""

    def process_formdata(self, valuelist):
        if len(valuelist) != 3:
            return super().process_formdata(valuelist)
        day, month, year = (value.strip() for value in valuelist)
        self.data = None
        if day or month or year:
            try:
                if not (year.isdigit() and len(year) == 4):  # "27" is not 2027, nor the year 27
                    raise ValueError(year)
                self.data = date(int(year), int(month), int(day))
            except ValueError:
                raise ValueError(DATE_HINT) from None

    def validate(self, form, extra_validators=()) -> bool:
        """A date typed but not readable says how to write it (Optional would drop the error when the day is
        left empty, DataRequired would say only that a date is required)."""
        if self.process_errors and any(value.strip() for value in self.raw_data or []):
            self.errors = list(self.process_errors)
            return False
        return super().validate(form, extra_validators)


class AmountField(DecimalField):
    """A sum of money with two decimals: NaN, Infinity, negative or too large a number is refused at the
    field (the database could not keep it)."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, places=2, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not is_amount(self.data):
            self.data = None
            raise ValueError(AMOUNT_HINT)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class CodeForm(FlaskForm):
    code = StringField(_l("Code from your authenticator app, or a recovery code"),
                       validators=[DataRequired(), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"})


class SetPasswordForm(FlaskForm):
    password = PasswordField(_ln("New password (at least %(num)d character)",
                                 "New password (at least %(num)d characters)", 12),
                             validators=[DataRequired(), Length(max=200)])
    password_confirm = PasswordField(
        _l("Type the new password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords are not the same."))],
    )


class PasswordChangeForm(SetPasswordForm):
    """A signed-in user's own change: the new password as set by a link, and the current one."""
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])


class ButtonForm(FlaskForm):
    """A button that posts nothing but its CSRF token (verify, publish, take a case)."""
