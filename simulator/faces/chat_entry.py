"""The role-play's text box and Send button: only Enter or Send sends, never leaving the box.

An ipywidgets `Text` with ``continuous_update=False`` syncs its value when the box loses focus,
so a value observer sends half-typed text when someone clicks elsewhere; its Enter event
(`on_submit`) is deprecated in ipywidgets 8. This anywidget keeps the typed text in the browser
and sends a ``{"event": "submit", "text": ...}`` message on Enter or Send only.

The kernel answers each submit with ``{"event": "ack"}``; then the text sent leaves the box, but
not what was typed after it (the box is enabled again just before the ack arrives, and a quick
typist starts the next turn). When no answer comes within `ACK_SECONDS` (the kernel restarted,
stopped or is stuck), the widget says so in an alert and keeps the typed text, so nothing is
lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

ACK_SECONDS = 10

ESM = """
let counter = 0;
function render({ model, el }) {
  const row = document.createElement("div");
  row.className = "pstl-entry";
  const label = document.createElement("label");
  const input = document.createElement("input");
  input.type = "text";
  input.id = "pstl-entry-" + (++counter) + "-" + Math.random().toString(36).slice(2);
  label.htmlFor = input.id;
  const send = document.createElement("button");
  send.type = "button";
  send.textContent = "Send";
  send.title = "Send what you typed";
  send.className = "jupyter-button";
  const alert = document.createElement("p");
  alert.className = "pstl-kernel-alert";
  alert.setAttribute("role", "alert");
  let waiting = null;
  let sent = "";
  const submit = () => {
    if (input.disabled || !input.value.trim()) return;
    clearTimeout(waiting);
    sent = input.value;
    try {
      model.send({ event: "submit", text: sent });
    } catch (error) {  // no kernel connection at all any more
      alert.textContent = model.get("no_answer");
      return;
    }
    waiting = setTimeout(() => { alert.textContent = model.get("no_answer"); },
                         model.get("ack_seconds") * 1000);
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing) { event.preventDefault(); submit(); }
  });
  send.addEventListener("click", submit);
  model.on("msg:custom", (message) => {
    if (message.event !== "ack") return;
    clearTimeout(waiting);
    alert.textContent = "";
    // the box is enabled again just before the ack: keep what was typed since, drop the turn sent
    if (message.clear && input.value.startsWith(sent)) input.value = input.value.slice(sent.length);
  });
  const update = () => {
    label.textContent = model.get("label");
    input.placeholder = model.get("placeholder");
    input.disabled = send.disabled = model.get("disabled");
  };
  model.on("change:label", update);
  model.on("change:placeholder", update);
  model.on("change:disabled", update);
  update();
  row.append(label, input, send);
  el.append(row, alert);
}
export default { render };
"""

CSS = """
.pstl-entry { display: flex; gap: 0.5em; align-items: center; width: 100%; }
.pstl-entry label { color: #1a1a1a; white-space: nowrap; }
.pstl-entry input { flex: 1; font-size: 1em; padding: 0.3em; border: 1px solid #767676; }
.pstl-entry input:focus-visible, .pstl-entry button:focus-visible {
  outline: 3px solid #1f4e99; outline-offset: 2px; }
.pstl-kernel-alert:empty { display: none; }
.pstl-kernel-alert { margin: 0.3em 0; padding: 0.3em 0.6em; color: #1a1a1a; background: #fde7e9;
  border-left: 4px solid #a4262c; }
"""


class ChatEntry(anywidget.AnyWidget):
    """A labelled text box with a Send button; `on_submit` callbacks get the text sent."""

    _esm = ESM
    _css = CSS
    label = traitlets.Unicode("You say:").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    ack_seconds = traitlets.Int(ACK_SECONDS).tag(sync=True)
    no_answer = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._callbacks: list[Callable[[str], bool]] = []
        self.on_msg(self._on_message)

    def on_submit(self, callback: Callable[[str], bool]) -> None:
        """Call `callback(text)` when the trainee presses Enter or Send; it returns whether the
        text was used (then the box is cleared)."""
        self._callbacks.append(callback)

    def submit(self, text: str) -> None:
        """Act as if the trainee typed `text` and pressed Enter (for tests and scripts)."""
        self._on_message(self, {"event": "submit", "text": text}, [])

    def _on_message(self, _widget: object, content: dict[str, Any], _buffers: object) -> None:
        if content.get("event") != "submit":
            return
        used = False
        try:
            for callback in self._callbacks:
                used = callback(str(content.get("text", ""))) or used
        finally:
            self.send({"event": "ack", "clear": used})
