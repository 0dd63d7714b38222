"""What a phone on a slow network downloads: compressed pages, static files asked for once, the script font
only where the page's language needs it, and a favicon."""
import re

import pytest

from tests.factories import text


def _stylesheet_url(page: str) -> str:
    return re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)


def test_pages_and_stylesheets_are_compressed(client):
    page = client.get("/agencies", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] in ("br", "gzip")
    css = client.get(_stylesheet_url(text(client.get("/agencies"))), headers={"Accept-Encoding": "gzip"})
    assert css.headers["Content-Encoding"] == "gzip"


def test_static_files_have_versioned_urls_kept_for_a_year(client):
    url = _stylesheet_url(text(client.get("/")))
    assert re.search(r"portal\.css\?v=[0-9a-f]{10}$", url)
    response = client.get(url)
    assert response.status_code == 200 and "max-age=31536000" in response.headers["Cache-Control"]
    font = client.get("/static/fonts/NotoSansEthiopic-Common.woff2")
    font.close()
    assert font.status_code == 200 and "max-age=31536000" in font.headers["Cache-Control"]


def test_the_favicon_is_there(client):
    response = client.get("/favicon.ico")
    response.close()
    assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"
    assert 'rel="icon"' in text(client.get("/"))


def test_a_script_font_is_named_only_for_its_own_language(client):
    css = client.get(_stylesheet_url(text(client.get("/")))).get_data(as_text=True)
    html_rule = re.search(r"(?m)^html \{ font-family: ([^;]+);", css).group(1)
    assert "Portal Ethiopic" not in html_rule and "Portal Arabic" not in html_rule
    assert re.search(r'html:lang\(am\) \{ font-family: "Portal Ethiopic"', css)
    assert re.search(r'html:lang\(ar\) \{ font-family: "Portal Arabic"', css)
    # the switcher's own names: the system font, and for "አማርኛ" a font of its four letters only (a phone
    # without an Ethiopic font would show empty boxes where a worker looks for her language)
    switcher = re.search(r"nav\.languages a, nav\.languages strong \{([^}]*)\}", css).group(1)
    assert 'font-family: "Portal Amharic name", system-ui' in switcher
    name_font = re.search(r'font-family: "Portal Amharic name";[^}]*unicode-range: ([^;]+);', css).group(1)
    assert sorted(name_font.split(", ")) == sorted(f"U+{ord(letter):04X}" for letter in "አማርኛ")
    assert css.count('format("woff2")') == 4 and css.count("local(") == 8


@pytest.mark.parametrize("language", ["am", "ar"])
def test_each_page_language_is_marked_for_its_font(client, language):
    client.get(f"/language/{language}")
    assert f'<html lang="{language}"' in text(client.get("/"))
