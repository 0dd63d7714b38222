"""Worker pages: accessible basics (WCAG 2.1 AA), small on the wire, usable without JavaScript."""
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

LIMIT_BYTES = 60 * 1024
STATIC = Path(__file__).resolve().parents[2] / "portal" / "static"


class PageFacts(HTMLParser):
    """What an accessibility check needs from a page: controls, labels, headings, links, images."""

    def __init__(self):
        super().__init__()
        self.html_attrs, self.labels_for, self.controls, self.headings = {}, set(), [], []
        self.images_without_alt, self.empty_links, self.stylesheets = [], [], []
        self._open_link, self._link_text, self._label_depth = None, "", 0
        self._in_heading, self.heading_text = None, ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        elif tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.labels_for.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            self.controls.append((a.get("id"), a.get("aria-label"), self._label_depth > 0, a.get("name")))
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "img" and "alt" not in a:
            self.images_without_alt.append(a.get("src"))
        elif tag == "a":
            self._open_link, self._link_text = a.get("href"), ""
        elif tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheets.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1
        elif tag == "a" and self._open_link is not None:
            if not self._link_text.strip():
                self.empty_links.append(self._open_link)
            self._open_link = None

    def handle_data(self, data):
        if self._open_link is not None:
            self._link_text += data


def facts(html: str) -> PageFacts:
    parser = PageFacts()
    parser.feed(html)
    return parser


def worker_urls(make_agency) -> list[str]:
    licensed = make_agency("Pearl Horizon Recruitment Ltd")
    suspended = make_agency("Nile Crest Manpower Services", status="suspended")
    urls = ["/", "/agencies", "/agencies?q=perl", "/agencies?q=nothing+like+it", f"/agencies/{licensed.public_id}",
            f"/agencies/{suspended.public_id}", f"/agencies/{licensed.public_id}/certificate", "/no-such-page"]
    return urls


@pytest.fixture
def pages(client, make_agency, app):
    urls = worker_urls(make_agency)
    for endpoint in ("contracts.check", "grievances.file", "grievances.track"):
        if endpoint in app.view_functions:
            with app.test_request_context():
                from flask import url_for

                urls.append(url_for(endpoint))
    return {url: client.get(url) for url in urls}


def test_every_control_has_a_label(pages):
    for url, response in pages.items():
        page = facts(response.get_data(as_text=True))
        for control_id, aria_label, wrapped, name in page.controls:
            assert wrapped or aria_label or control_id in page.labels_for, f"{url}: {name} has no label"


def test_language_headings_links_images(pages):
    for url, response in pages.items():
        page = facts(response.get_data(as_text=True))
        assert page.html_attrs.get("lang") and page.html_attrs.get("dir") in ("ltr", "rtl"), url
        assert page.headings and page.headings[0] == 1 and page.headings.count(1) == 1, f"{url}: one h1 first"
        steps = zip(page.headings, page.headings[1:], strict=False)
        assert all(b - a <= 1 for a, b in steps), f"{url}: heading levels skip"
        assert not page.images_without_alt, url
        assert not page.empty_links, f"{url}: links without text {page.empty_links}"


def _size(client, href: str) -> int:
    response = client.get(href)
    try:
        return len(response.get_data())
    finally:
        response.close()


def test_pages_are_small_and_need_no_javascript(pages, client):
    for url, response in pages.items():
        html = response.get_data()
        page = facts(html.decode())
        css = sum(_size(client, href) for href in page.stylesheets)
        assert len(html) + css < LIMIT_BYTES, f"{url}: {len(html) + css} bytes of HTML and CSS"
        assert b"<script" not in html, url


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fg: str, bg: str) -> float:
    high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_colours_meet_aa_contrast():
    css = (STATIC / "portal.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    pairs = [("ink", "bg"), ("muted", "bg"), ("accent", "bg"), ("ok", "ok-bg"), ("warn", "warn-bg"),
             ("bad", "bad-bg"), ("ink", "info-bg"), ("bad", "bg")]
    for fg, bg in pairs:
        assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)
    assert contrast("#ffffff", colours["accent"]) >= 4.5  # header and buttons


def _ids_and_references(html: str) -> tuple[set[str], list[tuple[str, str]], list[str]]:
    """Every id on the page, (control, described-by id) pairs, and the error summary's link targets."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    described = []
    for tag in re.findall(r"<(?:input|select|textarea|fieldset)\b[^>]*>", html):
        control, refs = re.search(r'\bid="([^"]+)"', tag), re.search(r'aria-describedby="([^"]+)"', tag)
        if control and refs:
            described += [(control.group(1), ref) for ref in refs.group(1).split()]
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    links = re.findall(r'href="#([^"]+)"', summary.group(0)) if summary else []
    return ids, described, links


@pytest.mark.parametrize("url", ["/grievances/new", "/contracts/check", "/grievances/track"])
def test_hints_are_tied_to_their_inputs(client, url):
    html = client.get(url).get_data(as_text=True)
    ids, described, _links = _ids_and_references(html)
    hints = re.findall(r'class="hint" id="([^"]+)"', html)
    assert hints, url
    tied = {ref for _control, ref in described}
    assert set(hints) <= tied, f"{url}: hints not tied to an input: {set(hints) - tied}"
    assert tied <= ids


def test_the_error_summary_links_to_each_field_to_correct(client):
    html = client.post("/grievances/new", data={"filer_type": "worker"}).get_data(as_text=True)
    ids, _described, links = _ids_and_references(html)
    assert len(links) >= 2 and set(links) <= ids, links
    assert all(f"{link}-error" in ids for link in links), links


def test_language_switcher_targets_are_44_px():
    css = (STATIC / "portal.css").read_text()
    rule = re.search(r"nav\.languages a, nav\.languages strong \{([^}]*)\}", css).group(1)
    assert "min-height: 44px" in rule and "min-width: 44px" in rule
