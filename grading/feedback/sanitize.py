"""Make trainee-controlled notebook content safe to show a trainer in a browser.

A submission's outputs, markdown cells and metadata are written by a trainee's code, so a page
that renders them (nbgrader's formgrader, feedback HTML made by nbconvert) must not run anything
they carry. HTML is cleaned with nh3 (the Python binding of the Rust sanitizer Ammonia) on an
allow list: no ``<script>``, ``<style>``, ``<iframe>``, ``<form>``, ``<meta>``, no event-handler
or ``style`` attributes, links only to ``http``, ``https`` or ``mailto`` (never ``javascript:`` or
relative URLs into the trainer's Jupyter server), images only as embedded raster/SVG data (no
request leaves the trainer's machine).

:func:`sanitize_notebook` applies the same rules to a whole notebook in place:

- markdown (cells and ``text/markdown`` outputs): left as written when it holds no raw HTML and
  only safe link and image targets; otherwise replaced by its cleaned HTML rendering;
- ``text/html`` outputs and raw cells: cleaned;
- ``image/svg+xml``: shown through an ``<img>`` data URL, where a browser never runs its scripts;
- ``image/png``/``jpeg``/``gif``/``webp``: kept when they are valid base64, else dropped;
- JavaScript, widget views, JSON and every other rich type: dropped, with a plain-text note when
  nothing else is left to show; notebook widget state is removed;
- output and attachment metadata that nbconvert writes into HTML attributes: only numeric
  ``width``/``height`` survive; cell tags keep only letters, digits, ``-``, ``_`` and ``.``.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

import mistune
import nh3
from nbformat import NotebookNode

__all__ = ["clean_html", "clean_markdown", "sanitize_notebook", "sanitize_output"]

RASTER_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
SAFE_LINK_SCHEMES = ("http", "https", "mailto")
DATA_IMAGE = re.compile(
    r"data:image/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]+", re.IGNORECASE
)
URL_ATTRIBUTES = {"href", "src", "cite", "longdesc", "action", "background", "poster", "srcset"}
SAFE_TAG = re.compile(r"[A-Za-z0-9_.-]{1,100}")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
_PARSE_MARKDOWN = mistune.create_markdown(renderer="ast", plugins=["strikethrough", "table"])
_RENDER_MARKDOWN = mistune.create_markdown(escape=False, plugins=["strikethrough", "table"])


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute not in URL_ATTRIBUTES:
        return value
    if attribute == "src":
        return value if tag == "img" and DATA_IMAGE.fullmatch(value.strip()) else None
    scheme = _SCHEME.match(value)
    return value if scheme and scheme.group(1).lower() in SAFE_LINK_SCHEMES else None


_CLEANER = nh3.Cleaner(
    tags=set(nh3.ALLOWED_TAGS) - {"area", "map"},
    clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "xmp"},
    attributes={tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    url_schemes={*SAFE_LINK_SCHEMES, "data"},
    url_relative="deny",
    strip_comments=True,
    link_rel="noopener noreferrer",
)


def clean_html(markup: str) -> str:
    """``markup`` with everything that could run, restyle the page or call out removed.

    Example: ``clean_html('<b onclick="x()">hi</b><script>x()</script>')`` → ``'<b>hi</b>'``.
    """
    return _CLEANER.clean(markup)


def _safe_target(url: str, *, image: bool) -> bool:
    scheme = _SCHEME.match(url)
    if image:
        return bool(DATA_IMAGE.fullmatch(url.strip())) or url.startswith("attachment:")
    return scheme is None or scheme.group(1).lower() in SAFE_LINK_SCHEMES


def _needs_cleaning(tokens: list[dict[str, Any]]) -> bool:
    for token in tokens:
        kind = token.get("type", "")
        if kind in ("block_html", "inline_html"):
            return True
        url = token.get("attrs", {}).get("url")
        if kind in ("link", "image") and not _safe_target(str(url), image=kind == "image"):
            return True
        if _needs_cleaning(token.get("children", [])):
            return True
    return False


def clean_markdown(source: str) -> str:
    """Markdown left unchanged when harmless, else replaced by its cleaned HTML rendering.

    Harmless means no raw HTML, links only to relative, http(s) or mailto targets and images
    only from embedded data or cell attachments. The replacement is one HTML block with no
    blank line, so a Markdown renderer passes it through without reading Markdown inside it.
    """
    tokens = _PARSE_MARKDOWN(source)
    if (isinstance(tokens, list) and not _needs_cleaning(tokens)) or _is_clean_block(source):
        return source
    cleaned = clean_html(str(_RENDER_MARKDOWN(source)))
    return "<div>\n" + _BLANK_LINES.sub("\n", cleaned).strip() + "\n</div>"


def _is_clean_block(source: str) -> bool:
    """Is ``source`` already what :func:`clean_markdown` makes of hostile markdown?"""
    return (
        source.startswith("<div>\n")
        and not _BLANK_LINES.search(source)
        and clean_html(source) == source
    )


def _valid_base64(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _image_size(metadata: Any) -> dict[str, int | float]:
    if not isinstance(metadata, dict):
        return {}
    return {
        key: metadata[key]
        for key in ("width", "height")
        if isinstance(metadata.get(key), int | float) and not isinstance(metadata[key], bool)
    }


def _clean_bundle(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A MIME bundle with only safe types (cleaned), and the types that were dropped."""
    kept: dict[str, Any] = {}
    dropped = []
    for mime, value in data.items():
        if mime == "text/plain":
            kept[mime] = _text(value)
        elif mime == "text/html":
            kept[mime] = clean_html(_text(value))
        elif mime == "text/markdown":
            kept[mime] = clean_markdown(_text(value))
        elif mime in RASTER_TYPES and _valid_base64(value):
            kept[mime] = "".join(value.split())
        elif mime == "image/svg+xml" and "text/html" not in data:
            svg = base64.b64encode(_text(value).encode("utf-8")).decode("ascii")
            kept["text/html"] = f'<img alt="SVG image" src="data:image/svg+xml;base64,{svg}">'
        elif mime != "image/svg+xml":
            dropped.append(mime)
    return kept, dropped


