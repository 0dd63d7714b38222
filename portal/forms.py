"""What every form shares: select choices, a list of checkboxes, and the login form."""
from flask_wtf import FlaskForm
from wtforms import DecimalField, EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from portal.database import MAX_AMOUNT, is_amount
from portal.text import _l, _ln

_LARGEST = f"{MAX_AMOUNT:,.2f}"
AMOUNT_HINT = _l("Write the amount as a number from 0 to %(max)s, e.g. 1200.50.", max=_LARGEST)


def choices(pairs, blank=None) -> list[SelectChoice]:
    """Select options from (value, label) pairs, with an empty first option when blank is given."""
    items = [SelectChoice("", blank)] if blank is not None else []
    return items + [SelectChoice(str(value), label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (no JavaScript needed on a phone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


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
