"""The browser side of an app page: its own storage, file download and upload, and the screen width.

One small anywidget per page. In the browser it:

* reads the current household from ``localStorage`` when the page opens and
  sends it to Python (``restored``), and writes it back whenever Python
  changes ``stored``: the household lives in the person's browser, so a
  reload, a Back, a closed tab or a server restart loses nothing and a
  classroom server keeps no one's figures; a change made in another tab of
  the same browser arrives as ``restored`` too;
* keeps, under a second key, what each app's own fields hold beyond the
  household (a loan being compared, the events being tried), so that those
  survive a reload too;
* offers "Salva" (Python sends the file's name and text, the browser
  downloads it) and "Apri" (the browser reads the chosen file and sends its
  text, refusing files over :data:`MAX_FILE_BYTES` before reading them);
* reports the page's width, so that charts are drawn for a phone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anywidget
import traitlets

from oltre_finance.io.household_file import MAX_FILE_BYTES

__all__ = ["APPS_KEY", "STORAGE_KEY", "PageBridge"]

#: The ``localStorage`` keys of the current household and of the apps' own fields (one per browser and server).
STORAGE_KEY = "oltre_finance.household.v1"
APPS_KEY = "oltre_finance.apps.v1"

_ESM = """
function render({ model, el }) {
  const key = model.get("storage_key");
  const appsKey = model.get("apps_key");
  const read = (name) => { try { return window.localStorage.getItem(name); } catch (e) { return null; } };
  const write = (name, text) => {
    try {
      if (text) window.localStorage.setItem(name, text); else window.localStorage.removeItem(name);
    } catch (e) { report("storage_failed"); }
  };
  const report = (kind, extra) => model.send(Object.assign({ kind }, extra || {}));

  model.on("change:stored", () => write(key, model.get("stored")));
  model.on("change:apps_stored", () => write(appsKey, model.get("apps_stored")));
  window.addEventListener("storage", (event) => {
    if (event.key === key) report("restored", { text: event.newValue, elsewhere: true });
  });

  const bar = document.createElement("div");
  bar.className = "of-file-buttons";
  const save = document.createElement("button");
  save.type = "button";
  save.className = "of-save jupyter-button";
  save.textContent = "Salva";
  save.title = "Scarica il file della famiglia su questo dispositivo";
  save.addEventListener("click", () => report("save"));

  const input = document.createElement("input");
  input.type = "file";
  input.accept = ".json,application/json";
  input.className = "of-open-input";
  input.hidden = true;  // the "Apri un file" button opens it
  const open = document.createElement("button");
  open.type = "button";
  open.className = "of-open jupyter-button";
  open.textContent = "Apri un file";
  open.title = "Apri un file della famiglia salvato prima";
  open.addEventListener("click", () => input.click());
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    if (file.size > model.get("max_bytes")) { report("open_failed", { reason: "too_big" }); return; }
    file.text().then(
      (text) => report("opened", { text }),
      () => report("open_failed", { reason: "unreadable" }));
  });
  bar.append(save, open, input);
  el.appendChild(bar);

  model.on("msg:custom", (message) => {
    if (message.kind !== "download") return;
    const blob = new Blob([message.text], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = message.name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  });

  let timer = null;
  const width = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { model.set("width", window.innerWidth); model.save_changes(); }, 250);
  };
  window.addEventListener("resize", width);
  model.set("width", window.innerWidth);
  model.save_changes();
  report("restored", { text: read(key), apps: read(appsKey) });
}
export default { render };
"""

_CSS = """
.of-file-buttons { display: flex; gap: 0.4em; flex-wrap: wrap; }
.of-file-buttons .jupyter-button { display: inline-flex; align-items: center; padding: 0 1em; height: 2.2em;
  cursor: pointer; border: 1px solid #888; border-radius: 4px; background: #fff; color: #1a1a1a; font-size: 1em; }
"""


class PageBridge(anywidget.AnyWidget):  # type: ignore[misc]
    """Storage, files and width of one page; Python listens with :meth:`on_message`."""

    _esm = _ESM
    _css = _CSS
    storage_key = traitlets.Unicode(STORAGE_KEY).tag(sync=True)
    max_bytes = traitlets.Int(MAX_FILE_BYTES).tag(sync=True)
    apps_key = traitlets.Unicode(APPS_KEY).tag(sync=True)
    #: The household JSON the browser keeps (empty: nothing kept).
    stored = traitlets.Unicode("").tag(sync=True)
    #: The apps' own fields, as JSON ``{app: {field: value}}``.
    apps_stored = traitlets.Unicode("").tag(sync=True)
    #: The page's width in CSS pixels (0 until the browser says).
    width = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._listeners: list[Callable[[dict[str, Any]], None]] = []
        self.on_msg(self._received)

    def on_message(self, callback: Callable[[dict[str, Any]], None]) -> None:
        """``callback(message)`` for each message from the browser: ``{"kind": ..., ...}``."""
        self._listeners.append(callback)

    def download(self, name: str, text: str) -> None:
        """Ask the browser to save ``text`` as a file called ``name``."""
        self.send({"kind": "download", "name": name, "text": text})

    def _received(self, _widget: object, content: object, _buffers: object) -> None:
        if not isinstance(content, dict) or not isinstance(content.get("kind"), str):
            return  # anything else from the page is ignored
        for callback in self._listeners:
            callback(content)
