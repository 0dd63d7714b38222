"""Every catalogue is complete, checked and up to date, and pages really come out in each language."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "portal" / "translations"
LANGUAGES = ["sw", "am", "ar", "fr"]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2), "_ln": (1, 2), "_lp": ((1, "c"), 2)}


def catalogue(language: str):
    with open(CATALOGUES / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=language)


def source_messages() -> set[str]:
    """Every translatable string in the code and templates, extracted as `make messages` does."""
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    found = set()
    for package in ("portal", "registry", "contracts", "grievances"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / package), method_map, keywords=KEYWORDS
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.fixture(scope="module")
def extracted():
    return source_messages()


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_every_string_translated_and_none_fuzzy(language, extracted):
    cat = catalogue(language)
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in cat if m.id}
    missing = sorted(extracted - ids)
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


@pytest.mark.parametrize("language", LANGUAGES)
def test_worker_pages_come_out_in_the_language(client, make_agency, app, language):
    """No English sentence of the catalogue is left on a worker page shown in another language."""
    licensed = make_agency("Pearl Horizon Recruitment Ltd")
    urls = ["/", "/agencies?q=perl", "/agencies?q=nothing+at+all", f"/agencies/{licensed.id}",
            f"/agencies/{licensed.id}/certificate", "/no-such-page"]
    for endpoint in ("contracts.check", "grievances.file", "grievances.track"):
        if endpoint in app.view_functions:
            with app.test_request_context():
                from flask import url_for

                urls.append(url_for(endpoint))
    english = [m.id for m in catalogue(language) if isinstance(m.id, str) and len(m.id.split()) >= 3
               and m.string and m.string != m.id and "%(" not in m.id]
    client.set_cookie("lang", language)
    for url in urls:
        page = client.get(url).get_data(as_text=True)
        assert f'lang="{language}"' in page
        text = _visible_text(page)
        left = [sentence for sentence in english if sentence in text]
        assert not left, f"{language} {url}: still English: {left[:3]}"
