"""Every catalogue is complete, checked and up to date, and pages really come out in each language."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.factories import grievance_form

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "portal" / "translations"
LANGUAGES = ["sw", "am", "ar", "fr"]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2), "_ln": (1, 2), "pgettext": ((1, "c"), 2), "_lp": ((1, "c"), 2),
            "lazy_pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}


def catalogue(language: str):
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=language)


def source_messages() -> set[tuple[str | None, str]]:
    """Every translatable string in the code and templates with its context, extracted as `make messages` does."""
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    found = set()
    for package in ("portal", "registry", "contracts", "grievances"):
        for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT / package), method_map, keywords=KEYWORDS
        ):
            found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


@pytest.fixture(scope="module")
def extracted():
    return source_messages()


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_every_string_translated_and_none_fuzzy(language, extracted):
    cat = catalogue(language)
    ids = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in cat if m.id}
    missing = sorted(extracted - ids, key=str)
    assert not missing, f"{language}: run `make messages` and translate: {missing[:10]}"
    untranslated = [m.id for m in cat if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert not untranslated, f"{language}: untranslated {untranslated[:10]}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_placeholders_match(language):
    cat = catalogue(language)
    problems = [(m.id, [str(e) for e in errors]) for m, errors in cat.check()]
    assert not problems, problems[:5]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_says_who_made_it_and_asks_for_review(language):
    text = (CATALOGUES / language / "LC_MESSAGES" / "messages.po").read_text()
    assert "native speaker" in text.split("msgid", 1)[0]


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _english_left(text: str, language: str) -> list[str]:
    """English wording of the catalogue (two words or more) found in a page's text."""
    english = [m.id for m in catalogue(language) if isinstance(m.id, str) and len(m.id.split()) >= 2
               and m.string and m.string != m.id and "%(" not in m.id]
    return [sentence for sentence in english if re.search(rf"(?<!\w){re.escape(sentence)}(?!\w)", text)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_worker_pages_come_out_in_the_language(client, make_agency, app, language):
    """No English of the catalogue is left on a worker page shown in another language, including wording
    the system wrote into the database (a licence's history, a grievance's timeline)."""
    licensed = make_agency("Pearl Horizon Recruitment Ltd")
    urls = ["/", "/agencies?q=perl", "/agencies?q=nothing+at+all", f"/agencies/{licensed.public_id}",
            f"/agencies/{licensed.public_id}/certificate", "/no-such-page", "/contracts/check", "/grievances/new",
            "/grievances/track"]
    client.set_cookie("lang", language)
    filed = client.post("/grievances/new", data=grievance_form(agency=licensed.licence.number, language=language))
    assert filed.status_code == 201, filed.get_data(as_text=True)[:300]
    left = _english_left(_visible_text(filed.get_data(as_text=True)), language)
    assert not left, f"{language} confirmation page: still English: {left[:3]}"
    urls.append("/grievances/track/case")
    for url in urls:
        page = client.get(url).get_data(as_text=True)
        assert f'lang="{language}"' in page
        left = _english_left(_visible_text(page), language)
        assert not left, f"{language} {url}: still English: {left[:3]}"


# A number that counts something: a placeholder followed by its noun ("%(n)d days"; not "Version %(n)d is …")
# or digits written into the sentence ("within 2 days").
# A contract clause's bare number placeholder followed by its noun ("{hours_per_week} hours") is one too: the clause
# should use the placeholder that brings its noun in the right plural form ("{working_hours}").
BARE_COUNTS = ("hours_per_week", "weekly_rest_days", "annual_leave_days", "duration_months", "probation_months")
COUNTED = re.compile(r"%\(\w+\)d (?!(?:is|of|once|was)\b)[A-Za-z]"
                     r"|\b\d[\d,.]*[ -](?:days?|hours?|characters?|files?|MB|letters?|months?|years?|weeks?)\b"
                     r"|\{(?:" + "|".join(BARE_COUNTS) + r")\} [A-Za-z]")


def test_the_plural_checker_catches_a_number_in_a_plain_message():
    assert COUNTED.search("Send at most %(n)d files at a time.")
    assert COUNTED.search("A case officer should acknowledge your grievance within 2 days.")
    assert not COUNTED.search("For example GRV-7K4M-9QTD")
    assert not COUNTED.search("Version %(n)d is published.") and not COUNTED.search("At most %(n)d.")
    assert COUNTED.search("Work is at most {hours_per_week} hours a week.")
    assert not COUNTED.search("Working hours: {working_hours}.") and not COUNTED.search("{employer} are liable")


def test_every_message_with_a_number_is_a_plural_message():
    """Arabic has six plural forms and Kiswahili, Amharic and French two: a count needs ngettext (_ln)."""
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    plain = set()
    for package in ("portal", "registry", "contracts", "grievances"):
        for filename, line, message, _comments, _context in extract_from_dir(
            str(ROOT / package), method_map, keywords=KEYWORDS
        ):
            if isinstance(message, str) and COUNTED.search(message):
                plain.add(f"{package}/{filename}:{line}: {message}")
    assert not plain, sorted(plain)


def test_the_standard_contract_clauses_in_the_database_count_in_every_language(client):
    """Database text too: the demo's templates hold the ministry's standard clauses (as a deployment's do), and
    none of their English clauses puts a bare number before its noun."""
    import sqlalchemy as sa

    from contracts.models import TemplateClause
    from portal import demo
    from portal.extensions import db

    demo.load()
    db.session.commit()
    english = db.session.scalars(sa.select(TemplateClause.body).where(TemplateClause.language == "en")).all()
    assert english and not [body for body in english if COUNTED.search(body)]


def test_arabic_says_one_and_two_with_the_noun_itself():
    """Arabic has its own forms for one and two («وكالة واحدة», «وكالتان»): "2 وكالة" is wrong, so the one and
    two forms never put the number before an Arabic noun (a unit such as «ميغابايت» may follow it)."""
    number_then_noun = re.compile(r"%\((?:num|count)\)[ds] (?!ميغابايت)[\u0600-\u06FF]")
    wrong = [(m.id[0], i) for m in catalogue("ar") if isinstance(m.id, tuple)
             for i in (1, 2) if number_then_noun.search(m.string[i])]
    assert not wrong, wrong
