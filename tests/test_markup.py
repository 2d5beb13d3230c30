"""The sanitiser: Markdown in, a small allowlist of HTML out, whatever the input."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from challenge.text.markup import ALLOWED_TAGS, render_markdown

pytestmark = pytest.mark.sqlite_only  # database-independent: the SQLite pass runs it once

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x61;script:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[click](file:///etc/passwd)",
    "![img](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<a href='x' onmouseover='alert(1)'>x</a>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)//",
    '"><script>alert(1)</script>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<object data=javascript:alert(1)></object>",
    '[x](https://example.it "title" onclick="alert(1)")',
    "<details open ontoggle=alert(1)>",
    "```\n</code><script>alert(1)</script>\n```",
    "<!--<img src=x onerror=alert(1)>-->",
]


class ElementCollector(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.elements.append(("!--", {}))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_is_neutralised(payload):
    html = render_markdown(payload)
    for tag, attributes in elements(html):
        assert tag in ALLOWED_TAGS, html
        assert not any(name.startswith("on") or name == "style" for name in attributes), html
        href = attributes.get("href")
        if href is not None:
            assert href.startswith(("https://", "http://", "mailto:")), html


def test_allowed_formatting_survives():
    html = render_markdown("**forte** *corsivo* `codice`\n\n- uno\n- due\n\n> citazione\n\n1. primo")
    for tag in (
        "<strong>forte</strong>",
        "<em>corsivo</em>",
        "<code>codice</code>",
        "<li>uno</li>",
        "<blockquote>",
        "<ol>",
    ):
        assert tag in html


def test_links_get_rel_and_keep_safe_schemes():
    html = render_markdown("[sito](https://www.regione.emilia-romagna.it) [scrivi](mailto:urp@comune.bologna.it)")
    assert html.count('rel="nofollow ugc noopener"') == 2
    assert 'href="https://www.regione.emilia-romagna.it"' in html
    assert 'href="mailto:urp@comune.bologna.it"' in html


def test_headings_are_demoted_below_the_page_outline():
    html = render_markdown("# Grande\n\n## Medio")
    assert "<h1>" not in html and "<h2>" not in html
    assert "<h3>Grande</h3>" in html


def test_raw_html_is_shown_as_text():
    assert "&lt;b&gt;" in render_markdown("<b>ciao</b>")


def test_empty_input():
    assert render_markdown("") == ""
