"""What a phone on a slow network downloads: compressed pages, static files asked for once, the script font
only where the page's language needs it, and a favicon."""
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from babel import Locale

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
    assert css.count('format("woff2")') == 4 and css.count("local(") == 10


@pytest.mark.parametrize("language", ["am", "ar"])
def test_each_page_language_is_marked_for_its_font(client, language):
    client.get(f"/language/{language}")
    assert f'<html lang="{language}"' in text(client.get("/"))


@pytest.mark.parametrize("url", ["/", "/agencies", "/contracts/check", "/grievances/new", "/grievances/track"])
def test_each_worker_page_has_one_stylesheet(client, url):
    """A second render-blocking stylesheet costs a round trip on a slow network: one file per page, holding the
    portal's CSS and the page's own, kept a year under its versioned URL, its fonts addressed from /static/."""
    page = text(client.get(url))
    assert len(re.findall(r'<link rel="stylesheet"', page)) == 1, url
    sheet = _stylesheet_url(page)
    response = client.get(sheet)
    css = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/css"
    assert "max-age=31536000" in response.headers["Cache-Control"] and "html:lang(am)" in css
    fonts = re.findall(r'url\("([^"]+\.woff2)"\)', css)
    assert len(fonts) == 4
    for font in fonts:  # as the browser resolves them, from the stylesheet's own URL
        found = client.get(urljoin("http://localhost" + sheet, font))
        found.close()
        assert found.status_code == 200, font


def test_a_page_with_its_own_css_gets_it_in_the_one_file(client):
    css = client.get(_stylesheet_url(text(client.get("/grievances/new")))).get_data(as_text=True)
    own = (Path(__file__).parents[2] / "grievances" / "static" / "grievances.css").read_text()
    assert css.index(own) > css.index("html:lang(am)")  # after the portal's own rules, which it may refine
    stale = client.get(_stylesheet_url(text(client.get("/grievances/new"))).split("?")[0] + "?v=old")
    assert "max-age" not in stale.headers.get("Cache-Control", "")  # a stale version is not kept a year


FONTS = Path(__file__).parents[2] / "portal" / "static" / "fonts"


def _percent(rule: str, descriptor: str) -> float:
    return float(re.search(rf"{descriptor}: ([\d.]+)%", rule).group(1)) / 100


def test_the_arabic_fallback_takes_the_shipped_fonts_metrics():
    """Until the Arabic font arrives, the fallback is drawn with its line heights (ascent, descent) and about its
    letters' width: when the font swaps in, nothing moves (CLS). Read from the shipped font's own tables."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    css = (Path(__file__).parents[2] / "portal" / "static" / "portal.css").read_text()
    rule = re.search(r'@font-face \{ font-family: "Portal Arabic fallback";([^}]*)\}', css).group(1)
    assert re.search(r'html:lang\(ar\) \{ font-family: "Portal Arabic", "Portal Arabic fallback"', css)
    naskh = ttlib.TTFont(FONTS / "NotoNaskhArabic-Regular.woff")
    em = naskh["head"].unitsPerEm
    scale = _percent(rule, "size-adjust")
    assert _percent(rule, "ascent-override") * scale == pytest.approx(naskh["hhea"].ascent / em, abs=0.005)
    assert _percent(rule, "descent-override") * scale == pytest.approx(-naskh["hhea"].descent / em, abs=0.005)
    assert _percent(rule, "line-gap-override") == 0 and "DejaVu Sans" in rule
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if dejavu.exists():  # the letters' mean advance, Arabic alphabet
        def mean_width(font) -> float:
            cmap, advances = font.getBestCmap(), font["hmtx"]
            letters = [cmap[c] for c in range(0x0627, 0x064B) if c in cmap]
            return sum(advances[g][0] for g in letters) / len(letters) / font["head"].unitsPerEm
        assert scale == pytest.approx(mean_width(naskh) / mean_width(ttlib.TTFont(dejavu)), abs=0.01)


def _code_points(unicode_range: str) -> set[int]:
    points = set()
    for part in unicode_range.split(", "):
        first, _, last = part[2:].partition("-")
        points |= set(range(int(first, 16), int(last or first, 16) + 1))
    return points


def test_every_amharic_letter_the_portal_writes_is_in_the_first_ethiopic_file():
    """An Amharic page loads the second Ethiopic file only for a letter the portal itself never writes (a name a
    worker typed): a translation, or a country, month or day name, that brings a new syllable must bring it into
    the first file too (else every page holding it downloads 30 KB more on a slow network)."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    root = Path(__file__).parents[2]
    css = (root / "portal" / "static" / "portal.css").read_text()
    first = _code_points(re.search(r'NotoSansEthiopic-Common\.woff2.*?unicode-range: ([^;]+);', css, re.S).group(1))
    rest = _code_points(re.search(r'NotoSansEthiopic-Rest\.woff2.*?unicode-range: ([^;]+);', css, re.S).group(1))
    catalogue = (root / "portal" / "translations" / "am" / "LC_MESSAGES" / "messages.po").read_text()
    amharic = Locale("am")  # and the names Babel writes for it: countries, months, days
    names = [*amharic.territories.values(), *(v for width in ("wide", "abbreviated") for v in
                                             [*amharic.months["format"][width].values(),
                                              *amharic.days["format"][width].values()])]
    written = {ord(c) for text in [*re.findall(r'msgstr(?:\[\d\])? "(.*)"', catalogue), *names] for c in text
               if 0x1200 <= ord(c) <= 0x137F}
    assert written <= first, [chr(c) for c in sorted(written - first)]
    assert not first & rest
    glyphs = ttlib.TTFont(FONTS / "NotoSansEthiopic-Common.woff2").getBestCmap()
    assert first <= set(glyphs), [chr(c) for c in sorted(first - set(glyphs))]
