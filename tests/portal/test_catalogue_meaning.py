"""What the worker reads means what the English means: each class of mistake a review found, caught for good.

Each test names one class (a reversed limit, "must not" read as "need not", the recruiter confused with
the employer, a masculine command on a worker's page, an affix glued to a code) and checks every message
of the catalogue, so that the next instance fails too.
"""
import re

import pytest
from babel.messages.extract import extract_from_dir

from tests.portal.test_translations import CATALOGUES, KEYWORDS, LANGUAGES, ROOT, catalogue

WORKER_SOURCES = re.compile(
    r"grievances/templates/grievances/(file|filed|track|my_case|_macros)\.html"
    r"|registry/templates/registry/(search|profile|_verdict|_certificate_body|certificate)\.html"
    r"|contracts/templates/contracts/(check|public|_public_terms|print)\.html"
    r"|portal/templates/(base|home|error|agency_profile)\.html|grievances/forms\.py"
)
ETHIOPIC = "\u1200-\u135a"  # letters, not the punctuation ፣ ። ፦
PLACEHOLDER = r"%\(\w+\)[sd]"


def translations(language: str) -> list[tuple[str, str]]:
    """(English, translation) for every message; each plural form separately."""
    pairs = []
    for message in catalogue(language):
        if not message.id:
            continue
        english = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(english, s) for s in strings]
    return pairs


def worker_messages() -> set[str]:
    """English messages that appear on the pages a worker reads."""
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    found = set()
    for package in ("portal", "registry", "contracts", "grievances"):
        for filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / package), method_map, keywords=KEYWORDS
        ):
            if WORKER_SOURCES.search(f"{package}/{filename}"):
                found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.fixture(scope="module")
def on_worker_pages():
    return worker_messages()


def test_kiswahili_limits_say_at_most_not_more():
    """"N zaidi" is "N more": a limit must read "not exceeding N" (-sizidi / si zaidi ya)."""
    wrong = [(en, sw) for en, sw in translations("sw") if "at most" in en
             and re.search(r"(\d|%\(\w+\)d) zaidi", sw)]
    assert not wrong, wrong


def test_kiswahili_recruiting_is_not_employing():
    """-ajiri is "employ": a worker asked who recruited her would name her employer."""
    wrong = [(en, sw) for en, sw in translations("sw") if re.search(r"\brecruit(ed|ing|er|s)?\b", en)
             and re.search(r"ajiri", sw)]
    assert not wrong, wrong


def test_arabic_recruiting_is_not_employing():
    wrong = [(en, ar) for en, ar in translations("ar") if re.search(r"\brecruit(ed|s)?\b", en)
             and re.search(r"وظّف|يوظّف|توظّف", ar)]
    assert not wrong, wrong


def test_arabic_must_not_is_forbidden_not_optional():
    """«لا يجب» reads "is not required"; a prohibition is «لا يجوز»."""
    wrong = [(en, ar) for en, ar in translations("ar") if "لا يجب" in ar]
    assert not wrong, wrong


MASCULINE_COMMANDS = ("اختر", "اكتب", "أدخل", "تحقق من", "احتفظ", "اذكر", "أضف", "اترك", "تابع", "اتصل",
                      "ابحث", "راجع", "استخدم", "انظر", "اذهب", "امسح", "افتح", "أخبرنا", "قارن", "راسل",
                      "لا تدفع", "لا توقّع", "لا تسافر", "صوّر", "أرسل")


def test_arabic_worker_pages_use_no_masculine_command(on_worker_pages):
    """Policy in ar/GLOSSARY.md: «يُرجى» + verbal noun or an impersonal form, never «اكتب» or «اختر»."""
    words = re.compile(r"(^|[\s:«(،.؛])(" + "|".join(MASCULINE_COMMANDS) + r")(\s|$)")
    wrong = [(en, ar) for en, ar in translations("ar") if en in on_worker_pages and words.search(ar)]
    assert not wrong, wrong


def test_arabic_self_descriptions_include_women():
    """The options a worker ticks about herself name her in the feminine too."""
    wrong = [(en, ar) for en, ar in translations("ar") if en.startswith(("I am ", "I represent the worker"))
             and not re.search(r"ة(\s|$|\))", ar)]
    assert not wrong, wrong


AMHARIC_SHORT_COMMANDS = ("ላክ", "ተመለስ", "ክፈት", "ውጣ", "አሳየኝ", "ፈልግ", "አረጋግጥ", "ጻፍ", "ምረጥ")


def test_amharic_worker_buttons_are_polite(on_worker_pages):
    """Policy in am/GLOSSARY.md: a worker's page uses the polite form (ይላኩ), never the short masculine (ላክ)."""
    words = re.compile(r"(^|\s)(" + "|".join(AMHARIC_SHORT_COMMANDS) + r")(\s|$|።)")
    wrong = [(en, am) for en, am in translations("am") if en in on_worker_pages and words.search(am)]
    assert not wrong, wrong


def test_amharic_withdrawn_does_not_read_raised():
    wrong = [(en, am) for en, am in translations("am") if "withdr" in en.lower() and "ተነስ" in am]
    assert not wrong, wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_affix_is_glued_to_a_code_or_address(language):
    """A worker copies what she sees: "%(url)sን" would be typed as part of the address."""
    glued = re.compile(rf"{PLACEHOLDER}[{ETHIOPIC}\w]|[{ETHIOPIC}]%\((url|ref|code|number|registration)\)s")
    wrong = [(en, text) for en, text in translations(language) if glued.search(text)]
    assert not wrong, wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_records_the_review_and_the_gender_policy(language):
    glossary = (CATALOGUES / language / "GLOSSARY.md").read_text()
    assert "## Gender and register policy" in glossary
    assert "## Review record" in glossary and "native speaker should still review" in glossary
    header = (CATALOGUES / language / "LC_MESSAGES" / "messages.po").read_text().split("msgid", 1)[0]
    assert "Reviewed" in header and "native speaker should still review" in header


def test_french_agrees_with_the_worker_inclusively():
    """"L'agence qui vous a recruté" speaks to a man: the participle agreeing with "vous" is written inclusively
    ("recruté(e)"), as the glossary's gender policy says."""
    masculine = re.compile(r"\bvous (?:a|avez|êtes|ont) (?:\w+ )?(?:recruté|envoyé|enfermé|blessé|inscrit|licencié)\b"
                           r"(?!\(e\))")
    wrong = [(en, text) for en, text in translations("fr") if masculine.search(text)]
    assert not wrong, wrong
