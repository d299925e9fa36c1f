"""The conversation log: a live region that screen readers announce as messages arrive.

An `ipywidgets.HTML` replaces its whole content on every update, so a `role="log"` inside it is
a *new* live region each time and is not announced. This small anywidget keeps one persistent
`<div role="log" aria-live="polite">` and appends a paragraph per new message (text only, never
HTML), plus two persistent `role="status"` regions: the coach note for the last turn, and a
line for "Saved …" style messages. Both are announced when their text changes.
"""

from __future__ import annotations

import anywidget
import traitlets

ESM = """
function render({ model, el }) {
  const log = document.createElement("div");
  log.className = "pstl-log";
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.tabIndex = 0;
  const coach = document.createElement("div");
  coach.className = "pstl-coach";
  coach.setAttribute("role", "status");
  coach.setAttribute("aria-label", "Coach");
  const status = document.createElement("p");
  status.className = "pstl-status";
  status.setAttribute("role", "status");
  const update = () => {
    log.setAttribute("aria-label", model.get("label"));
    const messages = model.get("messages");
    if (messages.length < log.children.length) log.replaceChildren();
    for (const message of messages.slice(log.children.length)) {
      const line = document.createElement("p");
      line.className = "pstl-message pstl-" + message.role;
      line.dataset.speaker = message.role;
      const who = document.createElement("strong");
      who.textContent = message.speaker + ": ";
      line.append(who, document.createTextNode(message.text));
      log.append(line);
    }
    log.scrollTop = log.scrollHeight;
    status.textContent = model.get("status");
    const note = model.get("coach");
    coach.classList.toggle("pstl-coach-on", note !== "");
    coach.replaceChildren();
    if (note) {
      const label = document.createElement("strong");
      label.textContent = "Coach: ";
      coach.append(label, document.createTextNode(note));
    }
  };
  model.on("change:messages", update);
  model.on("change:label", update);
  model.on("change:status", update);
  model.on("change:coach", update);
  update();
  el.append(log, coach, status);
}
export default { render };
"""

CSS = """
.pstl-log { max-height: 24em; overflow-y: auto; border: 1px solid #767676; padding: 0.5em;
  background: #ffffff; color: #1a1a1a; font-size: 1em; line-height: 1.5; }
.pstl-log:focus-visible { outline: 3px solid #1f4e99; outline-offset: 2px; }
.pstl-message { margin: 0.3em 0; padding: 0.3em 0.5em; border-radius: 0.3em; color: #1a1a1a; }
.pstl-helper { background: #e8f0fe; margin-left: 2em; border-left: 4px solid #1f4e99; }
.pstl-person { background: #f3f3f3; margin-right: 2em; border-left: 4px solid #5c5c5c; }
.pstl-coach-on { margin: 0.3em 0; padding: 0.3em 0.6em; color: #1a1a1a; background: #fff4ce;
  border-left: 4px solid #7a5a00; font-size: 1em; line-height: 1.5; }
.pstl-status { margin: 0.3em 0; color: #1a1a1a; background: #ffffff; min-height: 1.5em; }
"""


class ChatLog(anywidget.AnyWidget):
    """Messages as `{"role": "helper"|"person", "speaker": str, "text": str}`; coach; status."""

    _esm = ESM
    _css = CSS
    messages = traitlets.List(traitlets.Dict()).tag(sync=True)
    label = traitlets.Unicode("Conversation").tag(sync=True)
    coach = traitlets.Unicode("").tag(sync=True)
    status = traitlets.Unicode("").tag(sync=True)