def sanitize_output(output: NotebookNode) -> NotebookNode:
    """One code-cell output made safe to render (see the module docstring); changed in place."""
    if output.get("output_type") in ("display_data", "execute_result"):
        data, dropped = _clean_bundle(dict(output.get("data", {})))
        if not data:
            data["text/plain"] = f"[output not shown here: {', '.join(dropped) or 'empty'}]"
        output["data"] = data
        metadata = output.get("metadata", {})
        output["metadata"] = {
            mime: size
            for mime in RASTER_TYPES
            if mime in data and (size := _image_size(metadata.get(mime) if metadata else None))
        }
    elif output.get("output_type") == "stream":
        output["text"] = _text(output.get("text", ""))
    return output


def _sanitize_cell(cell: NotebookNode) -> None:
    tags = cell.get("metadata", {}).get("tags")
    if tags is not None:
        cell.metadata["tags"] = [
            tag for tag in tags if isinstance(tag, str) and SAFE_TAG.fullmatch(tag)
        ]
    if cell.cell_type == "markdown":
        cell.source = clean_markdown(_text(cell.source))
    elif cell.cell_type == "raw":
        cell.source = clean_html(_text(cell.source))
    elif cell.cell_type == "code":
        for output in cell.get("outputs", []):
            sanitize_output(output)
    if "attachments" in cell:
        cell.attachments = {
            name: {mime: kept[mime]}
            for name, bundle in dict(cell.attachments).items()
            if isinstance(bundle, dict)
            for kept in [_clean_bundle(dict(bundle))[0]]
            for mime in RASTER_TYPES
            if mime in kept
        }


def sanitize_notebook(notebook: NotebookNode) -> NotebookNode:
    """Make every cell, output and rendered metadata of ``notebook`` safe; changed in place.

    Example: ``sanitize_notebook(nbformat.read(path, as_version=4))`` before exporting to HTML.
    """
    notebook.metadata.pop("widgets", None)
    title = notebook.metadata.get("title")
    if title is not None and not isinstance(title, str):
        notebook.metadata.pop("title")
    for cell in notebook.cells:
        _sanitize_cell(cell)
    return notebook
