"""Harden nbgrader's formgrader against the trainee content it shows (a Jupyter server extension).

The formgrader renders trainees' notebooks in the trainer's browser, in the origin that holds
the trainer's session. nbgrader 0.9 puts the submission's HTML outputs and markdown into the
page as they are, renders its page templates without HTML escaping (``manage_students/<id>``
echoes the id from the URL), and its only Content-Security-Policy is ``frame-ancestors``. Loaded
into the formgrader's server, this extension changes nbgrader's handlers in place:

- **strict CSP** on every formgrader page: scripts only with the page's own random nonce (given
  to nbgrader's template scripts when the template is loaded, never to anything in a notebook),
  no inline event handlers, no plugins, frames or form posts elsewhere, connections only back
  to this server; files served from a submission get ``sandbox`` (no script, unique origin);
- **escaped templates**: nbgrader's page templates render with Jinja autoescaping, so an id in
  the URL cannot become markup; ``/formgrader?path=`` (loads nbgrader config from any folder)
  is refused;
- **sanitized notebooks**: the formgrade view renders a copy of the notebook cleaned by
  :func:`grading.feedback.sanitize.sanitize_notebook` (no script, handler, iframe or ``javascript:``
  URL), with nbgrader cell ids that are not plain names dropped;
- **no grading from the formgrader**: *Collect* and *Autograde* would run nbgrader's plain
  collect (which trusts the name in an inbound folder) and autograde (trainee code as the
  grader); both answer with what to run instead (``grade_hub.py`` on the hub, ``make grade``
  on a trainer's own machine).

Enable with ``ServerApp.jpserver_extensions = {"formgrader_guard": True}`` next to nbgrader's
(``make formgrader``), or start the server as ``python -m formgrader_guard [server options]``
(the hub's formgrader service): then a guard that cannot be imported stops the formgrader
instead of leaving it unguarded, which an extension that fails to load would do.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from typing import Any

import nbformat
from jinja2 import BaseLoader, Environment, FileSystemLoader
from nbconvert.exporters import HTMLExporter
from nbformat import NotebookNode
from tornado import web

from grading.feedback.sanitize import sanitize_notebook

GRADING_COMMAND = (
    "`sudo deploy/jupyterhub/grade_hub.py --module MODULE` on the hub, or `make grade` "
    "(python -m grading collect, then autograde) on your own machine"
)
SAFE_ID = re.compile(r"[A-Za-z0-9_.-]{1,100}")
_SCRIPT_TAG = re.compile(r"<script(?=[\s>])", re.IGNORECASE)
_BIND_CLICKS = (
    "$(document).on('click', '[data-pst-click]', function () {"
    " var action = $(this).data('pst-click');"
    " if (action === 'all-names') { toggleAllNames(); } else { toggle_name(action === 'show'); }"
    " });"
)
_TOOLTIPS = "$('span.glyphicon.name-hidden').tooltip("
#: nbgrader's inline handlers (blocked by the CSP) and what replaces them.
CLICK_HANDLERS = {
    'onclick="toggle_name(true);"': 'data-pst-click="show"',
    'onclick="toggle_name(false);"': 'data-pst-click="hide"',
    'onclick="toggleAllNames()"': 'data-pst-click="all-names"',
    "$('span.glyphicon.name-hidden').tooltip(": _BIND_CLICKS
    + "\n$('span.glyphicon.name-hidden').tooltip(",
    "</body>": f"<script>{_BIND_CLICKS}</script>\n</body>",
}
SUBMISSION_FILE_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'self'"


def page_policy(nonce: str) -> str:
    """The Content-Security-Policy of a formgrader page whose own scripts carry `nonce`."""
    return "; ".join(
        [
            f"script-src 'nonce-{nonce}'",
            "default-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "frame-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


class NonceLoader(BaseLoader):
    """Loads trusted templates: each ``<script`` tag gets the page's nonce, and nbgrader's
    three inline ``onclick`` handlers become listeners bound by a nonced script."""

    def __init__(self, inner: BaseLoader, names: set[str] | None = None, expression: str = ""):
        self.inner, self.names, self.expression = inner, names, expression

    def get_source(self, environment: Environment, template: str) -> Any:
        source, filename, uptodate = self.inner.get_source(environment, template)
        if self.names is None or template in self.names:
            for old, new in CLICK_HANDLERS.items():
                source = source.replace(old, new)
            source = _SCRIPT_TAG.sub(f'<script nonce="{{{{ {self.expression} }}}}"', source)
        return source, filename, uptodate


class SanitizingExporter(HTMLExporter):
    """nbgrader's formgrade exporter on a sanitized copy of the notebook, with nonced scripts."""

    def from_notebook_node(
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        safe = sanitize_notebook(nbformat.from_dict(json.loads(json.dumps(nb))))
        for cell in safe.cells:
            grading = cell.get("metadata", {}).get("nbgrader")
            if grading is not None and not SAFE_ID.fullmatch(str(grading.get("grade_id", ""))):
                del cell.metadata["nbgrader"]
        return super().from_notebook_node(safe, resources, **kw)


def _escaped(resources: dict[str, Any]) -> dict[str, Any]:
    return {k: html.escape(v) if isinstance(v, str) else v for k, v in resources.items()}


class _Exporter:
    """What nbgrader's SubmissionHandler calls: the guarded exporter with the request's nonce."""

    def __init__(self, exporter: SanitizingExporter, nonce: str) -> None:
        self.exporter, self.nonce = exporter, nonce

    def from_filename(self, filename: str, resources: dict[str, Any]) -> tuple[str, Any]:
        return self.exporter.from_filename(
            filename, resources=_escaped(resources) | {"csp_nonce": self.nonce}
        )


def _make_exporter(settings: dict[str, Any]) -> SanitizingExporter:
    from nbgrader.server_extensions.formgrader import handlers

    original = settings["nbgrader_exporter"]
    macros = NonceLoader(
        FileSystemLoader([f"{handlers.template_path}/formgrade"]),
        names={"formgrade_macros.html.j2"},
        expression="resources.csp_nonce",
    )
    return SanitizingExporter(
        config=original.config,
        template_name="formgrade",
        extra_template_basedirs=[handlers.template_path],
        extra_loaders=[macros],
    )


def _refuse_grading(self: Any, *args: Any) -> None:
    self.set_status(403)
    self.finish(
        json.dumps(
            {
                "success": False,
                "error": "Collect and Autograde are switched off in this formgrader: they would "
                f"run trainee code as the grader. Run {GRADING_COMMAND} instead.",
            }
        )
    )


def install() -> None:
    """Change nbgrader's formgrader handler classes (once per process)."""
    from nbgrader.server_extensions.formgrader import apihandlers, base, handlers

    if getattr(base.BaseHandler, "_pst_guarded", False):
        return
    environment = Environment(
        loader=NonceLoader(FileSystemLoader([handlers.template_path]), expression="csp_nonce"),
        autoescape=True,
    )

    def csp_nonce(self: Any) -> str:
        return self.__dict__.setdefault("_pst_nonce", secrets.token_urlsafe(18))

    def content_security_policy(self: Any) -> str:
        if isinstance(self, web.StaticFileHandler):
            return SUBMISSION_FILE_POLICY
        return page_policy(self.csp_nonce)

    def render(self: Any, name: str, **namespace: Any) -> str:
        return environment.get_template(name).render(csp_nonce=self.csp_nonce, **namespace)

    def exporter(self: Any) -> _Exporter:
        guarded = self.settings.get("pst_guarded_exporter")
        if guarded is None:
            guarded = self.settings["pst_guarded_exporter"] = _make_exporter(self.settings)
        return _Exporter(guarded, self.csp_nonce)

    original_get = handlers.FormgraderHandler.get

    def formgrader_get(self: Any) -> Any:
        if self.get_argument("path", ""):
            raise web.HTTPError(400, "The formgrader does not load configuration from ?path=.")
        return original_get(self)

    base.BaseHandler.csp_nonce = property(csp_nonce)
    base.BaseHandler.content_security_policy = property(content_security_policy)
    base.BaseHandler.render = render
    base.BaseHandler.exporter = property(exporter)
    handlers.FormgraderHandler.get = formgrader_get
    apihandlers.CollectHandler.post = _refuse_grading
    apihandlers.AutogradeHandler.post = _refuse_grading
    base.BaseHandler._pst_guarded = True


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "formgrader_guard"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    install()
    serverapp.log.info("formgrader_guard: strict CSP, escaped templates, sanitized submissions")


if __name__ == "__main__":
    import sys

    from jupyterhub.singleuser import main

    install()
    sys.exit(main())
