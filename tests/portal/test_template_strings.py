"""No template shows words that bypass translation."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for pkg in ("portal", "registry", "contracts", "grievances")
                   for p in (ROOT / pkg).glob("templates/**/*.html"))
JINJA = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.S)
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->|<[^>]+>", re.S | re.I)
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")


def bare_words(source: str) -> list[str]:
    """Text left once Jinja blocks, expressions, tags and entities are removed: it must have no letters."""
    text = ENTITY.sub(" ", TAGS.sub(" ", JINJA.sub(" ", source)))
    return [chunk.strip() for chunk in text.split("\n") if re.search(r"[^\W\d_]", chunk)]


def test_the_checker_catches_bare_words():
    assert bare_words("<p>Hello {{ name }}</p>") == ["Hello"]
    assert bare_words('<p>{{ _("Hello") }} · {{ x }} — 3</p>') == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_text_goes_through_translation(template):
    assert bare_words(template.read_text()) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_script_or_style(template):
    source = template.read_text()
    assert "<script" not in source and "<style" not in source and " style=" not in source


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_lists_are_joined_in_the_pages_language(template):
    """Arabic joins with «،» and «و»: a list goes through format_list, never a Latin comma in the template."""
    source = template.read_text()
    assert 'join(", ")' not in source and "loop.last %}, " not in source
