"""Every select of every form is written by portal.forms.QuickSelect (a list of 250 countries is on many
pages), and it writes what WTForms' own Select writes."""
import importlib

import pytest
from flask_babel import force_locale
from wtforms import Form, RadioField, SelectFieldBase
from wtforms import SelectField as WTFormsSelectField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import Select

from portal.forms import MultiCheckboxField, QuickSelect, SelectField, SelectMultipleField
from portal.text import _l
from tests.portal.test_layout import PACKAGES, ROOT

FORM_MODULES = sorted({".".join(p.relative_to(ROOT).with_suffix("").parts) for package in PACKAGES
                       for p in (ROOT / package).rglob("*.py") if "Form)" in p.read_text()})
DRAWN_OTHERWISE = (RadioField, MultiCheckboxField)  # radios and checkboxes, not a select


def _forms(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _forms(sub)


def test_every_select_field_uses_the_quick_select():
    for module in FORM_MODULES:
        importlib.import_module(module)
    slow = [f"{form.__module__}.{form.__name__}.{name}" for form in set(_forms(Form))
            if form.__module__.split(".")[0] in PACKAGES
            for name, value in vars(form).items()
            if getattr(value, "field_class", None) and issubclass(value.field_class, SelectFieldBase)
            and not issubclass(value.field_class, DRAWN_OTHERWISE)
            and not isinstance(value.kwargs.get("widget", value.field_class.widget), QuickSelect)]
    assert FORM_MODULES and slow == [], "use portal.forms.SelectField / SelectMultipleField"


CHOICES = [SelectChoice("", "Choose"), SelectChoice("SA", "Saudi Arabia", optgroup="Common"),
           SelectChoice("AE", "<United> \"Arab\" & Emirates", optgroup="Common"),
           SelectChoice("ZW", "Zimbabwe", optgroup="All"),
           SelectChoice("XX", "Kept", render_kw={"disabled": True}, optgroup="All")]


@pytest.mark.parametrize("data", ["", "SA", "AE"])
def test_the_quick_select_writes_what_wtforms_writes(app, data):
    class Ours(Form):
        country = SelectField("Country", choices=CHOICES)
        several = SelectMultipleField("Countries", choices=CHOICES[1:])

    class Theirs(Form):
        country = WTFormsSelectField("Country", choices=CHOICES, widget=Select())
        several = WTFormsSelectField("Countries", choices=CHOICES[1:], widget=Select(multiple=True))

    ours, theirs = Ours(data={"country": data, "several": [data]}), Theirs(data={"country": data, "several": data})
    assert str(ours.country(class_="wide")) == str(theirs.country(class_="wide"))
    assert str(ours.several()) == str(theirs.several())


def test_shared_choices_are_written_once_and_never_across_languages(app):
    shared = tuple(CHOICES[:4])

    class Ours(Form):
        country = SelectField("Country")

    class Theirs(Form):
        country = WTFormsSelectField("Country", widget=Select())

    for data in ["SA", "", "AE", "SA", "nowhere", "ZW"]:
        ours, theirs = Ours(data={"country": data}), Theirs(data={"country": data})
        ours.country.choices, theirs.country.choices = shared, list(shared)  # as forms set them, after making
        kwargs = {"aria-invalid": "true"} if data == "AE" else {}
        assert str(ours.country(**kwargs)) == str(theirs.country(**kwargs))
    assert QuickSelect._written[id(shared)][1] is not None  # written once
    lazy = Ours()
    lazy.country.choices = (SelectChoice("a", _l("Open")),)  # a label translated when shown is written each time
    with force_locale("fr"):
        french = str(lazy.country())
    with force_locale("sw"):
        assert str(lazy.country()) != french
