"""Forms of the shell: logging in."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def show_error(form, error, messages: list | None = None) -> None:
    """Put a refused action's message on the form field it names, else in messages (or the form's own errors)."""
    target = getattr(form, error.field, None) if (form is not None and error.field) else None
    if target is not None and isinstance(getattr(target, "errors", None), list):
        target.errors.append(str(error.message))
    else:
        (messages if messages is not None else form.form_errors).append(str(error.message))
